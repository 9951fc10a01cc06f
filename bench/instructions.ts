/**
 * Instructions the load worker's pipeline (`loadTrace`: parser, line scanner, wire encoder,
 * batches) runs on a trace, counted by valgrind's cachegrind: the same count run after run, where
 * this VM's wall time moves by 15% or more. Compare two versions by running it in each checkout.
 * Not part of `npm run bench`.
 *
 *   npx tsx bench/instructions.ts TRACE [--cache] [--page [--parts]]
 *
 * The trace is fed as a browser's Blob stream gives it (64 KiB chunks of a Uint8Array), read
 * once, compiling included, as in a load; node runs with one thread and fixed seeds. `--cache`
 * adds cachegrind's cache model (32 KiB L1, 2 MiB L2) and prints the data misses. Needs valgrind
 * (`apt-get install -y valgrind`).
 *
 * `--page` counts the page's side of the load instead: the batches the worker posts for the trace
 * (made first, outside the count) decoded, applied by the reducer, added to the record list and
 * indexed, a slice of 1000 records at a time as the load controller and the trace index do. It
 * prints that run's count minus the count of a run that only reads the batches in. With one
 * thread, the collector and the optimizing compiler are counted too (in Chromium they run partly
 * on helper threads). Their schedule moves with timing, and a collection can move across the
 * end of the pass: `--parts` also prints the difference by part (collector, compilers, builtins,
 * compiled JavaScript), to see where a change's difference lies before trusting its total.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { EncodedRecords } from '../src/ingest/batchCodec.ts';

const CHUNK = 64 * 1024;
/** Records per slice the page applies (the load controller's `chunk`). */
const SLICE = 1000;

/** A Blob whose stream gives Uint8Array chunks as Chromium's does (Node's give one chunk, or Buffers). */
function blobOf(file: string): Blob {
  const bytes = new Uint8Array(readFileSync(file));
  return {
    size: bytes.length,
    stream: () => {
      let at = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) controller.close();
          else controller.enqueue(bytes.subarray(at, (at += CHUNK)));
        },
      });
    },
  } as unknown as Blob;
}

/** The child: one load of `file` through `loadTrace`, printing the records posted. */
async function loadOnce(file: string): Promise<void> {
  const { loadTrace } = await import('../src/ingest/loadTrace.ts');
  let records = 0;
  await loadTrace([{ kind: 'blob', name: file, blob: blobOf(file) }], (message) => {
    if (message.type === 'batch') records += message.records.count;
  });
  process.stdout.write(`records ${records}\n`);
}

/** Uncounted: the batches the worker posts for `file`, written to `out` (v8 serialization). */
async function dumpBatches(file: string, out: string): Promise<void> {
  const { loadTrace } = await import('../src/ingest/loadTrace.ts');
  const batches: EncodedRecords[] = [];
  await loadTrace([{ kind: 'blob', name: file, blob: blobOf(file) }], (message) => {
    if (message.type === 'batch') batches.push(message.records);
  });
  writeFileSync(out, v8.serialize(batches));
}

/** The page's side of a load of the batches in `from`; with `readOnly`, only reading them in. */
async function pageOnce(from: string, readOnly: boolean): Promise<void> {
  const { RecordDecoder } = await import('../src/ingest/batchCodec.ts');
  const { apply, createTrace, finish } = await import('../src/model/reducer.ts');
  const { RecordList } = await import('../src/model/records.ts');
  const { buildTraceIndex } = await import('../src/model/recordColumns.ts');
  const batches = v8.deserialize(readFileSync(from)) as EncodedRecords[];
  let records = 0;
  if (!readOnly) {
    const decoder = new RecordDecoder();
    const trace = createTrace();
    const list = new RecordList();
    let index: ReturnType<typeof buildTraceIndex> | undefined;
    for (const batch of batches) {
      const reader = decoder.begin(batch);
      for (let offset = 0; ; ) {
        const slice = reader.next(SLICE);
        if (slice.length === 0) break;
        for (const r of slice) apply(trace, r);
        list.append(slice, { segment: reader.segment, offset });
        index = buildTraceIndex(trace, list, index);
        offset += slice.length;
      }
    }
    finish(trace);
    records = list.length;
  }
  process.stdout.write(`records ${records}\n`);
}

/**
 * Runs a child of this file under cachegrind: `script` is this file through tsx (`['--import',
 * 'tsx', self]`) or a bundle of it. Returns its records and the count lines.
 */
