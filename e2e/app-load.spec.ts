import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { dropFiles, expectLoaded, expected, samplePath, sampleText, watchPage } from './app-helpers';

test('opens a sample with the file input: interactions, parties, resources and the merge type show', async ({ page }) => {
  const { errors } = watchPage(page);
  const want = expected('consult-transfer.ndjson');
  await page.goto('/');
  await expect(page.getByTestId('empty-state')).toContainText('Open an interaction-events trace');
  await page.locator('input[type=file]').setInputFiles(samplePath('consult-transfer.ndjson'));
  await expectLoaded(page, 'consult-transfer.ndjson', want.recordCount);

  const rows = page.getByTestId('interaction-row');
  await expect(rows).toHaveCount(want.interactions.size);
  for (const ixn of want.interactions.values()) {
    const row = page.locator(`[data-testid="interaction-row"][data-interaction="${ixn.id}"]`);
    await expect(row).toContainText(ixn.id);
    await expect(row).toContainText(`${ixn.parties.size} part`);
    for (const party of ixn.parties.values()) await expect(row).toContainText(party.focusresource ?? party.partyid);
  }
  const main = page.locator('[data-testid="interaction-row"][data-interaction="I-1001"]');
  await expect(main).toContainText('merge transfer ← I-consult');
  await expect(page.locator('[data-testid="interaction-row"][data-interaction="I-consult"]')).toContainText('merge transfer → I-1001');
  await expect(main.locator('.ixn-party-count')).toHaveAttribute('title', /P1\s+\+15551230001/);

  await main.click();
  await expect(main).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
});

test('drag and drop opens a file, and dropping on "add" merges a second one by time', async ({ page }) => {
  const { errors } = watchPage(page);
  await page.goto('/');
  const a = expected('divert-routing-point.ndjson');
  await dropFiles(page, [{ name: 'divert-routing-point.ndjson', text: sampleText('divert-routing-point.ndjson') }]);
  await expectLoaded(page, 'divert-routing-point.ndjson', a.recordCount);
  await expect(page.getByTestId('interaction-row')).toHaveCount(a.interactions.size);

  const both = expected('divert-routing-point.ndjson', 'failed-redirect.ndjson');
  await dropFiles(page, [{ name: 'failed-redirect.ndjson', text: sampleText('failed-redirect.ndjson') }], 'add');
  await expectLoaded(page, 'divert-routing-point.ndjson + 1 more', both.recordCount);
  await expect(page.getByTestId('interaction-row')).toHaveCount(both.interactions.size);
  expect(errors).toEqual([]);
});

test('a gzipped file loads the same as the plain one', async ({ page }) => {
  const want = expected('consult-transfer.ndjson');
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles({
    name: 'consult-transfer.ndjson.gz',
    mimeType: 'application/gzip',
    buffer: gzipSync(sampleText('consult-transfer.ndjson')),
  });
  await expectLoaded(page, 'consult-transfer.ndjson.gz', want.recordCount);
  await expect(page.getByTestId('interaction-row')).toHaveCount(want.interactions.size);
  await expect(page.locator('[data-testid="interaction-row"][data-interaction="I-1001"]')).toContainText('merge transfer');
});

test('several files picked at once are merged by time; "Add files…" adds to the trace', async ({ page }) => {
  await page.goto('/');
  const both = expected('consult-transfer.ndjson', 'failed-redirect.ndjson');
  await page.locator('input[type=file]').setInputFiles([samplePath('consult-transfer.ndjson'), samplePath('failed-redirect.ndjson')]);
  await expectLoaded(page, 'consult-transfer.ndjson + 1 more', both.recordCount);

  await page.locator('input[type=file]').setInputFiles(samplePath('divert-routing-point.ndjson'));
  await expectLoaded(page, 'divert-routing-point.ndjson', expected('divert-routing-point.ndjson').recordCount);

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /^Open/ }).click();
  await page.getByRole('menuitem', { name: /Add files/ }).click();
  await (await chooser).setFiles(samplePath('consult-transfer.ndjson'));
  const merged = expected('divert-routing-point.ndjson', 'consult-transfer.ndjson');
  await expectLoaded(page, 'divert-routing-point.ndjson + 1 more', merged.recordCount);
  await expect(page.getByTestId('interaction-row')).toHaveCount(merged.interactions.size);
});

test('?trace=<url> loads from the URL and a sample opens from the Open menu', async ({ page }) => {
  const want = expected('consult-transfer.ndjson');
  await page.goto('/?trace=/samples/consult-transfer.ndjson');
  await expectLoaded(page, 'consult-transfer.ndjson', want.recordCount);
  await expect(page.locator('[data-testid="interaction-row"][data-interaction="I-1001"]')).toContainText('merge transfer');

  await page.getByRole('button', { name: /^Open/ }).click();
  const item = page.getByRole('menuitem', { name: /Failed redirect/ });
  await expect(item).toContainText(/\S+ \S+/); // a one-line description
  await item.click();
  await expectLoaded(page, 'failed-redirect.ndjson', expected('failed-redirect.ndjson').recordCount);
});

test('a URL that gives no trace says which and why, and the empty state stays', async ({ page }) => {
  // The preview server answers unknown paths with the app's HTML page.
  await page.goto('/?trace=/samples/no-such-trace.ndjson');
  const banner = page.getByTestId('load-error');
  await expect(banner).toContainText('Could not read no-such-trace.ndjson');
  await expect(banner).toContainText('HTML page');
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});
