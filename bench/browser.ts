/**
 * The browser section of `npm run bench`: the production build in headless Chromium, driven by
 * Playwright through the page's file input and the `?bench=1` hook (src/ui/shell/benchHook.ts).
 *
 * Per trace size:
 *   ingest      file input change -> load status 'done', against a bare Web Worker of the same
 *               page reading the same File (stream, TextDecoder, split lines, JSON.parse)
 *   long tasks  longest main-thread task during the load (PerformanceObserver 'longtask')
 *   heap        usedJSHeapSize after load and gc, against the file size
 *   scrub       cursor to 20 random records, until the next painted frame (median)
 *   filter      text filter and interaction filter, until the rows are counted and painted
 *   scroll      table scrolled to the middle: rows in the DOM against records
 *
 * BENCH_PROFILE=1 adds a CPU-profiled load of the largest size (V8's sampling profiler in a trace,
 * so the load worker is profiled as well as the page): bench/out/browser-<n>.profile.trace.json
 * and, per thread, the top self-time functions (source-mapped) on stderr.
 * BENCH_TRACE=1 adds a Chrome-traced load of the largest size: bench/out/browser-<n>.trace.json and,
 * on stderr, the self time by trace event (collector, style, layout, script) in the tasks of 50 ms
 * or more, and what the helper threads of the page's process did (the collector's parallel and
 * concurrent work, the optimizing compilers, raster, file reads). BENCH_TRACE_CATEGORIES adds
 * trace categories (comma-separated, e.g. disabled-by-default-v8.compile).
 * BENCH_THREADS=1 adds a load of the largest size with Chromium's CPU time per thread name (Linux:
 * /proc), threads that ended during it (the load worker) counted by process: where the CPU of a
 * load goes besides the page's script (collector helper threads, compositors).
 * BENCH_SETTLE_MS waits that long after the load (and the heap reading) before the scrubs and
 * filters, for figures of a page whose background work (the search index) is done; 0 by default:
 * the rows then say what a person gets right after a load.
 * BENCH_BROWSER_TIMEOUT_MS bounds one load (default 180000): a load that takes longer, or a page
 * that crashes, gives a "failed: ..." row instead of hanging the bench.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { BenchRow } from './run.ts';
import type { BenchHook } from '../src/ui/shell/benchHook.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const DIST = 'dist-bench';
const LOAD_TIMEOUT_MS = Number(process.env.BENCH_BROWSER_TIMEOUT_MS ?? 180_000);
const SCRUBS = 20;
const TEXT_FILTER = 'transfer';
const TEXT_FILTER_2 = 'vq_billing';

type Win = Window & {
  __ixnscopeBench: BenchHook;
  __benchLongTasks: { start: number; duration: number }[];
  __benchChangeAt: number | null;
  gc?: () => void;
};

interface Options {
  sizes: number[];
  traceFile: (n: number) => string;
}

function log(message: string): void {
  process.stderr.write(`bench browser: ${message}\n`);
}

function sizeLabel(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M events` : `${n / 1000}k events`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const ms = (v: number): string => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

/** Rejects after `limit` ms, so no step of the bench can hang it. */
function within<T>(what: string, limit: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took more than ${(limit / 1000).toFixed(0)} s`)), limit);
    }),
  ]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function build(): void {
  log(`building the app into ${DIST}`);
  const r = spawnSync('npx', ['vite', 'build', '--outDir', DIST, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr?.toString().slice(-2000) ?? r.error?.message}`);
}

