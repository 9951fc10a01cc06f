/**
 * `npm run bench`: every performance claim of ixnscope as a ratio against a baseline measured in
 * the same run, on the same file. Sections run in turn; each prints rows of
 * metric | size | figure | baseline | ratio, and the whole table is written to
 * bench/out/results.md (copied into docs/performance.md by hand with the machine's description).
 *
 *   npm run bench                 all sections, 100k and 1M events
 *   npm run bench -- --quick      100k events only
 *   npm run bench -- cli browser  chosen sections (cli, browser, relay)
 *   BENCH_SIZES=1000000 npm run bench -- browser   chosen trace sizes (events, comma-separated)
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  metric: string;
  size: string;
  figure: string;
  baseline: string;
  ratio: string;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench/out');
mkdirSync(out, { recursive: true });

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const chosen = args.filter((a) => !a.startsWith('--'));
const sizes = process.env.BENCH_SIZES
  ? process.env.BENCH_SIZES.split(',').map(Number)
  : quick
    ? [100_000]
    : [100_000, 1_000_000];
const runs = Number(process.env.BENCH_RUNS ?? 3);

function sizeLabel(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M events` : `${n / 1000}k events`;
}

/** A generated trace of `events` records (seed 7), made once and kept in bench/out. */
export function traceFile(events: number): string {
  const file = join(out, `gen-${events}.ndjson`);
  if (!existsSync(file)) {
    process.stderr.write(`bench: generating ${file}\n`);
    execFileSync(join(root, 'bin/ixnscope'), ['generate', '--events', String(events), '--seed', '7', '-o', file], { stdio: 'inherit' });
  }
  return file;
}

/**
 * Runs a command and times it. With `discardStdout` its output goes to /dev/null, as in
 * `ixnscope summarize big.ndjson > /dev/null`: piping 100 MB of summary into this process would
 * time the pipe, not ixnscope.
 */
function timed(
  cmd: string,
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  discardStdout = false,
): Promise<{ ms: number; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', discardStdout ? 'ignore' : 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      if (stdout.length < 4096) stdout += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms: performance.now() - started, stderr, stdout });
    });
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/**
 * CLI ingest: `ixnscope summarize --json` against the bare parse loop, alternating runs. The CLI
 * splits a large file over two threads (src/cli/split.ts); it is also timed on one thread
 * (`IXNSCOPE_SPLIT=0`), and against a second, plainer baseline (`readFileSync` + `split`).
 */
