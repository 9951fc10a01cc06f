/**
 * The timeline of a trace with many interactions and no selection (mixed-10k: every interaction
 * of the file, thousands of lanes), driven as a person does: it opens with every lane counted,
 * lists for screen readers only the latest links before the cursor, and lists a selection's own.
 */
import { expect, test, type Page } from '@playwright/test';
import { expected, samplePath, watchPage } from './app-helpers';

const FILE = 'mixed-10k.ndjson';

/** Opens `FILE` (after `before`, when given, with the Timeline tab open), waits for every record. */
async function openMixed(page: Page, before?: string): Promise<void> {
  const state = expected(FILE);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/');
  if (before !== undefined) {
    await page.locator('input[type=file]').setInputFiles(samplePath(before));
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await expect(page.getByTestId('timeline')).toBeVisible();
  }
  await page.locator('input[type=file]').setInputFiles(samplePath(FILE));
  const count = `${state.recordCount.toLocaleString('en-US')} of ${state.recordCount.toLocaleString('en-US')} shown`;
  await expect(page.getByTestId('event-count')).toHaveText(count, { timeout: 20_000 });
  if (before === undefined) await page.getByRole('tab', { name: 'Timeline' }).click();
}

test('the timeline of every interaction counts all lanes and lists the latest links before the cursor', async ({ page }) => {
  const { errors } = watchPage(page);
  const state = expected(FILE);
  const lanes = [...state.interactions.values()].reduce((n, ixn) => n + 1 + ixn.parties.size, 0);
  await openMixed(page);

  const timeline = page.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-lanes', String(lanes));
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText(`All interactions · ${lanes.toLocaleString('en-US')} lanes`);
  // The cursor is on the last record: every link is before it, the latest 50 are listed.
  expect(state.links.length).toBeGreaterThan(50);
  const links = page.getByTestId('timeline-links');
  await expect(links.locator('li[data-kind]')).toHaveCount(50);
  await expect(links.locator('li').first()).toHaveText(`${(state.links.length - 50).toLocaleString('en-US')} earlier links not listed: select an interaction to list its own`);
  const last = state.links[state.links.length - 1];
  await expect(links.locator('li[data-kind]').last()).toHaveText(new RegExp(` at record #${last.index + 1}$`));

  // A selection lists its own links, all of them.
  const linked = [...state.interactions.values()].find((ixn) => ixn.links.length > 0)!;
  await page.getByLabel('Filter interactions').fill(linked.id);
  await page.getByRole('listbox', { name: 'Interaction list' }).getByRole('option').first().click();
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText(linked.id);
  await expect(links.locator('li:not([data-kind])')).toHaveCount(0);
  await expect(links.locator('li[data-kind]')).not.toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the timeline of every interaction scrolls to the lanes of the record at the cursor, once per move', async ({ page }) => {
  const { errors } = watchPage(page);
  const state = expected(FILE);
  await openMixed(page);
  const timeline = page.getByTestId('timeline');
  const scrollTop = () => timeline.evaluate((el) => el.scrollTop);
  // The cursor is on the last record: its interaction's lanes are near the end, thousands of px down.
  await expect.poll(scrollTop).toBeGreaterThan(10_000);
  // Home in the table: the first record, whose interaction has the first lanes.
  await page.getByRole('grid', { name: 'Records' }).focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('cursor-position')).toHaveText(`1 / ${state.recordCount.toLocaleString('en-US')}`);
  await expect.poll(scrollTop).toBeLessThan(100);
  // Scrolled away by hand, the lanes stay where they are until the cursor moves again.
  await timeline.evaluate((el) => {
    el.scrollTop = 5000;
  });
  await page.waitForTimeout(300);
  expect(await scrollTop()).toBe(5000);
  await page.getByRole('grid', { name: 'Records' }).focus();
  await page.keyboard.press('End');
  await expect.poll(scrollTop).toBeGreaterThan(10_000);
  expect(errors).toEqual([]);
});

test('the timeline open while a trace loads follows the newest record to its lanes', async ({ page }) => {
  const { errors } = watchPage(page);
  // Its model is made after the other views redraw (a deferred render): the lanes of a record
  // that came in the same batch are revealed once that model has them.
  await openMixed(page, 'consult-transfer.ndjson');
  const timeline = page.getByTestId('timeline');
  await expect.poll(() => timeline.evaluate((el) => el.scrollTop)).toBeGreaterThan(10_000);
  expect(errors).toEqual([]);
});

test('the ladder and the timeline of a call with 60,000 records are made in slices and then show everything', async ({ page }) => {
  const { errors } = watchPage(page);
  const origin = Date.UTC(2026, 10, 24, 9, 0, 0);
  const line = (i: number, name: string, data: Record<string, unknown>) => JSON.stringify({ ts: new Date(origin + i * 10).toISOString(), session: 'S1', name, data: { interactionid: 'LONG-1', ...data } });
  const lines = [line(0, 'interaction.added', { media: 'chat', parties: [{ partyid: 'P1', focusresource: '+1555', partystate: 'established' }] })];
  for (let i = 1; i <= 60_000; i++) lines.push(line(i, 'interaction.partystatechanged', { partyid: `P${2 + (i % 5)}`, focusresource: String(7000 + (i % 5)), partystate: i % 2 ? 'held' : 'established' }));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles({ name: 'long-call.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByTestId('event-count')).toHaveText('60,001 of 60,001 shown', { timeout: 30_000 });
  await page.getByRole('listbox', { name: 'Interaction list' }).getByRole('option').first().click();
  await page.getByRole('tab', { name: 'Ladder' }).click();
  const view = page.getByRole('region', { name: 'Call-flow ladder' });
  await expect(view).toContainText('LONG-1 · 60,001 rows · 7 columns', { timeout: 30_000 });
  const ladder = page.getByTestId('ladder');
  await expect(ladder).toHaveAttribute('aria-rowcount', '60001');
  await ladder.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('ladder-row').first()).toHaveAttribute('data-index', '0');
  await page.keyboard.press('End');
  await expect(page.getByTestId('ladder-row').last()).toHaveAttribute('data-index', '60000');

  // Its timeline lanes come first, their ticks in slices after: hovering a party lane finds them.
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-lanes', '7');
  const box = (await timeline.boundingBox())!;
  await expect(async () => {
    await page.mouse.move(box.x + 216 + (box.width - 216) / 2, box.y + 26 + 2 * 24 + 5);
    await expect(page.getByRole('tooltip')).toContainText('partystatechanged', { timeout: 500 });
  }).toPass({ timeout: 20_000 });
  expect(errors).toEqual([]);
});