async function preview(port: number): Promise<ChildProcess> {
  const child = spawn('npx', ['vite', 'preview', '--outDir', DIST, '--port', String(port), '--host', '127.0.0.1', '--strictPort'], {
    cwd: root,
    stdio: 'ignore',
    detached: true, // its own process group: npx's children end with it
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`vite preview exited ${child.exitCode}`);
    if (Date.now() > deadline) {
      stop(child);
      throw new Error('vite preview did not answer within 30 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

/** Installed before any page script: long tasks and when the file input changed. */
function initScript(): void {
  const w = window as unknown as Win;
  w.__benchLongTasks = [];
  w.__benchChangeAt = null;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__benchLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long task API: the rows say so
  }
  window.addEventListener(
    'change',
    (e) => {
      const t = e.target as HTMLInputElement | null;
      if (t?.type === 'file' && t.dataset.testid === 'file-input') w.__benchChangeAt = performance.now();
    },
    true,
  );
}

/** The baseline: a worker of the page reads the File with stream + TextDecoder, splits lines, JSON.parses each. */
const BASELINE_WORKER = `
self.onmessage = async (event) => {
  const started = performance.now();
  const decoder = new TextDecoder();
  const reader = event.data.stream().getReader();
  let rest = '';
  let records = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    const lines = (rest + decoder.decode(r.value, { stream: true })).split('\\n');
    rest = lines.pop();
    for (const line of lines) {
      if (line.length === 0 || line[0] === '#') continue;
      JSON.parse(line);
      records++;
    }
  }
  rest += decoder.decode();
  if (rest.trim()) { JSON.parse(rest); records++; }
  self.postMessage({ records, ms: performance.now() - started });
};`;

export async function newPage(browser: Browser, base: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.addInitScript(initScript);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${base}/?bench=1`);
  await page.waitForFunction(() => '__ixnscopeBench' in window, null, { timeout: 30_000 });
  return page;
}

export async function closePage(page: Page): Promise<void> {
  await page.context().close().catch(() => undefined);
}

/** Fails the promise when the page crashes, instead of waiting for a timeout. */
function crashGuard(page: Page): Promise<never> {
  const crashed = new Promise<never>((_, reject) => page.once('crash', () => reject(new Error('the page crashed (out of memory?)'))));
  crashed.catch(() => undefined); // a crash after the race was decided is not an unhandled rejection
  return crashed;
}

/**
 * Waits until the app's next load worker has warmed up (the page starts it when idle, at start and
 * after each load: see `prepareLoadWorker`), so that no warm-up runs during a timed load, the
 * baseline's included. A person picking a file finds it warm too. Builds without it go on at once.
 */
async function quiet(page: Page): Promise<void> {
  const ready = await page
    .waitForFunction(() => {
      const hook = (window as unknown as Win).__ixnscopeBench as Partial<BenchHook>;
      return typeof hook.loadWorker !== 'function' || hook.loadWorker() === 'warm';
    }, null, { timeout: 20_000, polling: 50 })
    .then(() => true)
    .catch(() => false);
  if (!ready) log('the app\'s load worker did not report warm within 20 s; timing anyway');
}

export async function baselineLoad(page: Page, file: string): Promise<{ ms: number; records: number }> {
  await quiet(page);
  // As before the app's load: what the warm-up left is collected now, not during the baseline.
  await page.evaluate(() => (window as unknown as Win).gc?.());
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-baseline';
    input.hidden = true;
    document.body.append(input);
  });
  await page.setInputFiles('#bench-baseline', file);
  const result = await within(
    'the baseline worker',
    LOAD_TIMEOUT_MS,
    page.evaluate(async (code) => {
      const input = document.getElementById('bench-baseline') as HTMLInputElement;
      const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
      const worker = new Worker(url);
      const t0 = performance.now();
      const done = await new Promise<{ records: number; ms: number }>((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data as { records: number; ms: number });
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage(input.files![0]);
      });
      const total = performance.now() - t0;
      worker.terminate();
      URL.revokeObjectURL(url);
      input.remove();
      return { ms: total, records: done.records };
    }, BASELINE_WORKER),
  );
  return result;
}

export interface AppLoad {
  ms: number;
  /** From the file's change to the worker's last message (`ixnscope:worker-done`); null without the mark. */
  workerMs: number | null;
  wallMs: number;
  records: number;
  longest: number;
  over100: number;
  longTotal: number;
}

export async function appLoad(page: Page, file: string): Promise<AppLoad> {
  await quiet(page);
  await page.evaluate(() => {
    const w = window as unknown as Win;
    w.__benchLongTasks.length = 0;
    w.__benchChangeAt = null;
  });
  const started = Date.now();
  await page.setInputFiles('input[type=file][data-testid=file-input]', file);
  const ended = await within(
    'the app load',
    LOAD_TIMEOUT_MS,
    Promise.race([
      crashGuard(page),
      page.waitForFunction(
        () => {
          const s = (window as unknown as Win).__ixnscopeBench.state().status;
          return s === 'done' || s === 'error' || s === 'cancelled' ? s : null;
        },
        null,
        { polling: 100, timeout: LOAD_TIMEOUT_MS + 5000 },
      ),
    ]),
  );
  const wallMs = Date.now() - started;
  const status = await ended.jsonValue();
  if (status !== 'done') throw new Error(`the load ended ${status}`);
  return page.evaluate((wall) => {
    const w = window as unknown as Win;
    const from = w.__benchChangeAt ?? 0;
    const to = w.__ixnscopeBench.loadedAt() ?? performance.now();
    const tasks = w.__benchLongTasks.filter((t) => t.start + t.duration >= from && t.start <= to);
    const workerDone = performance.getEntriesByName('ixnscope:worker-done', 'mark').at(-1)?.startTime;
    return {
      ms: w.__benchChangeAt === null ? wall : to - from,
      workerMs: workerDone === undefined || w.__benchChangeAt === null ? null : workerDone - from,
      wallMs: wall,
      records: w.__ixnscopeBench.state().records,
      longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      over100: tasks.filter((t) => t.duration > 100).length,
      longTotal: tasks.reduce((m, t) => m + t.duration, 0),
    };
  }, wallMs);
}

/**
 * One bare-worker load and one app load of `file` in a fresh page of `base` (bench/ab.ts); with
 * `interact`, the scrubs and filters of the bench right after the load too.
 */
export async function benchPage(
  browser: Browser,
  base: string,
  file: string,
  interact = false,
): Promise<{ base: number; app: AppLoad; after: Interactions | null; cpuMs: number | null }> {
  const page = await newPage(browser, base);
  try {
    const b = await Promise.race([crashGuard(page), baselineLoad(page, file)]);
    await page.evaluate(() => (window as unknown as Win).gc?.());
    const proc = existsSync('/proc/self/task');
    const before = proc ? chromiumCpu() : null;
    const app = await appLoad(page, file);
    const cpuMs = before ? cpuSince(before) : null;
    const after = interact ? await interactions(page, app.records) : null;
    return { base: b.ms, app, after, cpuMs };
  } finally {
    await closePage(page);
  }
}

async function heapAfterGc(page: Page): Promise<number | null> {
  return page.evaluate(async () => {
    const w = window as unknown as Win & { performance: Performance & { memory?: { usedJSHeapSize: number } } };
    for (let i = 0; i < 3; i++) {
      w.gc?.();
      await new Promise((r) => setTimeout(r, 50));
    }
    return w.performance.memory?.usedJSHeapSize ?? null;
  });
}

/** A small deterministic generator, so every run scrubs to the same places. */
function positions(count: number, max: number): number[] {
  let s = 0x9e3779b9;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out.push((s >>> 0) % max);
  }
  return out;
}

export interface Interactions {
  scrubs: number[];
  text: { ms: number; shown: number };
  text2: { ms: number; shown: number };
  interaction: { ms: number; shown: number; id: string; names: number } | null;
  /** The party filter on the busiest interaction's first party id. */
  party: { ms: number; shown: number; id: string } | null;
  domRows: number;
  middleRow: number | null;
  /** Typing a term in the interaction list's filter: longest task, time to the painted frame. */
  interactionList: UiStep & { term: string; shown: string };
  /** Opening the Timeline tab with no interaction selected: every interaction's lanes. */
  timeline: UiStep & { lanes: string };
}

/** A step done through the UI, as a person does: its longest main-thread task and its time to paint. */
interface UiStep {
  longest: number;
  ms: number;
}

/** Does `act` through the page's UI; returns its longest task and the time to the frame after it. */
async function uiStep(page: Page, act: () => Promise<void>): Promise<UiStep> {
  await page.evaluate(() => {
    const w = window as unknown as Win & { __benchStep: number };
    w.__benchLongTasks.length = 0;
    w.__benchStep = performance.now();
  });
  await act();
  return page.evaluate(async () => {
    const w = window as unknown as Win & { __benchStep: number };
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const ms = performance.now() - w.__benchStep;
    // Tasks still running or queued end before this evaluation answers; give the observer a turn.
    await new Promise((r) => setTimeout(r, 50));
    return { longest: w.__benchLongTasks.reduce((m, t) => Math.max(m, t.duration), 0), ms };
  });
}

async function interactions(page: Page, records: number): Promise<Interactions> {
  await quiet(page);
  const scrubs: number[] = [];
  for (const at of positions(SCRUBS, records)) {
    scrubs.push(await within('a scrub', 30_000, page.evaluate((i) => (window as unknown as Win).__ixnscopeBench.scrub(i), at)));
  }
  // The first text filter builds every record's search text (kept for the next ones); the second,
  // another word, costs the search alone.
  const text = await within('the text filter', 60_000, page.evaluate((t) => (window as unknown as Win).__ixnscopeBench.filterText(t), TEXT_FILTER));
  await page.evaluate(() => (window as unknown as Win).__ixnscopeBench.clearFilters());
  const text2 = await within('the text filter', 60_000, page.evaluate((t) => (window as unknown as Win).__ixnscopeBench.filterText(t), TEXT_FILTER_2));
  await page.evaluate(() => (window as unknown as Win).__ixnscopeBench.clearFilters());
  const busiest = await page.evaluate(() => (window as unknown as Win).__ixnscopeBench.busiestInteraction());
  let interaction: Interactions['interaction'] = null;
  if (busiest) {
    const r = await within(
      'the interaction filter',
      60_000,
      page.evaluate((id) => (window as unknown as Win).__ixnscopeBench.filterInteraction(id), busiest.id),
    );
    interaction = { ...r, id: busiest.id, names: busiest.records };
    await page.evaluate(() => (window as unknown as Win).__ixnscopeBench.clearFilters());
  }
  let party: Interactions['party'] = null;
  const partyId = busiest ? await page.evaluate((id) => (window as unknown as Win).__ixnscopeBench.firstParty(id), busiest.id) : null;
  if (partyId !== null) {
    const r = await within('the party filter', 60_000, page.evaluate((id) => (window as unknown as Win).__ixnscopeBench.filterParty(id), partyId));
    party = { ...r, id: partyId };
    await page.evaluate(() => (window as unknown as Win).__ixnscopeBench.clearFilters());
  }
  const scrolled = await within(
    'the table scroll',
    30_000,
    page.evaluate(async () => {
      const body = document.querySelector<HTMLElement>('.evt-body');
      if (!body) return { domRows: -1, middleRow: null };
      body.scrollTop = body.scrollHeight / 2 - body.clientHeight / 2;
      for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const rows = [...body.querySelectorAll<HTMLElement>('[data-row]')];
      const numbers = rows.map((r) => Number(r.dataset.row)).sort((a, b) => a - b);
      return { domRows: rows.length, middleRow: numbers.length > 0 ? numbers[numbers.length >> 1] : null };
    }),
  );
  // The interaction list's filter, typed: the first nine characters of the busiest interaction's id.
  const term = (busiest?.id ?? 'voice').slice(0, 9);
  const filterBox = page.getByLabel('Filter interactions');
  const interactionList = await within('the interaction list filter', 60_000, uiStep(page, () => filterBox.fill(term)));
  const shown = (await page.getByTestId('interaction-count').textContent()) ?? '?';
  await filterBox.fill('');
  // The Timeline of every interaction (nothing is selected after a load).
  const timeline = await within(
    'the timeline of every interaction',
    60_000,
    uiStep(page, async () => {
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await page.getByTestId('timeline').waitFor();
    }),
  );
  const lanes = (await page.getByTestId('timeline').getAttribute('data-lanes')) ?? '?';
  await page.getByRole('tab', { name: 'Party graph' }).click();
  return { scrubs, text, text2, interaction, party, ...scrolled, interactionList: { ...interactionList, term, shown }, timeline: { ...timeline, lanes } };
}

async function benchSize(browser: Browser, base: string, events: number, file: string, runs: number): Promise<BenchRow[]> {
  const size = sizeLabel(events);
  const bytes = statSync(file).size;
  const bare: number[] = [];
  const ours: AppLoad[] = [];
  let heap: number | null = null;
  let after: Interactions | null = null;
  for (let run = 0; run < runs; run++) {
    const page = await newPage(browser, base);
    try {
      log(`${size}: run ${run + 1}/${runs} (load average ${loadavg()[0].toFixed(2)}), baseline worker`);
      const b = await Promise.race([crashGuard(page), baselineLoad(page, file)]);
      bare.push(b.ms);
      log(`${size}: baseline ${ms(b.ms)} (${b.records} records); app load`);
      await page.evaluate(() => (window as unknown as Win).gc?.());
      const a = await appLoad(page, file);
      ours.push(a);
      log(`${size}: app ${ms(a.ms)} (${a.records} records; its worker done at ${a.workerMs === null ? 'n/a' : ms(a.workerMs)}), longest task ${ms(a.longest)}`);
      if (run === runs - 1) {
        heap = await heapAfterGc(page);
        await page.waitForTimeout(Number(process.env.BENCH_SETTLE_MS ?? 0));
        after = await Promise.race([crashGuard(page), interactions(page, a.records)]);
        // Heap again after using it: scrub and filter caches stay.
        const used = await heapAfterGc(page);
        if (used !== null && heap !== null) log(`${size}: heap after load ${mb(heap)}, after interactions ${mb(used)}`);
      }
    } finally {
      await closePage(page);
    }
  }
  const base0 = median(bare);
  const worst = ours.reduce((m, a) => (a.longest > m.longest ? a : m), ours[0]);
  // Each load against the bare worker of its own page, run just before it: this VM's speed
  // moves within minutes, so the median of the paired ratios says more than a ratio of medians.
  const paired = (of: (a: AppLoad) => number | null): { ms: number; ratio: number } | null => {
    const values = ours.map(of);
    if (values.some((v) => v === null)) return null;
    return { ms: median(values as number[]), ratio: median(ours.map((_, i) => (values[i] as number) / bare[i])) };
  };
  const load = paired((a) => a.ms)!;
  const worker = paired((a) => a.workerMs);
  const pairs = runs > 1 ? `; median of ${runs} paired runs` : '';
  const rows: BenchRow[] = [
    {
      metric: `Browser ingest to done (${mb(bytes)} file)`,
      size,
      figure: ms(load.ms),
      baseline: `worker stream+split+JSON.parse ${ms(base0)}${pairs}`,
      ratio: load.ratio.toFixed(2),
    },
    {
      metric: `Browser ingest: the worker's part (read, parse, send) of that load`,
      size,
      figure: worker === null ? 'n/a' : ms(worker.ms),
      baseline: `worker stream+split+JSON.parse ${ms(base0)}${pairs}`,
      ratio: worker === null ? '-' : worker.ratio.toFixed(2),
    },
    {
      metric: 'Browser longest main-thread task in load',
      size,
      figure: ms(worst.longest),
      baseline: 'target 100 ms',
      ratio: (worst.longest / 100).toFixed(2),
    },
    {
      metric: 'Browser tasks > 100 ms in load (time in all long tasks)',
      size,
      figure: `${worst.over100} (${ms(worst.longTotal)})`,
      baseline: 'target 0',
      ratio: '-',
    },
    {
      metric: 'Browser JS heap after load and gc',
      size,
      figure: heap === null ? 'n/a' : mb(heap),
      baseline: `file ${mb(bytes)}, target 3x`,
      ratio: heap === null ? '-' : (heap / bytes).toFixed(2),
    },
  ];
  if (after) {
    const m = median(after.scrubs);
    rows.push({
      metric: `Browser scrub, to painted frame (median of ${SCRUBS})`,
      size,
      figure: ms(m),
      baseline: `target 50 ms; max ${ms(Math.max(...after.scrubs))}`,
      ratio: (m / 50).toFixed(2),
    });
    rows.push({
      metric: `Browser first text filter "${TEXT_FILTER}" (${after.text.shown.toLocaleString('en-US')} rows)`,
      size,
      figure: ms(after.text.ms),
      baseline: 'target 200 ms',
      ratio: (after.text.ms / 200).toFixed(2),
    });
    rows.push({
      metric: `Browser next text filter "${TEXT_FILTER_2}" (${after.text2.shown.toLocaleString('en-US')} rows)`,
      size,
      figure: ms(after.text2.ms),
      baseline: 'target 200 ms',
      ratio: (after.text2.ms / 200).toFixed(2),
    });
    if (after.interaction) {
      rows.push({
        metric: `Browser interaction filter (${after.interaction.shown} rows)`,
        size,
        figure: ms(after.interaction.ms),
        baseline: 'target 200 ms',
        ratio: (after.interaction.ms / 200).toFixed(2),
      });
    }
    if (after.party) {
      rows.push({
        metric: `Browser party filter "${after.party.id}" (${after.party.shown} rows)`,
        size,
        figure: ms(after.party.ms),
        baseline: 'target 200 ms',
        ratio: (after.party.ms / 200).toFixed(2),
      });
    }
    rows.push({
      metric: `Browser table at row ${after.middleRow ?? '?'}: rows in DOM`,
      size,
      figure: `${after.domRows} rows`,
      baseline: `${events.toLocaleString('en-US')} records`,
      ratio: (after.domRows / events).toExponential(1),
    });
    rows.push({
      metric: `Browser interaction list filter typed ("${after.interactionList.term}", ${after.interactionList.shown}): longest task`,
      size,
      figure: ms(after.interactionList.longest),
      baseline: `target 100 ms; painted after ${ms(after.interactionList.ms)}`,
      ratio: (after.interactionList.longest / 100).toFixed(2),
    });
    rows.push({
      metric: `Browser Timeline of every interaction opened (${Number(after.timeline.lanes).toLocaleString('en-US')} lanes): longest task`,
      size,
      figure: ms(after.timeline.longest),
      baseline: `target 100 ms; painted after ${ms(after.timeline.ms)}`,
      ratio: (after.timeline.longest / 100).toFixed(2),
    });
  }
  return rows;
}

function failedRows(events: number, reason: string): BenchRow[] {
  const size = sizeLabel(events);
  return [{ metric: 'Browser ingest and interaction', size, figure: `failed: ${reason}`, baseline: '-', ratio: '-' }];
}

// ---------------------------------------------------------------------------------------------
// CPU profile of one load (BENCH_PROFILE=1)

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

interface SourceMap {
  originalPositionFor(at: { line: number; column: number }): { source: string | null; line: number | null; name: string | null };
}
/** source-map-js comes with Vite's toolchain; without it the profile names built files. */
let SourceMapConsumer: (new (raw: unknown) => SourceMap) | null = null;
const maps = new Map<string, SourceMap | null>();

function sourceMapFor(url: string): SourceMap | null {
  if (maps.has(url)) return maps.get(url)!;
  let consumer: SourceMap | null = null;
  try {
    const path = join(root, DIST, new URL(url).pathname + '.map');
    if (SourceMapConsumer && existsSync(path)) consumer = new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    consumer = null;
  }
  maps.set(url, consumer);
  return consumer;
}

function describeFrame(f: ProfileNode['callFrame']): string {
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  const map = f.url.startsWith('http') ? sourceMapFor(f.url) : null;
  if (map) {
    const pos = map.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
    if (pos.source) return `${pos.name ?? name} ${pos.source.replace(/^(\.\.\/)+/, '')}:${pos.line}`;
  }
  return `${name} ${f.url.replace(/^https?:\/\/[^/]+/, '')}:${f.lineNumber + 1}`;
}

/** Self time per function of a profile (source-mapped to src/ when the maps are there), most first. */
export async function topSelfTime(profile: Profile, count: number): Promise<{ what: string; ms: number; share: number }[]> {
  if (!SourceMapConsumer) {
    try {
      SourceMapConsumer = ((await import('source-map-js')) as unknown as { SourceMapConsumer: typeof SourceMapConsumer }).SourceMapConsumer;
    } catch {
      SourceMapConsumer = null;
    }
  }
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const byWhat = new Map<string, number>();
  let total = 0;
  for (const [id, t] of self) {
    const node = byNode.get(id);
    if (!node) continue;
    total += t;
    const what = describeFrame(node.callFrame);
    byWhat.set(what, (byWhat.get(what) ?? 0) + t);
  }
  return [...byWhat]
    .map(([what, t]) => ({ what, ms: t, share: total > 0 ? t / total : 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
}

/**
 * Per-thread CPU profiles out of a trace with V8's sampling profiler on: its `Profile` and
 * `ProfileChunk` events carry the samples of every isolate of the page, the load worker's too
 * (CDP's Profiler domain sees only the page's).
 */
export function threadProfiles(events: (TraceEvent & { id?: string })[]): { thread: string; profile: Profile }[] {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const byId = new Map<string, { thread: string; nodes: Map<number, ProfileNode>; samples: number[]; timeDeltas: number[] }>();
  for (const e of events) {
    if (e.name === 'Profile') byId.set(`${e.pid}:${e.id}`, { thread: names.get(`${e.pid}:${e.tid}`) ?? `thread ${e.tid}`, nodes: new Map(), samples: [], timeDeltas: [] });
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const p = byId.get(`${e.pid}:${e.id}`);
    const data = (e.args as { data?: { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } } | undefined)?.data;
    if (!p || !data) continue;
    for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, { ...n, hitCount: 0 });
    for (const sample of data.cpuProfile?.samples ?? []) p.samples.push(sample);
    // Laid out as CDP's profiles are: delta i is the time from sample i - 1 to sample i.
    for (const d of data.timeDeltas ?? []) p.timeDeltas.push(d);
  }
  return [...byId.values()]
    .filter((p) => p.samples.length > 0)
    .map((p) => ({ thread: p.thread, profile: { nodes: [...p.nodes.values()], samples: p.samples, timeDeltas: p.timeDeltas, startTime: 0, endTime: 0 } }));
}

async function profiledLoad(browser: Browser, base: string, events: number, file: string): Promise<void> {
  const page = await newPage(browser, base);
  try {
    await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler', 'toplevel', 'v8'] });
    const a = await appLoad(page, file);
    const buffer = await browser.stopTracing();
    const out = join(root, `bench/out/browser-${events}.profile.trace.json`);
    writeFileSync(out, buffer);
    const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
    log(`profiled load of ${sizeLabel(events)}: ${ms(a.ms)} (profiler on); trace with the profiles in ${out}`);
    for (const { thread, profile } of threadProfiles(Array.isArray(parsed) ? parsed : parsed.traceEvents)) {
      const sampled = profile.timeDeltas.reduce((n, d) => n + d, 0) / 1000;
      // The page's main thread and the load worker; helper threads sample little.
      if (sampled < 200) continue;
      log(`${thread === 'CrRendererMain' ? 'main thread' : thread === 'DedicatedWorker thread' ? 'load worker' : thread}, ${ms(sampled)} sampled; top self time:`);
      for (const t of await topSelfTime(profile, 25)) log(`  ${t.ms.toFixed(0).padStart(7)} ms ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.what}`);
    }
  } finally {
    await closePage(page);
  }
}

// ---------------------------------------------------------------------------------------------
// Chrome trace of one load, with what the long tasks spent their time on (BENCH_TRACE=1)

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string }; src_file?: string };
}

