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
