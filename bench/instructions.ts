/**
 * Instructions the load worker's pipeline (`loadTrace`: parser, line scanner, wire encoder,
 * batches) runs on a trace, counted by valgrind's cachegrind: the same count run after run, where
 * this VM's wall time moves by 15% or more. Compare two versions by running it in each checkout.
 * Not part of `npm run bench`.
 *
 *   npx tsx bench/instructions.ts TRACE [--cache]
 *
 * The trace is fed as a browser's Blob stream gives it (64 KiB chunks of a Uint8Array), read
 * once, compiling included, as in a load; node runs with one thread and fixed seeds. `--cache`
 * adds cachegrind's cache model (32 KiB L1, 2 MiB L2) and prints the data misses. Needs valgrind
 * (`apt-get install -y valgrind`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHUNK = 64 * 1024;

/** The child: one load of `file` through `loadTrace`, printing the records posted. */
async function loadOnce(file: string): Promise<void> {
  const { loadTrace } = await import('../src/ingest/loadTrace.ts');
  const bytes = new Uint8Array(readFileSync(file));
  // A Blob whose stream gives Uint8Array chunks as Chromium's does (Node's give one chunk, or Buffers).
  const blob = {
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
  let records = 0;
  await loadTrace([{ kind: 'blob', name: file, blob }], (message) => {
    if (message.type === 'batch') records += message.records.count;
  });
  process.stdout.write(`records ${records}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await loadOnce(args[1]);
} else {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: npx tsx bench/instructions.ts TRACE [--cache]\n');
    process.exit(2);
  }
  const cache = args.includes('--cache') ? ['--cache-sim=yes', '--D1=32768,8,64', '--LL=2097152,16,64'] : ['--cache-sim=no'];
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(
    'valgrind',
    ['--tool=cachegrind', ...cache, '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', '--hash-seed=1', '--random-seed=1', '--import', 'tsx', self, '--child', file],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (r.error) {
    process.stderr.write(`valgrind did not run (${r.error.message}): apt-get install -y valgrind\n`);
    process.exit(1);
  }
  const records = /records (\d+)/.exec(r.stdout)?.[1];
  const lines = r.stderr.split('\n').filter((l) => /I\s+refs|D1\s+misses|LLd misses/.test(l));
  if (r.status !== 0 || !records || lines.length === 0) {
    process.stderr.write(`the counted run failed (status ${r.status}):\n${r.stderr.slice(-2000)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${file}: ${records} records\n${lines.map((l) => l.replace(/^==\d+==\s*/, '')).join('\n')}\n`);
}
