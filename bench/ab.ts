/**
 * A/B of two builds of the app on the same trace, alternating loads in one browser so that both
 * see the same machine (this VM's speed moves by 30% within minutes): per load, the ratio of the
 * app's load time to the bare worker's in the same page, the longest task, the tasks over 50 ms.
 *
 *   npx tsx bench/ab.ts DIST_A DIST_B TRACE [rounds] [--interact]
 *
 * `--interact` also scrubs and filters right after each load, as `npm run bench` does, and prints
 * the scrub median and the two text filters' times.
 *
 * Each DIST is a `vite build --outDir` of one version. Not part of `npm run bench`: a tool for
 * deciding whether a change pays, before `npm run bench` measures the result.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium } from '@playwright/test';
import { benchPage, type AppLoad, type Interactions } from './browser.ts';

const interact = process.argv.includes('--interact');
const [distA, distB, trace, roundsArg] = process.argv.slice(2).filter((a) => a !== '--interact');
if (!distA || !distB || !trace) {
  process.stderr.write('usage: npx tsx bench/ab.ts DIST_A DIST_B TRACE [rounds]\n');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 4);

async function serve(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn('npx', ['vite', 'preview', '--outDir', dir, '--port', String(port), '--host', '127.0.0.1', '--strictPort'], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview of ${dir} did not start`);
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];

const servers = [await serve(distA, 4781), await serve(distB, 4782)];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});
interface Result {
  ratio: number[];
  /** The worker's part of the load against the bare worker. */
  worker: number[];
  longest: number[];
  ms: number[];
  /** CPU of all Chromium processes over the app's load (Linux). */
  cpu: number[];
  scrub: number[];
  filter: number[];
  filter2: number[];
}
const results: Result[] = [0, 1].map(() => ({ ratio: [], worker: [], longest: [], ms: [], cpu: [], scrub: [], filter: [], filter2: [] }));
try {
  for (let round = 0; round < rounds; round++) {
    for (const v of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const { base, app, after, cpuMs }: { base: number; app: AppLoad; after: Interactions | null; cpuMs: number | null } = await benchPage(browser, `http://127.0.0.1:${4781 + v}`, trace, interact);
      results[v].ratio.push(app.ms / base);
      if (app.workerMs !== null) results[v].worker.push(app.workerMs / base);
      results[v].longest.push(app.longest);
      results[v].ms.push(app.ms);
      if (cpuMs !== null) results[v].cpu.push(cpuMs);
      let then = '';
      if (after) {
        results[v].scrub.push(median(after.scrubs));
        results[v].filter.push(after.text.ms);
        results[v].filter2.push(after.text2.ms);
        then = `; then scrub median ${median(after.scrubs).toFixed(1)} ms, text filters ${after.text.ms.toFixed(0)} and ${after.text2.ms.toFixed(0)} ms`;
      }
      process.stderr.write(`round ${round + 1} ${'AB'[v]}: app ${app.ms.toFixed(0)} ms, bare ${base.toFixed(0)} ms, ratio ${(app.ms / base).toFixed(2)} (worker's part ${app.workerMs === null ? 'n/a' : (app.workerMs / base).toFixed(2)}), longest task ${app.longest.toFixed(0)} ms, over 100 ms ${app.over100}${cpuMs === null ? '' : `, CPU ${cpuMs.toFixed(0)} ms`}${then}\n`);
    }
  }
} finally {
  await browser.close();
  for (const s of servers) if (s.pid) process.kill(-s.pid, 'SIGTERM');
}
for (const v of [0, 1]) {
  const r = results[v];
  process.stdout.write(`${'AB'[v]} (${[distA, distB][v]}): ratio median ${median(r.ratio).toFixed(2)} [${r.ratio.map((x) => x.toFixed(2)).join(' ')}], worker's part median ${r.worker.length > 0 ? median(r.worker).toFixed(2) : 'n/a'}, load median ${median(r.ms).toFixed(0)} ms, longest task median ${median(r.longest).toFixed(0)} ms (max ${Math.max(...r.longest).toFixed(0)})${r.cpu.length > 0 ? `, CPU of all Chromium processes over the load median ${median(r.cpu).toFixed(0)} ms [${r.cpu.map((x) => x.toFixed(0)).join(' ')}]` : ''}\n`);
  if (interact) {
    process.stdout.write(`  after the load: scrub median ${median(r.scrub).toFixed(1)} ms [${r.scrub.map((x) => x.toFixed(1)).join(' ')}], first text filter ${median(r.filter).toFixed(0)} ms, next ${median(r.filter2).toFixed(0)} ms\n`);
  }
}
