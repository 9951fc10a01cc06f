import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const CONSULT = fileURLToPath(new URL('../public/samples/consult-transfer.ndjson', import.meta.url));

async function open(page: Page): Promise<void> {
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles(CONSULT);
  await expect(page.getByTestId('event-count')).toHaveText('27 of 27 shown', { timeout: 15_000 });
}

const grid = (page: Page) => page.getByRole('grid', { name: 'Records' });

test('filters by interaction and shows n of m; the hidden records come back when cleared', async ({ page }) => {
  await open(page);
  const box = page.getByLabel('Filter by interaction');
  await box.fill('I-cons'); // not an interaction yet: nothing is filtered
  await expect(page.getByTestId('event-count')).toHaveText('27 of 27 shown');
  await box.fill('I-consult');
  // added, present, partyadded, 2 partystatechanged, onmerge, 2 partydeleted, notcontrolled, deleted
  await expect(page.getByTestId('event-count')).toHaveText('10 of 27 shown');
  await expect(grid(page).getByRole('row')).toHaveCount(10);
  await expect(grid(page).locator('.evt-ixn', { hasText: 'I-1001' })).toHaveCount(1); // the merge names both
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByTestId('event-count')).toHaveText('27 of 27 shown', { timeout: 15_000 });
});

test('clicking an interaction cell filters by it', async ({ page }) => {
  await open(page);
  await grid(page).locator('[data-row="12"] .evt-ixn').click();
  await expect(page.getByLabel('Filter by interaction')).toHaveValue('I-consult');
  await expect(page.getByTestId('event-count')).toHaveText('10 of 27 shown');
});

test('free text, family and party filters combine; arrows move through the shown rows only', async ({ page }) => {
  await open(page);
  await page.getByLabel('Filter records by text').fill('established');
  await expect(page.getByTestId('event-count')).toHaveText('7 of 27 shown');
  await page.getByLabel('Filter by party').fill('P5');
  await expect(page.getByTestId('event-count')).toHaveText('2 of 27 shown');
  await page.getByLabel('Filter by party').fill('');
  await page.getByLabel('Filter by event family or name').selectOption({ label: 'partystatechanged' });
  // partystatechanged to established: P3, P5, P4, then P1 back from hold (not P1 to hold)
  await expect(page.getByTestId('event-count')).toHaveText('4 of 27 shown');
  const rows = grid(page).getByRole('row');
  await rows.first().locator('.c-time').click();
  await expect(page.getByTestId('cursor-position')).toHaveText('8 / 27');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('cursor-position')).toHaveText('14 / 27');
  await page.keyboard.press('j');
  await expect(page.getByTestId('cursor-position')).toHaveText('15 / 27');
  await expect(page.getByTestId('inspector-name')).toHaveText('interaction.partystatechanged');
});

test('switches the time column between absolute, relative and delta', async ({ page }) => {
  await open(page);
  await grid(page).getByRole('row').first().locator('.c-time').click();
  await page.keyboard.press('Home');
  const time = grid(page).locator('[data-row="7"] .c-time');
  await expect(time).toHaveText('10:00:04.210');
  await page.getByRole('button', { name: 'Rel' }).click();
  await expect(time).toHaveText('+4.210 s');
  await page.getByRole('button', { name: 'Δ' }).click();
  await expect(time).toHaveText('+2.650 s'); // after partyadded at 10:00:01.560
});

test('shows only records with problems at or above a severity', async ({ page }) => {
  await page.goto('/');
  const lines = [
    { ts: '2026-11-24T10:00:00.000Z', name: 'interaction.added', data: { interactionid: 'I1' } },
    { ts: '2026-11-24T10:00:01.000Z', action: 'redirect', data: { interactionid: 'I1', requestid: 'R1', to: '7001' } },
    { ts: '2026-11-24T10:00:02.000Z', name: 'interaction.partyadded', data: { interactionid: 'I1' } },
    { ts: '2026-11-24T10:00:03.000Z', name: 'interaction.present', data: { interactionid: 'I1' } },
  ];
  await page.locator('input[type=file]').setInputFiles({
    name: 'problems.ndjson',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')),
  });
  await expect(page.getByTestId('event-count')).toHaveText('4 of 4 shown', { timeout: 15_000 });
  await page.getByLabel('Filter by problems').selectOption('warning');
  await expect(page.getByTestId('event-count')).toHaveText('2 of 4 shown');
  await page.getByLabel('Filter by problems').selectOption('error');
  await expect(page.getByTestId('event-count')).toHaveText('1 of 4 shown');
  const marker = grid(page).locator('[data-row="2"] .sev');
  await expect(marker).toHaveClass(/sev-error/);
  await expect(marker).toHaveAttribute('title', /missing-attribute/);
});

test('several files merge by time and each row names its source file and line', async ({ page }) => {
  await page.goto('/');
  const a = [
    { ts: '2026-11-24T10:00:00.000Z', session: 'S1', name: 'interaction.added', data: { interactionid: 'I1' } },
    { ts: '2026-11-24T10:00:02.000Z', session: 'S1', name: 'interaction.deleted', data: { interactionid: 'I1' } },
  ];
  const b = [{ ts: '2026-11-24T10:00:01.000Z', session: 'S2', name: 'interaction.added', data: { interactionid: 'I2' } }];
  const file = (name: string, lines: object[]) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')) });
  await page.locator('input[type=file]').setInputFiles([file('a.ndjson', a), file('b.ndjson', b)]);
  await expect(page.getByTestId('event-count')).toHaveText('3 of 3 shown', { timeout: 15_000 });
  await expect(page.getByRole('columnheader', { name: /^File/ })).toBeVisible();
  const files = page.getByRole('grid', { name: 'Records' }).locator('.c-file');
  await expect(files).toHaveText(['a.ndjson:1', 'b.ndjson:1', 'a.ndjson:2']);
  await page.getByLabel('Filter by session').selectOption('S2');
  await expect(page.getByTestId('event-count')).toHaveText('1 of 3 shown');
});
