/**
 * The load pipeline the worker runs: read each source as a stream, parse it with the model's
 * `TraceParser`, and post records in batches. One file streams straight through, so the first
 * records show while the rest is still read; several files are parsed completely and then merged
 * by time (`mergeByTime`, trace-format.md section 5), because the merge needs every file's head.
 * Framework-free: the worker, Node and the unit tests run it as is.
 */
import { mergeByTime } from '../model/analyze';
import { TraceParser, type ParseOutput, type ScannedLineSink } from '../model/parser';
import type { Diagnostic, TraceRecord } from '../model/types';
import { RecordEncoder } from './batchCodec';
import { decodedChunks, openSource, SourceError } from './decode';
import { DEFAULT_BATCH_SIZE, type LoadSource, type WorkerMessage } from './protocol';

export interface LoadOptions {
  batchSize?: number;
  /** Least time between two progress messages. */
  progressEveryMs?: number;
  now?: () => number;
  signal?: AbortSignal;
}

/** Reads, parses and posts every source; resolves after `done` or `error` was posted. */
export async function loadTrace(
  sources: readonly LoadSource[],
  post: (message: WorkerMessage) => void,
  options: LoadOptions = {},
): Promise<void> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  // Four a second: each one redraws the load strip, a frame of the page's own (style, paint,
  // commit); the bar steps with them (app.css, .progress-fill).
  const progressEveryMs = options.progressEveryMs ?? 250;
  const now = options.now ?? (() => performance.now());

  let bytesRead = 0;
  let recordsRead = 0;
  let rejectedTotal = 0;
  let keptTotal = 0;
  const sizes: (number | null)[] = sources.map((s) => (s.kind === 'blob' ? s.blob.size : null));
  let lastProgress = -Infinity;
  let currentFile = sources[0]?.name ?? '';

  const progress = (force = false): void => {
    const t = now();
    if (!force && t - lastProgress < progressEveryMs) return;
    lastProgress = t;
    const bytesTotal = sizes.every((s) => s !== null) ? sizes.reduce<number>((n, s) => n + (s ?? 0), 0) : null;
    post({ type: 'progress', bytesRead, bytesTotal, recordsRead, file: currentFile });
  };

  // A generated million-record trace brings a new string (an id) per ~430 bytes.
  const knownBytes = sizes.reduce<number>((n, s) => n + (s ?? 0), 0);
  const encoder = new RecordEncoder(Math.round(knownBytes / 400));
  let pendingRejected: Diagnostic[] = [];
  let pendingRejectedCount = 0;
  const flush = (): void => {
    if (encoder.size === 0 && pendingRejectedCount === 0 && pendingRejected.length === 0) return;
    keptTotal += encoder.size;
    post({ type: 'batch', records: encoder.take(), rejected: pendingRejected, rejectedCount: pendingRejectedCount });
    pendingRejected = [];
    pendingRejectedCount = 0;
  };
  /** One file streaming through: each record is encoded as the parser reads it. */
  const encodeNow = (record: TraceRecord): void => {
    recordsRead++;
    encoder.add(record);
    if (encoder.size >= batchSize) flush();
  };
  /** What a push or end gave: rejected lines, and the records of a file read whole (into `list`). */
  const take = (out: ParseOutput, list: TraceRecord[] | null): void => {
    recordsRead += out.records.length + out.rejected;
    rejectedTotal += out.rejected;
    for (const d of out.diagnostics) pendingRejected.push(d);
    pendingRejectedCount += out.rejected;
    if (list !== null) for (const r of out.records) list.push(r);
  };

  const streaming = sources.length === 1;
  const lists: TraceRecord[][] = [];
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    currentFile = source.name;
    const list: TraceRecord[] = [];
    try {
      const opened = await openSource(source, options.signal);
      sizes[i] = opened.size;
      const reader = await decodedChunks(opened.stream, (n) => {
        bytesRead += n;
      });
      const lines: ScannedLineSink = {
        addScanned: (scanner, bytes, line, fileIndex, time, timeTs) => {
          recordsRead++;
          encoder.addScanned(source.name, scanner, bytes, line, fileIndex, time, timeTs);
          if (encoder.size >= batchSize) flush();
        },
      };
      const parser = new TraceParser(source.name, i, streaming ? { onRecord: encodeNow, lines } : {});
      for (;;) {
        const r = await reader.read();
        if (r.done) break;
        take(parser.push(r.value), streaming ? null : list);
        progress();
      }
      take(parser.end(), streaming ? null : list);
    } catch (err) {
      // Keep what one streamed file gave before it broke: the person sees it and the reason.
      if (streaming) flush();
      const reason = err instanceof SourceError ? err.message : describeReadError(err);
      post({ type: 'error', file: source.name, reason });
      return;
    }
    if (!streaming) lists.push(list);
    progress(true);
  }

  if (streaming) {
    flush();
  } else {
    const merged = mergeByTime(lists);
    for (let start = 0; start < merged.length; start += batchSize) {
      for (let k = start; k < Math.min(merged.length, start + batchSize); k++) encoder.add(merged[k]);
      flush();
    }
    flush(); // rejected lines of files that kept no record
  }
  post({ type: 'done', records: keptTotal, rejected: rejectedTotal, bytes: bytesRead, finishedAt: sharedClock() });
}

/** Milliseconds on a clock the worker and the page share, or undefined where there is none. */
function sharedClock(): number | undefined {
  return typeof performance === 'undefined' || typeof performance.timeOrigin !== 'number' ? undefined : performance.timeOrigin + performance.now();
}

function describeReadError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/compress|gzip|incorrect header|invalid/i.test(message)) return `not a readable gzip stream (${message})`;
  return message || 'the file could not be read';
}
