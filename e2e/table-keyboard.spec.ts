import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const CONSULT = fileURLToPath(new URL('../public/samples/consult-transfer.ndjson', import.meta.url));

async function open(page: Page, file = CONSULT): Promise<void> {
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('event-count')).toHaveText('27 of 27 shown', { timeout: 15_000 });
}

test('steps through the records with the keyboard and the inspector follows', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 900 });
  await open(page);
  await page.getByRole('grid', { name: 'Records' }).locator('[data-row="0"]').locator('.c-time').click();
  await expect(page.getByTestId('inspector-name')).toHaveText('interaction.added');
  await expect(page.getByTestId('cursor-position')).toHaveText('1 / 27');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('inspector-name')).toHaveText('interaction.present');
  await page.keyboard.press('j');
  await expect(page.getByTestId('inspector-name')).toHaveText('▶ redirect');
  await expect(page.getByTestId('inspector-json')).toContainText('"requestid": "R1"');
  await page.keyboard.press('k');
  await expect(page.getByTestId('inspector-name')).toHaveText('interaction.present');
  await page.keyboard.press('End');
  await expect(page.getByTestId('cursor-position')).toHaveText('27 / 27');
  await expect(page.getByTestId('inspector-name')).toHaveText('interaction.deleted');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('cursor-position')).toHaveText('1 / 27');
  await page.screenshot({ path: '/tmp/me/table-inspector.png' });
  expect(errors).toEqual([]);
});

test('a big trace renders only the rows on screen and still filters and steps', async ({ page }) => {
  test.setTimeout(120_000);
  const N = 100_000;
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    const k = i % 10;
    const ixn = `I${Math.floor(i / 10)}`;
    lines.push(
      JSON.stringify(
        k === 0
          ? { ts: 1_700_000_000_000 + i * 10, session: 'S1', name: 'interaction.added', data: { interactionid: ixn, parties: [{ partyid: 'P1', focusresource: '5000', partystate: 'queued' }] } }
          : { ts: 1_700_000_000_000 + i * 10, session: 'S1', name: 'interaction.partystatechanged', data: { interactionid: ixn, focusresource: '5000', partyid: 'P1', partystate: k % 2 ? 'ringing' : 'established' } },
      ),
    );
  }
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles({ name: 'big.ndjson', mimeType: 'text/plain', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByTestId('event-count')).toHaveText('100,000 of 100,000 shown', { timeout: 90_000 });
  const grid = page.getByRole('grid', { name: 'Records' });
  const rendered = await grid.getByRole('row').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);
  await grid.getByRole('row').first().locator('.c-time').click();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('cursor-position')).toHaveText('1 / 100,000');
  await page.keyboard.press('End');
  await expect(page.getByTestId('cursor-position')).toHaveText('100,000 / 100,000');
  await expect(grid.locator('[data-row="99999"]')).toBeVisible();
  await page.getByLabel('Filter by interaction').fill('I4242');
  await expect(page.getByTestId('event-count')).toHaveText('10 of 100,000 shown');
  await page.getByLabel('Filter records by text').fill('established');
  await expect(page.getByTestId('event-count')).toHaveText('4 of 100,000 shown');
});

test('a jump paints the rows on screen first, then the rows around them for scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles(fileURLToPath(new URL('../public/samples/mixed-10k.ndjson', import.meta.url)));
  await expect(page.getByTestId('event-count')).toHaveText(/^10,000 of 10,000 shown$/, { timeout: 30_000 });
  const grid = page.getByRole('grid', { name: 'Records' });
  await grid.locator('[data-row]').first().locator('.c-time').click();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('cursor-position')).toHaveText('1 / 10,000');
  await expect(grid.locator('[data-row="0"]')).toBeVisible();
  const settled = await grid.locator('[data-row]').count();
  // The row sets the table commits after End, as React puts them in the DOM.
  await page.evaluate(() => {
    const body = document.querySelector('.evt-body')!;
    const commits: number[][] = [];
    (window as unknown as { __commits: number[][] }).__commits = commits;
    new MutationObserver(() => {
      commits.push([...body.querySelectorAll<HTMLElement>('[data-row]')].map((r) => Number(r.dataset.row)).sort((a, b) => a - b));
    }).observe(body, { childList: true, subtree: true });
  });
  await page.keyboard.press('End');
  await expect(page.getByTestId('cursor-position')).toHaveText('10,000 / 10,000');
  await expect.poll(() => grid.locator('[data-row]').count()).toBeGreaterThanOrEqual(settled - 1);
  const { commits, height } = await page.evaluate(() => ({
    commits: (window as unknown as { __commits: number[][] }).__commits,
    height: document.querySelector('.evt-body')!.clientHeight,
  }));
  const onScreen = Math.ceil(height / 22) + 1;
  const withLast = commits.filter((rows) => rows.includes(9999));
  // First the rows on screen alone, contiguous and ending with the last record...
  const first = withLast[0];
  expect(first.length).toBeLessThanOrEqual(onScreen);
  expect(first.length).toBeGreaterThanOrEqual(onScreen - 2);
  expect(first.every((r, k) => k === 0 || r === first[k - 1] + 1)).toBe(true);
  // ...then the overscan above them, as many rows as before the jump.
  const last = withLast[withLast.length - 1];
  expect(Math.abs(last.length - settled)).toBeLessThanOrEqual(1);
  expect(last.length).toBeGreaterThan(first.length + 4);
  expect(last.every((r, k) => k === 0 || r === last[k - 1] + 1)).toBe(true);
  expect(last[last.length - 1]).toBe(9999);
});
