import { expect, test } from '@playwright/test';
import { expectLoaded, expected, samplePath, watchPage } from './app-helpers';

test('the Problems panel lists the failing records; clicking one moves the cursor there', async ({ page }) => {
  const { errors } = watchPage(page);
  const want = expected('faults-demo.ndjson');
  const count = (sev: string) => want.diagnostics.filter((d) => d.severity === sev).length;
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles(samplePath('faults-demo.ndjson'));
  await expectLoaded(page, 'faults-demo.ndjson', want.recordCount);

  await expect(page.getByTestId('problem-count')).toHaveText(String(want.diagnostics.length));
  for (const sev of ['error', 'warning', 'info']) {
    await expect(page.getByTestId(`problems-${sev}`)).toHaveText(String(count(sev)));
    await expect(page.getByTestId(`count-${sev}`)).toHaveText(String(count(sev)));
  }
  const rows = page.getByTestId('problem-row');
  const first = [...want.diagnostics].sort((a, b) => a.line - b.line)[0];
  await expect(rows.first()).toContainText(`faults-demo.ndjson:${first.line}`);
  await expect(rows.first()).toContainText(first.rule);

  const target = want.diagnostics.find((d) => d.rule === 'action-after-notcontrolled')!;
  await page.getByRole('searchbox', { name: 'Filter problems' }).fill(target.rule);
  await expect(page.getByTestId('problem-count')).toHaveText(`${want.diagnostics.filter((d) => d.rule === target.rule).length} of ${want.diagnostics.length}`);
  const row = rows.filter({ hasText: `faults-demo.ndjson:${target.line}` });
  await expect(row).toContainText(target.rule);
  await row.click();
  await expect(page.getByTestId('cursor-position')).toHaveText(`${target.recordIndex + 1} / ${want.recordCount}`);
  await expect(row).toHaveAttribute('aria-current', 'true');
  await expect(page.locator(`[data-testid="interaction-row"][data-interaction="${target.interactionid}"]`)).toHaveAttribute('aria-selected', 'true');

  // Hiding errors hides their rows; the count says how many are shown.
  await page.getByRole('searchbox', { name: 'Filter problems' }).fill('');
  await page.getByTestId('problems-error').click();
  await expect(page.getByTestId('problem-count')).toHaveText(`${want.diagnostics.length - count('error')} of ${want.diagnostics.length}`);
  expect(errors).toEqual([]);
});

test('ten thousand problems stay a short DOM, and the last one is reachable', async ({ page }) => {
  await page.goto('/');
  const lines = Array.from({ length: 10_000 }, (_, i) => `not json ${i}`).join('\n');
  await page.locator('input[type=file]').setInputFiles({ name: 'broken.ndjson', mimeType: 'text/plain', buffer: Buffer.from(lines) });
  await expect(page.getByTestId('problem-count')).toHaveText('10,000', { timeout: 15_000 });
  const rows = page.getByTestId('problem-row');
  await expect(rows.first()).toContainText('broken.ndjson:1');
  expect(await rows.count()).toBeLessThan(100);
  const list = page.getByRole('list', { name: 'Problem list' });
  await list.hover();
  await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(rows.filter({ hasText: 'broken.ndjson:10000' })).toBeVisible();
  expect(await rows.count()).toBeLessThan(100);
});
