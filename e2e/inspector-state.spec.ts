import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const sample = (name: string) => fileURLToPath(new URL(`../public/samples/${name}`, import.meta.url));

async function open(page: Page, file: string, count: number): Promise<void> {
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('event-count')).toHaveText(`${count} of ${count} shown`, { timeout: 15_000 });
}

const grid = (page: Page) => page.getByRole('grid', { name: 'Records' });

test('the diff shows a party state change at the record that made it, and the data model after it', async ({ page }) => {
  await open(page, sample('consult-transfer.ndjson'), 27);
  await grid(page).getByRole('row').first().locator('.c-time').click();
  await page.keyboard.press('Home');
  await grid(page).locator('[data-row="6"]').locator('.c-time').click(); // partyadded P3 ringing
  await expect(page.getByTestId('record-changes')).toHaveText(/party P3 \(7001\) added as ringing/);
  await page.keyboard.press('ArrowDown'); // partystatechanged P3 established
  await expect(page.getByTestId('inspector-name')).toHaveText('interaction.partystatechanged');
  await expect(page.getByTestId('record-changes')).toHaveText('→P3 (7001): ringing → established');
  const state = page.getByTestId('state-I-1001');
  await expect(state).toContainText("_genesys.ixn.interactions['I-1001']");
  const p3 = state.locator('tr[data-party="P3"]');
  await expect(p3).toContainText('established');
  await expect(p3).toHaveClass(/is-changed/);
  await page.keyboard.press('ArrowDown'); // udata changed
  await expect(page.getByTestId('record-changes')).toContainText('udata AgentLogin = 7001');
  await expect(page.getByTestId('record-changes')).toContainText('udata Language removed (was en)');
  await expect(state.getByRole('table', { name: 'User data of I-1001' })).not.toContainText('Language');
});

test('a result shows its request and latency, and jumps to it', async ({ page }) => {
  await open(page, sample('failed-redirect.ndjson'), 15);
  await grid(page).getByRole('row').first().locator('.c-time').click();
  await page.keyboard.press('Home');
  await grid(page).locator('[data-row="3"]').locator('.c-time').click(); // error.interaction.redirect
  const card = page.getByTestId('request-card');
  await expect(card).toContainText('R-21');
  await expect(card).toContainText('redirect');
  await expect(card).toContainText('invaliddestination');
  await expect(card).toContainText('DN 9999 is not configured on SIP_Switch');
  await expect(page.getByTestId('request-latency')).toHaveText('94 ms');
  await card.getByRole('button', { name: '#3' }).click();
  await expect(page.getByTestId('inspector-name')).toHaveText('▶ redirect');
  await expect(page.getByTestId('cursor-position')).toHaveText('3 / 15');
  await expect(page.getByTestId('request-card')).toContainText('error');
  await page.getByTestId('request-card').getByRole('button', { name: '#4' }).click();
  await expect(page.getByTestId('cursor-position')).toHaveText('4 / 15');
});

test('hostile text in a trace shows as text in the table and the inspector', async ({ page }) => {
  await page.goto('/');
  const evil = '<img src=x onerror="window.__pwned=1">';
  const line = JSON.stringify({ ts: 1, name: 'interaction.added', data: { interactionid: evil, udata: { note: evil } } });
  await page.locator('input[type=file]').setInputFiles({ name: 'evil.ndjson', mimeType: 'text/plain', buffer: Buffer.from(line) });
  await expect(page.getByTestId('event-count')).toHaveText('1 of 1 shown', { timeout: 15_000 });
  await grid(page).locator('[data-row="0"]').locator('.c-time').click();
  await expect(grid(page).locator('.evt-ixn')).toHaveText(evil);
  await expect(page.getByTestId('inspector-json')).toContainText('"interactionid": "<img src=x onerror=');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('.insp img, .evt img')).toHaveCount(0);
});
