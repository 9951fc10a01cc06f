/**
 * The visual views on the consult-transfer sample, driven as a person does: open the file, move
 * the cursor with the event table, read the graph, timeline and ladder, click in them, export.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

const CONSULT = fileURLToPath(new URL('../public/samples/consult-transfer.ndjson', import.meta.url));
const LADDER_TEXT = fileURLToPath(new URL('./fixtures/ladder-consult-transfer.txt', import.meta.url));
/** Record index of interaction.onmerge in the sample (line 20). */
const MERGE = 15;

async function open(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles(CONSULT);
  await expect(page.getByTestId('event-count')).toHaveText('27 of 27 shown', { timeout: 20_000 }); // the load runs in a worker; slow on a busy machine
  return errors;
}

const tableRow = (page: Page, index: number) => page.getByRole('grid', { name: 'Records' }).locator(`[data-row="${index}"]`);
const tab = (page: Page, name: string) => page.getByRole('tab', { name });

test('the graph and the timeline gain the merge when the cursor crosses onmerge', async ({ page }) => {
  const errors = await open(page);
  await tab(page, 'Party graph').click();
  await tableRow(page, MERGE - 1).click();
  await expect(page.getByTestId('party-node')).toHaveCount(5);
  await expect(page.getByTestId('edge-merge')).toHaveCount(0);
  await expect(page.getByTestId('edge-divert')).toHaveCount(1);

  await page.keyboard.press('ArrowDown');
  await expect(tableRow(page, MERGE)).toHaveAttribute('aria-selected', 'true');
  const merge = page.getByTestId('edge-merge');
  await expect(merge).toHaveCount(1);
  await expect(merge).toHaveAttribute('data-changed', 'true');
  await expect(page.getByTestId('edge-label-merge')).toHaveText('merge (transfer)');

  await tab(page, 'Timeline').click();
  const links = page.getByTestId('timeline-links');
  await expect(links.locator('li[data-kind="merge"]')).toHaveText(['merge (transfer) I-consult → I-1001 at record #16']);
  await tableRow(page, MERGE - 1).click();
  await expect(links.locator('li[data-kind="merge"]')).toHaveCount(0);
  await expect(links.locator('li[data-kind="divert"]')).toHaveCount(1);
  await tableRow(page, MERGE).click();
  await expect(links.locator('li[data-kind="merge"]')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('clicking a party in the graph selects it and moves the table to its last event', async ({ page }) => {
  const errors = await open(page);
  await tableRow(page, MERGE).click();
  await tab(page, 'Party graph').click();
  // P3 (agent 7001 on I-1001) last changed at record 7, its partystatechanged to established.
  const p3 = page.locator('[data-testid="party-node"][data-party="P3"]');
  await expect(p3).toHaveAttribute('data-state', 'established');
  await p3.click();
  await expect(tableRow(page, 7)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('cursor-position')).toHaveText('8 / 27');
  await expect(page.locator('[data-testid="party-node"][data-party="P3"]')).toHaveClass(/is-selected/);
  // At record 7 the consult does not exist yet: only I-1001 is drawn.
  await expect(page.getByTestId('graph-interaction')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('the timeline zooms with the keyboard and a click on an event moves the cursor', async ({ page }) => {
  const errors = await open(page);
  await tableRow(page, 0).click();
  await tab(page, 'Timeline').click();
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-lanes', '8');
  const span = async () => Number(await timeline.getAttribute('data-window-end')) - Number(await timeline.getAttribute('data-window-start'));
  const before = await span();
  await timeline.focus();
  await page.keyboard.press('+');
  await expect.poll(span).toBeLessThan(before * 0.7);
  await page.keyboard.press('0');
  await expect.poll(span).toBeCloseTo(before, 0);

  // Lane 1 is P1 +15551230001; its hold (record 9) is at 10:00:31.000.
  const box = (await timeline.boundingBox())!;
  const start = Number(await timeline.getAttribute('data-window-start'));
  const end = Number(await timeline.getAttribute('data-window-end'));
  const gutter = 216;
  const t = Date.parse('2026-11-24T10:00:31.000Z');
  const x = box.x + gutter + ((t - start) / (end - start)) * (box.width - gutter);
  const y = box.y + 26 + 24 + 5;
  await page.mouse.move(x, y);
  await expect(page.getByRole('tooltip')).toContainText('partystatechanged');
  await page.mouse.click(x, y);
  await expect(tableRow(page, 9)).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
});

test('the ladder follows the cursor, moves it on click and exports the expected text', async ({ page }) => {
  const errors = await open(page);
  await tableRow(page, 3).click();
  await tab(page, 'Ladder').click();
  const ladder = page.getByTestId('ladder');
  await expect(ladder.locator('[data-testid="ladder-row"][aria-selected="true"]')).toHaveAttribute('data-index', '3');
  await expect(ladder.locator('[data-testid="ladder-row"][data-index="3"]')).toContainText('divert P2 → 7001');
  await ladder.locator('[data-testid="ladder-row"][data-index="4"]').click();
  await expect(tableRow(page, 4)).toHaveAttribute('aria-selected', 'true');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Text', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe('ixnscope-ladder-I-1001+I-consult.txt');
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text).toBe(readFileSync(LADDER_TEXT, 'utf8'));
  expect(errors).toEqual([]);
});