/** What posted the helper-thread tasks of a trace: V8's source file of each task, for a reader. */
const HELPER_WORK: [string, string][] = [
  ['scavenger.cc', 'collector: young generation (parallel scavenge)'],
  ['concurrent-marking.cc', 'collector: concurrent marking'],
  ['mark-compact.cc', 'collector: evacuation and pointer updates'],
  ['sweeper.cc', 'collector: sweeping'],
  ['optimizing-compile-dispatcher.cc', 'optimizing compiler (TurboFan)'],
  ['maglev-concurrent-dispatcher.cc', 'mid-tier compiler (Maglev)'],
  ['baseline-batch-compiler.cc', 'baseline compiler (Sparkplug)'],
  ['categorized_worker_pool.cc', 'raster'],
  ['file_stream_context_posix.cc', 'file reads'],
];

/** Time of the thread pool tasks of the renderer processes by what posted them, most first. */
export function helperThreadWork(events: TraceEvent[]): [string, number][] {
  const renderers = new Set<number>();
  for (const e of events) if (e.ph === 'M' && e.name === 'process_name' && e.args?.name === 'Renderer') renderers.add(e.pid);
  const byWhat = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'ThreadPool_RunTask' || e.dur === undefined || !renderers.has(e.pid)) continue;
    const file = (e.args?.src_file ?? '').split('/').pop() ?? '';
    const what = HELPER_WORK.find(([f]) => f === file)?.[1] ?? 'other';
    byWhat.set(what, (byWhat.get(what) ?? 0) + e.dur / 1000);
  }
  return [...byWhat].sort((a, b) => b[1] - a[1]);
}

