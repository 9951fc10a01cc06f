/**
 * `ixnscope summarize` and `validate` of one large NDJSON file on two threads: this thread reduces
 * the head of the file, a worker (`splitWorker.ts`) the rest from the next line start, and the
 * output (the JSON summary, the text report or the diagnostics) is put together as
 * `src/model/split.ts` explains, byte for byte what one thread would print.
 *
 * Anything unusual falls back to one thread: a machine with one core, a small, gzipped or
 * JSON-array file, not a regular file, a tail whose first record has no `ts` of its own or one
 * earlier than the head's last, a tail mostly made of records the head's state decides (a call
 * that spans the whole file), a worker that fails. `IXNSCOPE_SPLIT=0` turns it off;
 * `IXNSCOPE_SPLIT_MIN_BYTES` sets the smallest file it is tried on (64 MiB).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { isGzip, TraceParser, type ParseOutput } from '../model/parser';
import { addRejected, apply, createTrace, finish, sortDiagnostics, sortedDiagnostics } from '../model/reducer';
import {
  applyDeferred,
  deferredCount,
  deferredGroups,
  mergedTexts,
  type TailKeys,
  type TailOutput,
  type TailReduction,
} from '../model/split';
import type { Interaction, TraceState } from '../model/state';
import { diagnosticJson, interactionJson, linkJson, requestJson, summaryCounts, summaryJsonChunks, SummaryWriter, type SummaryCounts } from '../model/summary';
import type { Diagnostic, TraceRecord } from '../model/types';
import { Utf8Chunks } from './read';
import { diagnosticLine, interactionBlock, orphanLine, reportChunks, reportHeader, requestsByInteraction, textOf } from './report';
import { deferredRecords, range, reduceTail, tailOutput, type TailGo, type TailJob } from './tail';

export type TailMessage =
  | { kind: 'keys'; keys: TailKeys }
  | { kind: 'deferred'; records: TraceRecord[]; ordinals: number[] }
  | { kind: 'output'; output: TailOutput }
  | { kind: 'failed'; reason: string };

export type HeadMessage = ({ kind: 'go' } & TailGo) | { kind: 'stop' };

const CHUNK = 1 << 16;
// Below this one thread is as fast: measured 0.81 vs 0.89 s at 18 MB, 1.27 vs 1.34 s at 37 MB, 2.00
// vs 1.89 s at 74 MB and 5.33 vs 3.90 s at 185 MB (medians, one thread vs two).
const DEFAULT_MIN_BYTES = 64 * 1024 * 1024;
/**
 * The share of the file the head reads: the tail also finds its keys and writes its texts before
 * the head has finished (measured on the 1M trace: 0.5, 0.55 and 0.6 gave 4.04, 3.84 and 3.73 s
 * median in one alternation, 4.16 and 3.82 s for 0.5 and 0.6 in the next; once the head wrote
 * its interactions while the tail answered, 0.5, 0.54 and 0.58 were within the noise).
 */
const HEAD_SHARE = 0.58;
/** Past this share of the tail's records deferred, one thread is faster. */
const MAX_DEFERRED_SHARE = 0.25;

function minBytes(): number {
  const value = Number(process.env.IXNSCOPE_SPLIT_MIN_BYTES);
  return Number.isFinite(value) && value >= 0 && process.env.IXNSCOPE_SPLIT_MIN_BYTES !== '' ? value : DEFAULT_MIN_BYTES;
}

/** Where the tail starts: the byte after the first newline at or past `from`; -1 for none. */
function splitPoint(fd: number, size: number, from: number): number {
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (let at = from; at < size; ) {
    const n = readSync(fd, buffer, 0, Math.min(CHUNK, size - at), at);
    if (n === 0) return -1;
    const nl = buffer.subarray(0, n).indexOf(10);
    if (nl !== -1) return at + nl + 1 < size ? at + nl + 1 : -1;
    at += n;
  }
  return -1;
}

/** Whether the file reads as NDJSON: not gzip, first character that is not white space not `[`. */
function looksLikeNdjson(fd: number): boolean {
  const head = Buffer.alloc(CHUNK);
  const bytes = head.subarray(0, readSync(fd, head, 0, CHUNK, 0));
  if (isGzip(bytes)) return false;
  const text = bytes.toString('utf8');
  const first = text.search(/\S/);
  return first !== -1 && text[first] !== '[';
}

/** How to split (tests choose; the CLI takes the defaults and the environment). */
export interface SplitOptions {
  /** Smallest file split (default `IXNSCOPE_SPLIT_MIN_BYTES` or 64 MiB). */
  minBytes?: number;
  /** The tail starts at the first line that starts after this byte (default: 58% into the file). */
  from?: number;
  /** Run the tail on a worker thread (default) or on this one, as when the worker fails. */
  thread?: boolean;
  /** Past this share of the tail's records deferred, one thread goes on alone (default 0.25). */
  maxDeferredShare?: number;
  /** Told each step (default: stderr when `IXNSCOPE_SPLIT_DEBUG` is set). */
  debug?: (what: string) => void;
}