async function benchCli(): Promise<BenchRow[]> {
  // bin/ixnscope runs the sources through tsx when they are newer than the bundle: build it, so
  // the figures are those of the CLI as installed, not of a TypeScript loader.
  execFileSync('node', [join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  const rows: BenchRow[] = [];
  const bin = join(root, 'bin/ixnscope');
  for (const events of sizes) {
    const file = traceFile(events);
    const bare: number[] = [];
    const bareSync: number[] = [];
    const ours: number[] = [];
    const oursOne: number[] = [];
    const oursReport: number[] = [];
    let rss = 0;
    let bareRss = 0;
    let cpu = 0;
    let bareCpu = 0;
    for (let i = 0; i < runs; i++) {
      const b = await timed('node', [join(root, 'bench/bare-parse.mjs'), file]);
      bare.push(b.ms);
      const bareStats = JSON.parse(b.stdout);
      bareRss = Math.max(bareRss, bareStats.maxRssKb);
      bareCpu = Math.max(bareCpu, bareStats.cpuMs);
      const s = await timed(bin, ['summarize', file, '--json'], { IXNSCOPE_STATS: '1' }, true);
      ours.push(s.ms);
      const stats = /IXNSCOPE_STATS (.*)/.exec(s.stderr);
      if (stats) {
        rss = Math.max(rss, JSON.parse(stats[1]).maxRssKb);
        cpu = Math.max(cpu, JSON.parse(stats[1]).cpuMs);
      }
      const bs = await timed('node', [join(root, 'bench/bare-parse-sync.mjs'), file]);
      bareSync.push(bs.ms);
      const one = await timed(bin, ['summarize', file, '--json'], { IXNSCOPE_SPLIT: '0' }, true);
      oursOne.push(one.ms);
      const r = await timed(bin, ['summarize', file], {}, true);
      oursReport.push(r.ms);
    }
    const mb = (statSync(file).size / 1e6).toFixed(0);
    const base = median(bare);
    const baseSync = median(bareSync);
    const row = (metric: string, times: number[], against: number, label: string): BenchRow => ({
      metric,
      size: sizeLabel(events),
      figure: `${(median(times) / 1000).toFixed(2)} s`,
      baseline: `${label} ${(against / 1000).toFixed(2)} s`,
      ratio: (median(times) / against).toFixed(2),
    });
    rows.push(row(`CLI summarize --json > /dev/null (${mb} MB file)`, ours, base, 'bare split+JSON.parse'));
    rows.push(row('CLI summarize --json, against readFileSync+split', ours, baseSync, 'bare readFileSync+split+JSON.parse'));
    rows.push(row('CLI summarize --json, one thread (IXNSCOPE_SPLIT=0)', oursOne, base, 'bare split+JSON.parse'));
    rows.push(row('CLI summarize > /dev/null (text report)', oursReport, base, 'bare split+JSON.parse'));
    rows.push({
      metric: 'CLI summarize --json CPU time (all threads, most of the runs)',
      size: sizeLabel(events),
      figure: `${(cpu / 1000).toFixed(2)} s`,
      baseline: `bare loop ${(bareCpu / 1000).toFixed(2)} s`,
      ratio: (cpu / bareCpu).toFixed(2),
    });
    rows.push({
      metric: 'CLI summarize peak RSS',
      size: sizeLabel(events),
      figure: `${(rss / 1024).toFixed(0)} MB`,
      baseline: `bare loop ${(bareRss / 1024).toFixed(0)} MB`,
      ratio: (rss / bareRss).toFixed(2),
    });
  }
  return rows;
}

type Section = { name: string; run: () => Promise<BenchRow[]> };

async function optionalSection(name: string, module: string, fn: string): Promise<Section | null> {
  const path = join(root, module);
  if (!existsSync(path)) return null;
  const mod = (await import(path)) as Record<string, unknown>;
  const run = mod[fn] as ((opts: { sizes: number[]; traceFile: (n: number) => string }) => Promise<BenchRow[]>) | undefined;
  return run ? { name, run: () => run({ sizes, traceFile }) } : null;
}

function table(rows: BenchRow[]): string {
  const head = ['metric', 'size', 'figure', 'baseline', 'ratio'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.metric} | ${r.size} | ${r.figure} | ${r.baseline} | ${r.ratio} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const sections: Section[] = [{ name: 'cli', run: benchCli }];
  for (const s of [
    await optionalSection('browser', 'bench/browser.ts', 'benchBrowser'),
    await optionalSection('relay', 'bench/relay.ts', 'benchRelay'),
  ]) {
    if (s) sections.push(s);
  }
  const rows: BenchRow[] = [];
  for (const section of sections) {
    if (chosen.length > 0 && !chosen.includes(section.name)) continue;
    process.stderr.write(`bench: ${section.name}...\n`);
    const got = await section.run();
    for (const r of got) process.stdout.write(`${r.metric.padEnd(52)} ${r.size.padEnd(11)} ${r.figure.padEnd(14)} ${r.baseline.padEnd(40)} ratio ${r.ratio}\n`);
    rows.push(...got);
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const md = `Measured ${new Date().toISOString()} on ${machine}; median of ${runs} runs; ratio = figure / baseline (browser ingest: the median of each load's ratio to the bare worker run just before it, in the same page).\n\n${table(rows)}\n`;
  writeFileSync(join(out, 'results.md'), md);
  process.stdout.write(`\n${md}\nwritten to bench/out/results.md\n`);
}

await main();