/** Self time by event name inside each main-thread task of 50 ms or more. */
export function longTaskBreakdown(events: TraceEvent[]): { tasks: { at: number; ms: number; top: [string, number][] }[]; total: [string, number][] } {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const count = new Map<string, number>();
  for (const e of events) if (e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`)) count.set(`${e.pid}:${e.tid}`, (count.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
  const mine = events
    .filter((e) => e.ph === 'X' && typeof e.dur === 'number' && `${e.pid}:${e.tid}` === main)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const label = (e: TraceEvent): string => (e.name === 'FunctionCall' && e.args?.data?.functionName ? `FunctionCall ${e.args.data.functionName}` : e.name);
  const tasks: { at: number; ms: number; top: [string, number][] }[] = [];
  const total = new Map<string, number>();
  const t0 = mine[0]?.ts ?? 0;
  for (let i = 0; i < mine.length; i++) {
    const task = mine[i];
    if (task.name !== 'RunTask' && task.name !== 'ThreadControllerImpl::RunTask') continue;
    const end = task.ts + task.dur!;
    let j = i + 1;
    while (j < mine.length && mine[j].ts < end) j++;
    if (task.dur! >= 50_000) {
      const self = new Map<string, number>();
      const stack: { e: TraceEvent; child: number }[] = [{ e: task, child: 0 }];
      const close = (upTo: number): void => {
        while (stack.length > 0 && stack[stack.length - 1].e.ts + stack[stack.length - 1].e.dur! <= upTo) {
          const top = stack.pop()!;
          const name = label(top.e);
          self.set(name, (self.get(name) ?? 0) + top.e.dur! - top.child);
          if (stack.length > 0) stack[stack.length - 1].child += top.e.dur!;
        }
      };
      for (let k = i + 1; k < j; k++) {
        close(mine[k].ts);
        stack.push({ e: mine[k], child: 0 });
      }
      close(Infinity);
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, us]) => [n, us / 1000] as [string, number]);
      for (const [n, us] of self) total.set(n, (total.get(n) ?? 0) + us / 1000);
      tasks.push({ at: (task.ts - t0) / 1000, ms: task.dur! / 1000, top });
    }
    // Nested RunTasks are counted inside their parent.
    i = j - 1;
  }
  return { tasks, total: [...total].sort((a, b) => b[1] - a[1]).slice(0, 15) };
}

async function tracedLoad(browser: Browser, base: string, events: number, file: string): Promise<void> {
  const page = await newPage(browser, base);
  try {
    await browser.startTracing(page, {
      categories: [
        'toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.gc', 'blink.user_timing',
        ...(process.env.BENCH_TRACE_CATEGORIES ?? '').split(',').filter((c) => c !== ''),
      ],
    });
    const a = await appLoad(page, file);
    const buffer = await browser.stopTracing();
    const out = join(root, `bench/out/browser-${events}.trace.json`);
    writeFileSync(out, buffer);
    const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
    const { tasks, total } = longTaskBreakdown(Array.isArray(parsed) ? parsed : parsed.traceEvents);
    log(`traced load of ${sizeLabel(events)}: ${ms(a.ms)} (tracing on), longest task ${ms(a.longest)}; trace in ${out}`);
    log(`${tasks.length} main-thread tasks of 50 ms or more, ${ms(tasks.reduce((n, t) => n + t.ms, 0))} in all; self time in them:`);
    for (const [n, t] of total) log(`  ${t.toFixed(0).padStart(7)} ms  ${n}`);
    log('the longest:');
    for (const t of [...tasks].sort((x, y) => y.ms - x.ms).slice(0, 10)) {
      log(`  at ${ms(t.at)}: ${ms(t.ms)}: ${t.top.map(([n, v]) => `${n} ${v.toFixed(0)}`).join(', ')}`);
    }
    const helpers = helperThreadWork(Array.isArray(parsed) ? parsed : parsed.traceEvents);
    log(`helper threads of the page's process: ${ms(helpers.reduce((n, [, t]) => n + t, 0))} in tasks, by what posted them:`);
    for (const [what, t] of helpers) log(`  ${t.toFixed(0).padStart(7)} ms  ${what}`);
  } finally {
    await closePage(page);
  }
}

