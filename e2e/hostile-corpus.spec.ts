/**
 * The bad-input corpus (tests/corpus/) loaded in the app through its file input, as a person
 * picks files: every view, the inspector, the problems panel and the SVG exports must show the
 * hostile text as text. Nothing may open a dialog, add an element or an event-handler attribute,
 * throw on the page, or pollute Object.prototype.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';

const CORPUS = fileURLToPath(new URL('../tests/corpus/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../public/samples/consult-transfer.ndjson', import.meta.url));
const expected = JSON.parse(readFileSync(CORPUS + 'expected.json', 'utf8')).files as Record<string, { events: number; actions: number }>;

interface Watch {
  problems: string[];
}

/** Records every dialog (dismissed at once) and every uncaught page error. */
function watch(page: Page): Watch {
  const w: Watch = { problems: [] };
  page.on('dialog', (d) => {
    w.problems.push(`dialog ${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => w.problems.push(`pageerror: ${e.message}`));
  return w;
}

/** What hostile text would leave behind if it were ever parsed as markup. */
async function injectedMarkup(page: Page) {
  return page.evaluate(() => {
    const handlers: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) if (/^on/i.test(attr.name)) handlers.push(`${el.tagName.toLowerCase()}[${attr.name}]`);
      const href = el.getAttribute('href') ?? el.getAttribute('xlink:href') ?? '';
      if (/^\s*javascript:/i.test(href)) handlers.push(`${el.tagName.toLowerCase()}[href=javascript:]`);
    }
    return {
      handlers,
      elements: document.querySelectorAll('img[src="x"], iframe, object, embed, marquee, body script:not([type="module"]), #root script, #root style, foreignObject').length,
      scripts: document.scripts.length,
      polluted: ({} as Record<string, unknown>).polluted ?? null,
      title: document.title,
    };
  });
}

async function pick(page: Page, files: string[] | { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.locator('input[type=file]').setInputFiles(files);
}

async function expectLoaded(page: Page, name: string, kept: number) {
  const info = page.getByTestId('trace-info');
  await expect(info.locator('.trace-name')).toHaveText(name);
  await expect(info).toContainText(`${kept.toLocaleString('en-US')} records`);
  await expect(page.getByTestId('load-progress')).toHaveCount(0);
}

/** Checks an exported SVG: hostile text escaped, no script, no handler, no foreign content. */
async function checkSvg(page: Page, svg: string, where: string) {
  expect(svg, where).not.toMatch(/<(img|script|iframe|style|foreignObject|a)\b/i);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    // Escaped text may read "onerror=" inside an attribute value; what counts is the parsed document.
    const bad = [...doc.querySelectorAll('*')].filter((el) => el.localName === 'script' || [...el.attributes].some((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)));
    return { error: doc.querySelector('parsererror')?.textContent ?? null, bad: bad.length };
  }, svg);
  expect(parsed, where).toEqual({ error: null, bad: 0 });
}

/** Goes through what a person would look at: each view, its export, the inspector, the problems. */
async function lookEverywhere(page: Page) {
  const rows = page.getByTestId('interaction-row');
  if ((await rows.count()) > 0) await rows.first().click();
  const tabs = page.locator('.views [role=tab]');
  for (let i = 0; i < (await tabs.count()); i++) {
    await tabs.nth(i).click();
    await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
    const panel = page.locator('#view-panel');
    // Hover the marks of the view: tooltips are built from trace text too.
    const marks = panel.locator('[data-testid=ladder-row], [data-testid=party-node], [data-testid=resource-node], [data-testid=timeline-interactive]');
    for (let k = 0; k < Math.min(3, await marks.count()); k++) await marks.nth(k).hover({ force: true });
    const svgButton = panel.getByRole('button', { name: 'SVG', exact: true });
    if ((await svgButton.count()) > 0 && (await svgButton.isEnabled())) {
      const [download] = await Promise.all([page.waitForEvent('download'), svgButton.click()]);
      const path = await download.path();
      await checkSvg(page, readFileSync(path, 'utf8'), `${await tabs.nth(i).textContent()} export`);
    }
  }
  const table = page.locator('[role=row][aria-rowindex], .event-table [role=row]');
  if ((await table.count()) > 1) await table.nth(1).click();
  const problems = page.getByTestId('problem-row');
  for (let k = 0; k < Math.min(4, await problems.count()); k++) await problems.nth(k).click();
}

async function expectClean(page: Page, w: Watch, before: Awaited<ReturnType<typeof injectedMarkup>>) {
  const after = await injectedMarkup(page);
  expect(after.handlers).toEqual([]);
  expect(after.elements).toBe(0);
  expect(after.scripts).toBe(before.scripts);
  expect(after.title).toBe(before.title);
  expect(after.polluted).toBeNull();
  expect(w.problems).toEqual([]);
}

const HOSTILE = [
  'html-injection.ndjson',
  'proto-keys.ndjson',
  'control-chars.ndjson',
  'wrong-types.ndjson',
  'big-ids.ndjson',
  'timestamps.ndjson',
  'deep-nesting.ndjson',
  'not-objects.ndjson',
  'duplicate-keys.ndjson',
];

for (const file of HOSTILE) {
  test(`hostile corpus ${file}: shown as text in every view and export, nothing runs`, async ({ page }) => {
    const w = watch(page);
    await page.goto('/');
    const before = await injectedMarkup(page);
    await pick(page, [CORPUS + file]);
    const want = expected[file];
    await expectLoaded(page, file, want.events + want.actions);
    await lookEverywhere(page);
    await expectClean(page, w, before);
  });
}

test('markup text is visible as text in the interaction list, inspector and problems', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  const before = await injectedMarkup(page);
  await pick(page, [CORPUS + 'html-injection.ndjson']);
  await expectLoaded(page, 'html-injection.ndjson', 18);
  await page.getByTestId('interaction-row').first().click();
  await expect(page.getByText('<img src=x onerror=alert(1)>').first()).toBeVisible();
  await expect(page.getByTestId('problem-row').filter({ hasText: 'parse-error' })).toContainText('16');
  await expectClean(page, w, before);
});

test('binary garbage, invalid UTF-8, a hostile file name and a truncated gzip: reasons shown, page intact', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  const before = await injectedMarkup(page);

  // Random bytes: every line rejected with a reason, nothing kept, the page still works.
  let seed = 7;
  const garbage = Buffer.alloc(32 * 1024);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  garbage[0] = 0x00;
  await pick(page, [{ name: 'garbage.bin', mimeType: 'application/octet-stream', buffer: garbage }]);
  await expectLoaded(page, 'garbage.bin', 0);
  await expect(page.getByTestId('problem-row').first()).toContainText('parse-error');

  // Invalid UTF-8 inside strings, under a file name that is markup.
  const name = '<img src=x onerror=alert(1)>.ndjson';
  const utf8 = Buffer.concat([
    Buffer.from('{"ts":"2026-11-24T10:00:00.000Z","name":"interaction.added","data":{"interactionid":"I'),
    Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
    Buffer.from('"}}\n'),
  ]);
  await pick(page, [{ name, mimeType: 'application/x-ndjson', buffer: utf8 }]);
  await expectLoaded(page, name, 1);
  await expect(page.getByTestId('interaction-row').first()).toContainText('I\uFFFD');
  await lookEverywhere(page);

  // A gzip cut in the middle: an error with the file and the reason, what was read is kept.
  const gz = gzipSync(readFileSync(SAMPLE));
  await pick(page, [{ name: 'cut.ndjson.gz', mimeType: 'application/gzip', buffer: gz.subarray(0, Math.floor(gz.length * 0.6)) }]);
  const error = page.getByTestId('load-error');
  await expect(error).toContainText('cut.ndjson.gz');
  await expect(page.getByTestId('load-progress')).toHaveCount(0);
  await lookEverywhere(page);

  await expectClean(page, w, before);
});

// GAP G (owner: index.html / vite.config.ts, the app shell). Issue 10 asks for a
// Content-Security-Policy on served pages with no inline script. The built page has no inline
// script (checked first), but declares no policy, so an injection that ever got through would
// run. Fix idea: a build-only `transformIndexHtml` plugin adding
//   <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self';
//   style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:;
//   worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'">
// ('unsafe-inline' styles: React and React Flow set style attributes; dev keeps Vite's inline preamble).
test('the page runs no inline script and declares a Content-Security-Policy without unsafe-inline scripts', async ({ page }) => {
  const response = await page.goto('/');
  const inline = await page.evaluate(() => [...document.scripts].filter((s) => !s.src && s.textContent!.trim() !== '').length);
  expect(inline).toBe(0);
  const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.getAttribute('content') ?? null);
  const policy = meta ?? response?.headers()['content-security-policy'] ?? '';
  expect(policy).toMatch(/script-src [^;]*'self'/);
  expect(policy).not.toMatch(/script-src [^;]*'unsafe-(inline|eval)'/);
  expect(policy).toMatch(/object-src 'none'/);
});
