import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const CONSULT = fileURLToPath(new URL('../public/samples/consult-transfer.ndjson', import.meta.url));

const position = (page: Page) => page.getByTestId('cursor-position');

test('steps, jumps through the selected interaction and scrubs over time', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles(CONSULT);
  await expect(page.getByTestId('event-count')).toHaveText('27 of 27 shown', { timeout: 15_000 });
  const grid = page.getByRole('grid', { name: 'Records' });
  await grid.locator('[data-row="10"]').locator('.c-time').click(); // interaction.added I-consult
  await page.keyboard.press('Enter'); // selects I-consult
  await expect(page.locator('.tr-ixn')).toHaveText('I-consult');
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(position(page)).toHaveText('10 / 27');
  await page.getByRole('button', { name: 'Next record of the selected interaction' }).click();
  await expect(position(page)).toHaveText('11 / 27');
  await page.keyboard.press('>');
  await expect(position(page)).toHaveText('12 / 27');
  await page.keyboard.press('.');
  await expect(position(page)).toHaveText('13 / 27');
  await page.keyboard.press(',');
  await expect(position(page)).toHaveText('12 / 27');
  // The scrubber spans 10:00:00.000 to 10:02:10.031; its right end is the last record.
  const scrub = page.getByRole('slider', { name: 'Trace time' });
  const box = (await scrub.boundingBox())!;
  await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
  await expect(position(page)).toHaveText('27 / 27');
  await expect(page.getByTestId('cursor-time')).toContainText('10:02:10.031');
  await page.mouse.click(box.x + 1, box.y + box.height / 2);
  await expect(position(page)).toHaveText('1 / 27');
  // Halfway (10:01:05) is after the merge leg ended at 10:00:52.045 and before the end.
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(position(page)).toHaveText('23 / 27');
  await expect(page.getByTestId('cursor-time')).toContainText('10:00:52.045');
});

test('jumps to the previous and next problem', async ({ page }) => {
  await page.goto('/');
  const lines = [
    { ts: 0, name: 'interaction.added', data: { interactionid: 'I1' } },
    { ts: 1, action: 'redirect', data: { interactionid: 'I1', requestid: 'R1', to: '7001' } },
    { ts: 2, name: 'interaction.present', data: { interactionid: 'I1' } },
    { ts: 3, name: 'interaction.partyadded', data: { interactionid: 'I1' } },
    { ts: 4, name: 'interaction.deleted', data: { interactionid: 'I1' } },
  ];
  await page.locator('input[type=file]').setInputFiles({
    name: 'p.ndjson',
    mimeType: 'text/plain',
    buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')),
  });
  await expect(page.getByTestId('event-count')).toHaveText('5 of 5 shown', { timeout: 15_000 });
  await page.getByRole('grid', { name: 'Records' }).locator('[data-row="0"]').locator('.c-time').click();
  await page.getByRole('button', { name: 'Next problem' }).click();
  await expect(position(page)).toHaveText('2 / 5');
  await page.keyboard.press(']');
  await expect(position(page)).toHaveText('4 / 5'); // partyadded without its attributes
  await page.keyboard.press(']');
  await expect(position(page)).toHaveText('5 / 5'); // deleted without notcontrolled
  await expect(page.getByRole('button', { name: 'Next problem' })).toBeDisabled();
  await page.keyboard.press('[');
  await expect(position(page)).toHaveText('4 / 5');
  await page.getByRole('button', { name: 'Previous problem' }).click();
  await expect(position(page)).toHaveText('2 / 5');
});

test('plays the trace and pauses', async ({ page }) => {
  await page.goto('/');
  const lines = Array.from({ length: 6 }, (_, i) => ({ ts: i * 100, name: 'interaction.udata.changed', data: { interactionid: 'I1', udata: { n: i } } }));
  await page.locator('input[type=file]').setInputFiles({
    name: 'play.ndjson',
    mimeType: 'text/plain',
    buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')),
  });
  await expect(page.getByTestId('event-count')).toHaveText('6 of 6 shown', { timeout: 15_000 });
  await page.getByRole('grid', { name: 'Records' }).locator('[data-row="0"]').locator('.c-time').click();
  await page.getByLabel('Playback speed').selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(position(page)).toHaveText('6 / 6'); // plays to the end, then stops
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});
