import { expect, test } from '@playwright/test';
import { expectLoaded, expected, samplePath, watchPage } from './app-helpers';

const IMG = '<img src=x onerror=alert(1)>';

test('hostile text in a trace shows as text: no dialog, no injected element', async ({ page }) => {
  const { errors } = watchPage(page);
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles(samplePath('hostile.ndjson'));
  await expectLoaded(page, 'hostile.ndjson', expected('hostile.ndjson').recordCount);

  const row = page.getByTestId('interaction-row').first();
  await expect(row.locator('.ixn-id')).toHaveText(IMG);
  await row.click(); // the inspector and views render its parties and udata too
  await expect(page.getByText('<script>document.body.innerHTML=\'pwned\'</script>').first()).toBeVisible();
  await expect(page.getByTestId('problem-row').filter({ hasText: 'hostile.ndjson:8' })).toContainText('parse-error');
  await page.getByTestId('problem-row').filter({ hasText: 'unknown-event' }).click();

  await expect(page.locator('img[src="x"], iframe, marquee, u, #root script, svg[onload]')).toHaveCount(0);
  expect(await page.evaluate(() => document.body.innerText.includes('pwned') && !document.body.innerText.includes('innerHTML'))).toBe(false);
  expect(await page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty('polluted');
  expect(errors).toEqual([]);
});
