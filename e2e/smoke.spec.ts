import { expect, test } from '@playwright/test';

test('app loads and shows the ixnscope heading', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'ixnscope', exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});
