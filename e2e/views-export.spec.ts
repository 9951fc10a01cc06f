/**
 * Exports of the views: what is filtered on screen is what is exported, the files are valid
 * SVG / PNG, and trace text stays text inside them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

const sample = (f: string) => fileURLToPath(new URL(`../public/samples/${f}`, import.meta.url));

async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: 'Export' }).getByRole('button', { name: button, exact: true }).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

/** Parses an SVG in the page, as a browser opening the file would; returns its text and element names. */
async function parseSvg(page: Page, svg: string): Promise<{ error: boolean; text: string; elements: string[] }> {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    return {
      error: doc.getElementsByTagName('parsererror').length > 0,
      text: doc.documentElement.textContent ?? '',
      elements: [...new Set([...doc.getElementsByTagName('*')].map((e) => e.localName))],
    };
  }, svg);
}

test('graph and timeline export what the selection shows, as valid SVG and PNG', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles([sample('consult-transfer.ndjson'), sample('divert-routing-point.ndjson')]);
  await expect(page.getByTestId('event-count')).toHaveText('40 of 40 shown', { timeout: 20_000 });
  await page.getByRole('grid', { name: 'Records' }).locator('[data-row="39"]').click();

  await page.getByRole('tab', { name: 'Party graph' }).click();
  await expect(page.getByTestId('graph-interaction')).toHaveCount(3);
  await page.locator('[data-testid="graph-interaction"][data-interaction="I-2001"]').click({ position: { x: 20, y: 12 } });
  await expect(page.getByTestId('graph-interaction')).toHaveCount(1);

  const svg = await download(page, 'SVG');
  expect(svg.name).toBe('ixnscope-graph-I-2001.svg');
  const parsed = await parseSvg(page, svg.bytes.toString('utf8'));
  expect(parsed.error).toBe(false);
  expect(parsed.text).toContain('I-2001');
  expect(parsed.text).toContain('+15559870002');
  expect(parsed.text).not.toContain('I-1001');
  expect(parsed.elements).not.toContain('script');

  const png = await download(page, 'PNG');
  expect(png.name).toBe('ixnscope-graph-I-2001.png');
  expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-lanes', '4');
  const timeline = await parseSvg(page, (await download(page, 'SVG')).bytes.toString('utf8'));
  expect(timeline.error).toBe(false);
  expect(timeline.text).toContain('P3 7003');
  expect(timeline.text).toContain('divert → 7003');
  expect(timeline.text).not.toContain('I-consult');
  expect(errors).toEqual([]);
});

test('trace text that looks like markup stays text in the views and in exports', async ({ page }) => {
  const evil = '<img src=x onerror="window.__pwned=1">';
  const lines = [
    { ts: '2026-11-24T10:00:00.000Z', session: 'S1', name: 'interaction.added', data: { interactionid: 'I<b>1</b>', parties: [{ partyid: 'P<i>1</i>', focusresource: evil, partystate: 'ringing' }] } },
    { ts: '2026-11-24T10:00:01.000Z', session: 'S1', name: 'interaction.ondivert', data: { interactionid: 'I<b>1</b>', divertingpartyid: 'P<i>1</i>', divertingresource: evil, divertingpartystate: 'ringing', newdestination: '</svg><script>window.__pwned=2</script>' } },
  ];
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/');
  await page.locator('input[type=file]').setInputFiles({ name: 'evil.ndjson', mimeType: 'text/plain', buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')) });
  await expect(page.getByTestId('event-count')).toHaveText('2 of 2 shown', { timeout: 20_000 });
  await page.getByRole('grid', { name: 'Records' }).locator('[data-row="1"]').click();

  await page.getByRole('tab', { name: 'Party graph' }).click();
  await expect(page.getByTestId('party-node')).toContainText(evil);
  await expect(page.getByTestId('resource-node')).toContainText('</svg><script>window.__pwned=2</script>');
  const graph = await parseSvg(page, (await download(page, 'SVG')).bytes.toString('utf8'));
  expect(graph.error).toBe(false);
  expect(graph.elements).not.toContain('script');
  expect(graph.elements).not.toContain('img');

  await page.getByRole('tab', { name: 'Ladder' }).click();
  await expect(page.getByTestId('ladder')).toContainText('window.__pwned=2');
  const ladder = await parseSvg(page, (await download(page, 'SVG')).bytes.toString('utf8'));
  expect(ladder.error).toBe(false);
  expect(ladder.elements).not.toContain('script');
  // Long labels are shortened on the picture and kept whole in a tooltip (<title>).
  expect(ladder.text).toContain('</svg><script>window.__pwned=2</script>');
  expect(ladder.text).toContain('divert P<i>1</i> → </svg><script>window.__pwned=2</script>');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