function counted(cache: string[], script: string[], argv: string[], outFile = '/dev/null'): { records: string; lines: string[] } {
  const r = spawnSync(
    'valgrind',
    ['--tool=cachegrind', ...cache, `--cachegrind-out-file=${outFile}`, process.execPath, '--single-threaded', '--hash-seed=1', '--random-seed=1', ...script, ...argv],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (r.error) {
    process.stderr.write(`valgrind did not run (${r.error.message}): apt-get install -y valgrind\n`);
    process.exit(1);
  }
  const records = /records (\d+)/.exec(r.stdout)?.[1];
  const lines = r.stderr
    .split('\n')
    .filter((l) => /I\s+refs|D1\s+misses|LLd misses/.test(l))
    .map((l) => l.replace(/^==\d+==\s*/, ''));
  if (r.status !== 0 || records === undefined || lines.length === 0) {
    process.stderr.write(`the counted run failed (status ${r.status}):\n${r.stderr.slice(-2000)}\n`);
    process.exit(1);
  }
  return { records, lines };
}

/** What `--parts` groups a run's instructions into, by the function names cachegrind sees (first match). */
const PARTS: [string, RegExp][] = [
  ['compiled JavaScript (no names)', /^\?\?\?:\?\?\?$/],
  ['collector: write barrier', /RecordWrite/],
  ['collector: young generation', /Scaveng|SemiSpace|NewSpace|EvacuationAllocator/],
  ['collector: marking and compaction', /Mark|Evacuat|Compact|RememberedSet|Pretenur/],
  ['collector: sweeping', /Sweep/],
  ['compilers', /compiler::|[Mm]aglev|Turbo|Baseline|Bytecode|Parser|Scanner/],
  ['builtins', /Builtins_/],
  ['the rest of V8', /v8::|heap::/],
  ['the rest (node, libc)', /./],
];

/** Instructions per part (`PARTS`) of a cachegrind output file, through `cg_annotate`. */
function partsOf(outFile: string): Map<string, number> {
  const r = spawnSync('cg_annotate', ['--show=Ir', '--threshold=0', outFile], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const parts = new Map<string, number>(PARTS.map(([name]) => [name, 0]));
  for (const line of (r.stdout ?? '').split('\n')) {
    const m = /^\s*([\d,]+) \([^)]*\)\s+(.*)$/.exec(line);
    if (!m || m[2].includes('PROGRAM TOTALS')) continue;
    // `file:function`; V8's and the compiled code's file is `???`.
    const name = PARTS.find(([, test]) => test.test(m[2]))?.[0] ?? 'the rest (node, libc)';
    parts.set(name, (parts.get(name) ?? 0) + Number(m[1].replace(/,/g, '')));
  }
  return parts;
}

/** The first number of a count line (`I   refs:      5,069,123,456`). */
function countOf(line: string): number {
  return Number((/:\s*([\d,]+)/.exec(line)?.[1] ?? 'NaN').replace(/,/g, ''));
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await loadOnce(args[1]);
} else if (args[0] === '--dump') {
  await dumpBatches(args[1], args[2]);
} else if (args[0] === '--page-child') {
  await pageOnce(args[1], args[2] === '--read-only');
} else {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: npx tsx bench/instructions.ts TRACE [--cache] [--page [--parts]]\n');
    process.exit(2);
  }
  const cache = args.includes('--cache') ? ['--cache-sim=yes', '--D1=32768,8,64', '--LL=2097152,16,64'] : ['--cache-sim=no'];
  if (!args.includes('--page')) {
    const { records, lines } = counted(cache, ['--import', 'tsx', fileURLToPath(import.meta.url)], ['--child', file]);
    process.stdout.write(`${file}: ${records} records\n${lines.join('\n')}\n`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'ixnscope-page-'));
    try {
      const batches = join(dir, 'batches.v8');
      const dumped = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--dump', file, batches], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (dumped.status !== 0) {
        process.stderr.write('reading the trace into batches failed\n');
        process.exit(1);
      }
      // Bundled, not through tsx: tsx's cache of compiled files moved the counts by 2-4%.
      const bundle = join(dir, 'instructions.mjs');
      const { build } = await import('esbuild');
      await build({ entryPoints: [fileURLToPath(import.meta.url)], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'warning' });
      const withParts = args.includes('--parts');
      const outs = [join(dir, 'read.cg'), join(dir, 'page.cg')];
      const read = counted(cache, [bundle], ['--page-child', batches, '--read-only'], withParts ? outs[0] : undefined);
      const page = counted(cache, [bundle], ['--page-child', batches], withParts ? outs[1] : undefined);
      const out = [`${file}: the page's side of a load of ${page.records} records (decode, reducer, record list, index)`];
      page.lines.forEach((line, i) => {
        const label = line.slice(0, line.indexOf(':') + 1);
        out.push(`${label} ${(countOf(line) - countOf(read.lines[i] ?? '')).toLocaleString('en-US')} (${countOf(line).toLocaleString('en-US')} minus ${countOf(read.lines[i] ?? '').toLocaleString('en-US')} reading the batches in)`);
      });
      if (withParts) {
        const [before, after] = outs.map(partsOf);
        out.push('instructions by part (the same difference):');
        for (const [name] of PARTS) out.push(`  ${((after.get(name) ?? 0) - (before.get(name) ?? 0)).toLocaleString('en-US').padStart(15)}  ${name}`);
      }
      process.stdout.write(`${out.join('\n')}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
