/**
 * README screenshots of the three views on the consult-transfer sample, cursor on the merge.
 * Writes docs/screenshot-{graph,timeline,ladder}.png only when asked:
 *   IXNSCOPE_SCREENSHOTS=1 npx playwright test e2e/views-zz-screenshots.spec.ts
 * (set IXNSCOPE_SCREENSHOTS=dark for dark-theme pictures in /tmp instead).
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const CONSULT = fileURLToPath(new URL('../public/samples/consult-transfer.ndjson', import.meta.url));
const MODE = process.env.IXNSCOPE_SCREENSHOTS;
const out = (name: string) => (MODE === 'dark' ? `/tmp/screenshot-${name}-dark.png` : fileURLToPath(new URL(`../docs/screenshot-${name}.png`, import.meta.url)));

// playwright.config.ts leaves this file out of `npm test` unless IXNSCOPE_SCREENSHOTS is set: it
// rewrites docs/, which only a person refreshing the pictures wants.

test('screenshots of the party graph, timeline and ladder at the merge', async ({ page }) => {
  await page.emulateMedia({ colorScheme: MODE === 'dark' ? 'dark' : 'light' });
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles(CONSULT);
  await expect(page.getByTestId('event-count')).toHaveText('27 of 27 shown', { timeout: 20_000 });
  // Give the views room, as a person drags the splitter under them.
  const splitter = page.getByRole('separator', { name: 'Resize the views' });
  const box = (await splitter.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 260, { steps: 5 });
  await page.mouse.up();
  await page.getByRole('grid', { name: 'Records' }).locator('[data-row="15"]').click();
  const views = page.getByRole('region', { name: 'Views' });

  await page.getByRole('tab', { name: 'Party graph' }).click();
  await expect(page.getByTestId('edge-merge')).toHaveCount(1);
  await page.waitForTimeout(400); // fitView settles after layout
  await views.screenshot({ path: out('graph') });

  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByTestId('timeline-links').locator('li[data-kind="merge"]')).toHaveCount(1);
  const timeline = page.getByTestId('timeline');
  const t = (await timeline.boundingBox())!;
  await page.mouse.move(t.x + 216 + (t.width - 216) * 0.36, t.y + 26 + 24 + 16); // over P1's hold
  await expect(page.getByRole('tooltip')).toContainText('hold');
  await views.screenshot({ path: out('timeline') });

  await page.getByRole('tab', { name: 'Ladder' }).click();
  await expect(page.getByTestId('ladder').locator('[aria-selected="true"]')).toHaveAttribute('data-index', '15');
  await views.screenshot({ path: out('ladder') });
});