// ---------------------------------------------------------------------------------------------
// CPU per Chromium thread over one load (BENCH_THREADS=1)

/** CPU ms of every Chromium process and of each of its live threads, from /proc (clock ticks of 10 ms). */
function chromiumCpu(): { processes: Map<string, number>; threads: Map<string, { name: string; ms: number }> } {
  const processes = new Map<string, number>();
  const threads = new Map<string, { name: string; ms: number }>();
  const times = (stat: string): { name: string; ms: number } => {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ms: (Number(fields[11]) + Number(fields[12])) * 10 };
  };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const own = times(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (!/chrom/i.test(own.name)) continue;
      processes.set(pid, own.ms);
      for (const tid of readdirSync(`/proc/${pid}/task`)) threads.set(`${pid}/${tid}`, times(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
    } catch {
      // the process or thread ended while being read
    }
  }
  return { processes, threads };
}

/** CPU ms all Chromium processes spent since `before` (threads that ended included). */
function cpuSince(before: ReturnType<typeof chromiumCpu>): number {
  let total = 0;
  for (const [pid, ms] of chromiumCpu().processes) total += ms - (before.processes.get(pid) ?? 0);
  return total;
}

async function threadsLoad(browser: Browser, base: string, events: number, file: string): Promise<void> {
  if (!existsSync('/proc/self/task')) {
    log('CPU per thread: needs /proc (Linux)');
    return;
  }
  const page = await newPage(browser, base);
  try {
    const before = chromiumCpu();
    const a = await appLoad(page, file);
    const after = chromiumCpu();
    const byName = new Map<string, number>();
    const add = (name: string, ms: number) => byName.set(name, (byName.get(name) ?? 0) + ms);
    const liveByProcess = new Map<string, number>();
    for (const [key, t] of after.threads) {
      const spent = t.ms - (before.threads.get(key)?.ms ?? 0);
      const pid = key.split('/')[0];
      liveByProcess.set(pid, (liveByProcess.get(pid) ?? 0) + spent);
      if (spent > 0) add(t.name.replace(/\d+$/, ''), spent);
    }
    // A process's own time includes the threads that ended: what its live threads do not hold.
    for (const [pid, spent] of after.processes) {
      const ended = spent - (before.processes.get(pid) ?? 0) - (liveByProcess.get(pid) ?? 0);
      if (ended > 0) add('(threads that ended: the load worker)', ended);
    }
    const total = [...byName.values()].reduce((n, v) => n + v, 0);
    log(`CPU per thread over a load of ${sizeLabel(events)} (${ms(a.ms)}): ${ms(total)} in all Chromium processes`);
    for (const [name, v] of [...byName].sort((x, y) => y[1] - x[1]).slice(0, 12)) log(`  ${ms(v).padStart(9)}  ${name}`);
  } finally {
    await closePage(page);
  }
}

