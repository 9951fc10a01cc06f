/**
 * Helpers shared by the corpus, property and fuzz tests: read a trace through the streaming
 * parser in given chunks, run the CLI in a child process, and a seeded random source.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TraceParser } from '../../src/model/parser.ts';
import { addRejected, apply, createTrace, finish } from '../../src/model/reducer.ts';
import type { TraceState } from '../../src/model/state.ts';
import { summarize, type Summary } from '../../src/model/summary.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS = fileURLToPath(new URL('./', import.meta.url));

/** Folds a trace fed to `TraceParser.push` as the given chunks (bytes or text) into a finished state. */
export function stateOfChunks(name: string, chunks: Iterable<Uint8Array | string>): TraceState {
  const parser = new TraceParser(name, 0);
  const state = createTrace();
  const take = (out: ReturnType<TraceParser['push']>) => {
    addRejected(state, out.diagnostics, out.rejected);
    for (const r of out.records) apply(state, r);
  };
  for (const chunk of chunks) take(parser.push(chunk));
  take(parser.end());
  return finish(state);
}

export function summaryOfChunks(name: string, chunks: Iterable<Uint8Array | string>): Summary {
  return summarize(stateOfChunks(name, chunks));
}

/** Splits `data` at the given cut points (any order, out of range ignored). */
export function splitAt<T extends Uint8Array | string>(data: T, cuts: readonly number[]): T[] {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < data.length))].sort((a, b) => a - b);
  const out: T[] = [];
  let from = 0;
  for (const p of points) {
    out.push(data.slice(from, p) as T);
    from = p;
  }
  out.push(data.slice(from) as T);
  return out;
}

/** Fixed-size chunks. */
export function* chunksOf<T extends Uint8Array | string>(data: T, size: number): Generator<T> {
  for (let i = 0; i < data.length; i += size) yield data.slice(i, i + size) as T;
  if (data.length === 0) yield data;
}

/** mulberry32: a small seeded generator, so generated inputs are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the CLI process, in KiB (bin/ixnscope reports it with IXNSCOPE_STATS). */
  maxRssKiB: number | null;
}

/**
 * Runs `./bin/ixnscope ARGS` in a child process and reports its peak memory. Killed after
 * `timeoutMs`, so a hang fails the test instead of blocking the suite.
 */
export function runCli(args: readonly string[], timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ROOT + 'bin/ixnscope', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, IXNSCOPE_STATS: '1' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let stderr = Buffer.concat(err).toString('utf8');
      const m = /IXNSCOPE_STATS (\{.*\})\n?$/.exec(stderr);
      if (m) stderr = stderr.slice(0, m.index);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr, maxRssKiB: m ? (JSON.parse(m[1]) as { maxRssKb: number }).maxRssKb : null });
    });
  });
}