/** Where the tail of `path` should start, or null when the file is not one to split. */
function tailStart(path: string, options: SplitOptions): { start: number; size: number } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size < Math.max(options.minBytes ?? minBytes(), 2) || !looksLikeNdjson(fd)) return null;
    const start = splitPoint(fd, stat.size, options.from ?? Math.floor(stat.size * HEAD_SHARE));
    return start === -1 ? null : { start, size: stat.size };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Messages of a worker as a queue: `next()` resolves with the next one, or rejects when it fails. */
class Inbox {
  private readonly waiting: TailMessage[] = [];
  private wake: (() => void) | null = null;
  private error: Error | null = null;

  constructor(worker: Worker) {
    worker.on('message', (m: TailMessage) => this.push(m));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`split worker exited (${code})`)));
  }

  private push(m: TailMessage): void {
    this.waiting.push(m);
    this.wake?.();
  }

  private fail(err: Error): void {
    this.error ??= err;
    this.wake?.();
  }

  async next<K extends TailMessage['kind']>(kind: K): Promise<Extract<TailMessage, { kind: K }>> {
    for (;;) {
      const m = this.waiting.shift();
      if (m) {
        if (m.kind === kind) return m as Extract<TailMessage, { kind: K }>;
        throw new Error(m.kind === 'failed' ? `split worker failed: ${m.reason}` : `split worker sent ${m.kind}, expected ${kind}`);
      }
      if (this.error) throw this.error;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

function feed(state: TraceState, out: ParseOutput): void {
  addRejected(state, out.diagnostics, out.rejected);
  for (const r of out.records) apply(state, r);
}

/** Reads [from, to) of the file into the parser and the state. */
function readInto(path: string, from: number, to: number, text: Utf8Chunks, parser: TraceParser, state: TraceState): void {
  for (const chunk of range(path, from, to)) feed(state, parser.push(text.decode(chunk)));
}

/**
 * The tail's side as the head sees it: the worker thread while it answers, else the same work
 * done here (`reduceTail` is deterministic, so a worker that fails at any step is replaced without
 * a trace in the output).
 */
class Tail {
  private local: TailReduction | null = null;
  private readonly worker: Worker | null;
  private readonly inbox: Inbox | null;
  private go: TailGo | null = null;

  constructor(
    private readonly job: TailJob,
    thread: boolean,
    private readonly debug: ((what: string) => void) | null,
  ) {
    if (thread) {
      const fromSource = import.meta.url.endsWith('.ts');
      const root = new URL(fromSource ? '../../' : '../', import.meta.url);
      this.worker = new Worker(new URL('bin/split-worker.mjs', root), { workerData: { ...job, bundle: !fromSource } });
      this.inbox = new Inbox(this.worker);
    } else {
      this.worker = null;
      this.inbox = null;
    }
  }

  private fallBack(err: unknown): TailReduction {
    if (err !== null) this.debug?.(`worker failed (${(err as Error).message}); the tail is read here`);
    void this.worker?.terminate();
    this.local ??= reduceTail(this.job);
    return this.local;
  }

  async keys(): Promise<TailKeys> {
    if (this.inbox === null) return this.fallBack(null).keys();
    try {
      return (await this.inbox.next('keys')).keys;
    } catch (err) {
      return this.fallBack(err).keys();
    }
  }

  /** Lets the worker go (it ends when it reads this). */
  stop(): void {
    this.worker?.postMessage({ kind: 'stop' } satisfies HeadMessage);
  }

  /** Ends the worker now. */
  kill(): void {
    void this.worker?.terminate();
  }

  async deferred(go: TailGo): Promise<{ records: TraceRecord[]; ordinals: number[] }> {
    this.go = go;
    if (this.local === null) {
      try {
        this.worker!.postMessage({ kind: 'go', ...go } satisfies HeadMessage);
        return await this.inbox!.next('deferred');
      } catch (err) {
        this.fallBack(err);
      }
    }
    return deferredRecords(this.local!, this.job, go);
  }

  async output(): Promise<TailOutput> {
    const go = this.go!;
    if (this.local === null) {
      try {
        const { output } = await this.inbox!.next('output');
        this.debug?.('tail output in');
        void this.worker!.terminate();
        return output;
      } catch (err) {
        this.fallBack(err);
      }
    }
    return tailOutput(this.local!, this.job, go);
  }
}

/**
 * The summary of one file (`--json`, or the text report) in chunks, reduced on two threads; null
 * when the file is not one to split (the caller reads it on one thread).
 */
export async function splitSummary(
  path: string,
  output: 'json' | 'report',
  options: SplitOptions = {},
): Promise<AsyncIterable<string | Uint8Array> | Iterable<string> | null> {
  const r = await reduceSplit(path, output, options);
  if (r === null) return null;
  if (!r.split) return output === 'json' ? summaryJsonChunks(r.head) : reportChunks(r.head);
  if (output === 'report') {
    await r.applied;
    return reportOf(r.head, r.keys.counts, r.tail.output());
  }
  // The head interactions no deferred record names are final already.
  const waiting = new Set<string>();
  for (let i = 0; i < r.keys.interactions.length; i++) if (r.deferred[r.keys.interactionGroups[i]] === 1) waiting.add(r.keys.interactions[i]);
  return summaryOf(r.head, r.indexOffset, r.keys.counts, waiting, r.applied, () => r.tail.output(), r.debug);
}

/** The diagnostics of one file, as `sortedDiagnostics` orders them, reduced on two threads; null as for `splitSummary`. */
export async function splitDiagnostics(path: string, options: SplitOptions = {}): Promise<Diagnostic[] | null> {
  const r = await reduceSplit(path, 'diagnostics', options);
  if (r === null) return null;
  if (!r.split) return sortedDiagnostics(r.head);
  await r.applied;
  const tail = await r.tail.output();
  return sortDiagnostics([...r.head.diagnostics, ...tail.diagnostics]);
}

/** A file reduced: on one thread after all (`head` is the whole, finished), or in two parts. */
type Reduced =
  | { split: false; head: TraceState }
  | {
      split: true;
      head: TraceState;
      indexOffset: number;
      keys: TailKeys;
      deferred: Uint8Array;
      /** Settles once the deferred records are applied to the head (and the head finished). */
      applied: Promise<void>;
      tail: Tail;
      debug: ((what: string) => void) | null;
    };

async function reduceSplit(path: string, output: TailJob['output'], options: SplitOptions): Promise<Reduced | null> {
  if (process.env.IXNSCOPE_SPLIT === '0') return null;
  // One core: the second thread would only take turns with the first.
  if (options.minBytes === undefined && availableParallelism() < 2) return null;
  const where = tailStart(path, options);
  if (where === null) return null;
  const debug =
    options.debug ??
    (process.env.IXNSCOPE_SPLIT_DEBUG ? (what: string) => void process.stderr.write(`ixnscope split: ${what} at ${Math.round(performance.now())} ms\n`) : null);
  const job: TailJob = { path, fileIndex: 0, start: where.start, end: where.size, output };
  const tail = new Tail(job, options.thread ?? true, debug);
  try {
    return await reduceParts(job, tail, options.maxDeferredShare ?? MAX_DEFERRED_SHARE, debug);
  } catch (err) {
    tail.kill();
    throw err;
  }
}

async function reduceParts(job: TailJob, tail: Tail, maxDeferredShare: number, debug: ((what: string) => void) | null): Promise<Reduced> {
  const head = createTrace({ history: false });
  const parser = new TraceParser(job.path, 0);
  const text = new Utf8Chunks();
  readInto(job.path, 0, job.start, text, parser, head);
  debug?.('head read');
  const keys = await tail.keys();
  debug?.('tail keys in');
  const last = parser.lastTs;
  const timesJoin = keys.records === 0 || last === null || (keys.firstTime !== null && keys.firstTime >= last);
  const deferred = deferredGroups(head, keys);
  if (!timesJoin || deferredCount(keys, deferred) > keys.records * maxDeferredShare) {
    // One thread after all: the head's parser goes on through the tail.
    debug?.('not split after all');
    tail.stop();
    readInto(job.path, job.start, job.end, text, parser, head);
    const rest = text.end();
    if (rest.length > 0) feed(head, parser.push(rest));
    feed(head, parser.end());
    return { split: false, head: finish(head) };
  }
  feed(head, parser.end());
  const indexOffset = head.recordCount;
  const coming = tail.deferred({ deferred, lineOffset: parser.lines, indexOffset });
  const applied = coming.then(({ records, ordinals }) => {
    applyDeferred(head, records, ordinals, indexOffset);
    debug?.(`${records.length} deferred records applied`);
  });
  applied.catch(() => {});
  return { split: true, head, indexOffset, keys, deferred, applied, tail, debug };
}

/**
 * The merged summary. The head's interactions that come before every tail record are written
 * while the tail still makes its texts; the rest waits for them.
 */
async function* summaryOf(
  head: TraceState,
  indexOffset: number,
  tailCounts: SummaryCounts,
  waiting: ReadonlySet<string>,
  applied: Promise<void>,
  tailOutput: () => Promise<TailOutput>,
  debug: ((what: string) => void) | null,
): AsyncGenerator<string | Uint8Array> {
  const out = new SummaryWriter(totals(head, tailCounts));
  out.open('interactions');
  // In the order first named. Those before the first one a deferred record names are written
  // while the tail answers; then the rest of the head's own, then those deferred records made
  // (the same iterator: a Map's iterator goes on to entries added since), merged with the tail's.
  const own = head.interactions.values();
  let ixn = own.next();
  let written = 0;
  for (; !ixn.done && !waiting.has(ixn.value.id); ixn = own.next(), written++) {
    const ready = out.add(interactionJson(ixn.value));
    if (ready !== null) yield* ready;
  }
  yield out.take();
  debug?.(`${written} head interactions written`);
  await applied;
  const later: Interaction[] = [];
  for (; !ixn.done; ixn = own.next()) {
    if (ixn.value.firstIndex >= indexOffset) later.push(ixn.value);
    else {
      const ready = out.add(interactionJson(ixn.value));
      if (ready !== null) yield* ready;
    }
  }
  yield out.take();
  debug?.('head interactions written');
  const tail = await tailOutput();
  const [interactions, links, requests] = tail.lists;
  for (const piece of mergedTexts(later, (i) => i.firstIndex, interactionJson, interactions)) {
    const ready = out.add(piece);
    if (ready !== null) yield* ready;
  }
  yield* out.section('links', { items: mergedTexts(head.links, (l) => l.index, linkJson, links), json: same });
  yield* out.section('requests', { items: mergedTexts(head.requests, (r) => r.sentIndex, requestJson, requests), json: same });
  yield* out.section('diagnostics', { items: sortDiagnostics([...head.diagnostics, ...tail.diagnostics]), json: diagnosticJson });
  yield out.end();
  debug?.('written');
}

const same = (piece: string | Uint8Array): string | Uint8Array => piece;

/** Text pieces gathered up to about 64K characters; byte runs go out as they are. */
class Pieces {
  private text = '';

  add(piece: string | Uint8Array): (string | Uint8Array)[] | null {
    if (typeof piece !== 'string') {
      const text = this.text;
      this.text = '';
      return [text, piece];
    }
    this.text += piece;
    if (this.text.length < CHUNK) return null;
    const text = this.text;
    this.text = '';
    return [text];
  }

  take(): string {
    const text = this.text;
    this.text = '';
    return text;
  }
}

/** The merged text report: the header needs the tail's counts, so it waits for its part first. */
async function* reportOf(head: TraceState, tailCounts: SummaryCounts, tailOutput: Promise<TailOutput>): AsyncGenerator<string | Uint8Array> {
  const tail = await tailOutput;
  const [blocks, tailOrphans] = tail.lists;
  const diagnostics = sortDiagnostics([...head.diagnostics, ...tail.diagnostics]);
  const out = new Pieces();
  // Every piece through here: what `add` hands back is due out now.
  function* put(piece: string | Uint8Array): Generator<string | Uint8Array> {
    const ready = out.add(piece);
    if (ready !== null) yield* ready;
  }
  const header = reportHeader(
    {
      ...totals(head, tailCounts),
      interactions: head.interactions.size + tail.interactions,
      links: head.links.length + tail.links,
      requests: head.requests.length + tail.requests,
    },
    diagnostics,
  );
  yield* put(textOf(header));
  const { byInteraction, orphans } = requestsByInteraction(head);
  const block = (ixn: Interaction): string => {
    const lines: string[] = [];
    interactionBlock(lines, head, ixn, byInteraction.get(ixn));
    return textOf(lines);
  };
  for (const piece of mergedTexts(head.interactions.values(), (i) => i.firstIndex, block, blocks)) yield* put(piece);
  if (orphans.length + tailOrphans.ends.length > 0) {
    yield* put(textOf(['', 'requests on no known interaction:']));
    for (const piece of mergedTexts(orphans, (r) => r.sentIndex, (r) => textOf([orphanLine(r)]), tailOrphans)) yield* put(piece);
  }
  if (diagnostics.length > 0) {
    yield* put(textOf(['', 'diagnostics:']));
    for (let i = 0; i < diagnostics.length; i += 2000) yield* put(textOf(diagnostics.slice(i, i + 2000).map(diagnosticLine)));
  }
  yield out.take();
}

/** The counts of the whole file: the head's (without the deferred records) and the tail's. */
function totals(head: TraceState, tail: SummaryCounts): SummaryCounts {
  const mine = summaryCounts(head);
  return { records: mine.records + tail.records, events: mine.events + tail.events, actions: mine.actions + tail.actions, rejected: mine.rejected + tail.rejected };
}