// ---------------------------------------------------------------------------------------------

export async function benchBrowser({ sizes, traceFile }: Options): Promise<BenchRow[]> {
  build();
  const port = await freePort();
  const server = await preview(port);
  const base = `http://127.0.0.1:${port}`;
  const onExit = (): void => stop(server);
  process.once('exit', onExit);
  let browser: Browser | null = null;
  const rows: BenchRow[] = [];
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--enable-precise-memory-info',
        '--js-flags=--expose-gc',
      ],
    });
    const runs = Number(process.env.BENCH_RUNS ?? 3);
    for (const events of sizes) {
      const file = traceFile(events);
      // Every size the same number of runs: a 1M load and its bare worker take a few seconds.
      const n = Math.max(1, runs);
      try {
        rows.push(...(await benchSize(browser, base, events, file, n)));
      } catch (err) {
        const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
        log(`${sizeLabel(events)} failed: ${reason}`);
        rows.push(...failedRows(events, reason));
        if (!browser.isConnected()) break;
      }
    }
    // Extra loads of the largest size, each with its own instrument.
    const extras = [
      { env: 'BENCH_TRACE', what: 'traced', run: tracedLoad },
      { env: 'BENCH_PROFILE', what: 'profiled', run: profiledLoad },
      { env: 'BENCH_THREADS', what: 'CPU per thread', run: threadsLoad },
    ];
    for (const { env, what, run } of extras) {
      if (process.env[env] !== '1' || !browser.isConnected()) continue;
      const events = Math.max(...sizes);
      try {
        await run(browser, base, events, traceFile(events));
      } catch (err) {
        log(`${what} load failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    stop(server);
    process.off('exit', onExit);
  }
  return rows;
}
