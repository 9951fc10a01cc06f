/**
 * The main-thread side of a load: starts a worker, queues the record batches it posts, and hands
 * them to a sink in time slices, so no task on the page runs long while a big trace streams in
 * (input, scrolling and the Cancel button stay live). Views are notified at most every
 * `notifyEveryMs`, not per slice, so they redraw a few times a second while loading. The interval
 * grows when the views take long to redraw (up to four times, so that redraws take about a third
 * of the time) and as the load goes on (half the time it has taken, up to eight times): the
 * views get a load's first records 250 ms after its start (its first rows are painted after
 * about half a second, with the workspace's first mount), then about twice a second, then once.
 * The redraws of a growing million-record trace took 0.8 s of the CPU of a 1M load (style,
 * layout, paint and the collector included) at a quarter of the time, ten of them; at half, six.
 * When the page has applied all it received before the interval is up, the redraw waits
 * for it (or for the next batch): redrawing whenever the page caught up with the worker made a
 * redraw per batch.
 * Framework-free: the store supplies the sink; tests supply an inline worker and a scheduler.
 */
import type { RecordSegment } from '../model/records';
import type { Diagnostic, TraceRecord } from '../model/types';
import { RecordDecoder, type EncodedRecords } from './batchCodec';
import { loadTrace } from './loadTrace';
import type { LoadRequest, LoadSource, WarmRequest, WorkerMessage } from './protocol';

/** What a Web Worker offers that the controller uses. */
export interface WorkerLike {
  postMessage(message: LoadRequest | WarmRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  /** A message that could not be deserialized (browsers fire `messageerror`). */
  onmessageerror?: ((event: MessageEvent) => void) | null;
}

export interface LoadProgress {
  bytesRead: number;
  bytesTotal: number | null;
  /** Parsed by the worker. */
  recordsRead: number;
  /** Applied to the trace on the page. */
  recordsApplied: number;
  file: string;
}

export interface LoadSink {
  /** The new trace replaces the old one: called just before its first batch is applied. */
  begin(): void;
  /**
   * Applies records (in trace order) and the diagnostics of rejected lines; `notify` false defers
   * the redraw. `from` says where the records can be rebuilt later (positions `offset`... of a
   * decoded batch), so the sink need not keep the objects.
   */
  append(
    records: readonly TraceRecord[],
    rejected: readonly Diagnostic[],
    rejectedCount: number,
    notify: boolean,
    from?: { segment: RecordSegment; offset: number },
  ): void;
  /** Tells the views the trace changed. */
  notify(): void;
  progress(progress: LoadProgress): void;
}

export type LoadOutcome =
  | { status: 'done'; records: number; rejected: number }
  | { status: 'error'; file: string; reason: string; records: number; begun: boolean }
  | { status: 'cancelled'; records: number; begun: boolean };

export interface LoadHandle {
  /** Stops reading now: terminates the worker and drops batches not applied yet. */
  cancel(): void;
  readonly outcome: Promise<LoadOutcome>;
}

export interface LoadControllerOptions {
  createWorker?: () => WorkerLike;
  /** Runs a callback in a later task. */
  schedule?: (callback: () => void) => void;
  now?: () => number;
  batchSize?: number;
  sliceMs?: number;
  /** Least time between two notifications while loading. */
  notifyEveryMs?: number;
  /** Records handed to the sink per call inside a slice. */
  chunk?: number;
  /** Runs a callback after `ms` (a redraw held back while the worker is still reading); returns a cancel. */
  delay?: (callback: () => void, ms: number) => () => void;
}

function newLoadWorker(): WorkerLike {
  return new Worker(new URL('./load.worker.ts', import.meta.url), { type: 'module', name: 'ixnscope-load' }) as unknown as WorkerLike;
}

/** The load worker started ahead of the next load (see `prepareLoadWorker`). */
let spare: WorkerLike | null = null;
let spareWarm = false;

/**
 * Starts the worker of the next load now and has it warm up: it reads a small generated trace
 * through the load pipeline three times (`warmUp.ts`), so the load starts with the worker running
 * and its code optimized. A cold worker ran the first ~100k lines of a load in V8's lower tiers,
 * 0.1-0.15 s of a million-line load (and all of a small one). The worker posts the batches of the
 * warm-up's first read to `onWarmBatch` (then null, at its end), for the page to warm its own
 * side with. The page calls this when idle: at start and after each load. The spare is taken by
 * `createLoadWorker`; a load that takes it while it is still warming waits for the end of the
 * warm-up's pass in the worker.
 */
export function prepareLoadWorker(onWarmBatch?: (records: EncodedRecords | null) => void): void {
  if (spare !== null || typeof Worker === 'undefined') return;
  try {
    const worker = newLoadWorker();
    spare = worker;
    spareWarm = false;
    // Until a load takes it (and sets its own handlers).
    worker.onmessage = (event) => {
      if (spare !== worker) return;
      if (event.data.type === 'warm-batch') onWarmBatch?.(event.data.records);
      else if (event.data.type === 'warmed') {
        spareWarm = true;
        onWarmBatch?.(null);
      }
    };
    // A spare that failed (its script did not load, say) would leave the load that takes it
    // waiting for messages that never come: dropped, the load starts its own and reports.
    const drop = (): void => {
      if (spare === worker) {
        spare = null;
        spareWarm = false;
      }
      worker.terminate();
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      drop();
    };
    worker.onmessageerror = drop;
    worker.postMessage({ type: 'warm' });
  } catch {
    // no module workers here: the load makes its own and reports what fails
    spare = null;
  }
}

/** Whether a spare worker is there, and whether its warm-up ended (the bench waits for it). */
export function spareLoadWorker(): 'none' | 'warming' | 'warm' {
  return spare === null ? 'none' : spareWarm ? 'warm' : 'warming';
}

/** The worker for a load: the prepared spare, else a new one. */
export function createLoadWorker(): WorkerLike {
  const worker = spare ?? newLoadWorker();
  spare = null;
  spareWarm = false;
  return worker;
}

/** A worker stand-in that runs the pipeline on this thread (tests, and browsers without workers). */
export function inlineWorker(): WorkerLike {
  let stopped = false;
  const controller = new AbortController();
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(request) {
      // Nothing to warm: this thread's code is the page's.
      if (request.type !== 'load') return;
      void loadTrace(request.sources, (message) => {
        // A copy, as postMessage makes: the page numbers records, the worker must not see it.
        if (!stopped) worker.onmessage?.({ data: structuredClone(message) } as MessageEvent<WorkerMessage>);
      }, { batchSize: request.batchSize, signal: controller.signal });
    },
    terminate() {
      stopped = true;
      controller.abort();
    },
  };
  return worker;
}

/** Yields to the page between slices without setTimeout's 4 ms clamp. */
export function taskScheduler(): (callback: () => void) => void {
  if (typeof MessageChannel === 'undefined') return (cb) => setTimeout(cb, 0);
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (cb) => {
    queue.push(cb);
    channel.port2.postMessage(null);
  };
}

/**
 * A load's phases in the page's performance timeline (DevTools shows them under Timings; the
 * bench reads them): its start, when the worker had read, parsed and sent everything (on the
 * worker's clock), and its end, with a measure of the load and of the worker's part. Only the
 * last load's are kept.
 */
export const LOAD_MARKS = { start: 'ixnscope:load-start', worker: 'ixnscope:worker-done', done: 'ixnscope:load-done' } as const;

function mark(name: string, startTime?: number): void {
  try {
    if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
    performance.mark(name, startTime === undefined ? undefined : { startTime });
  } catch {
    // a time before the page's origin, or no user timing: the load does not depend on it
  }
}

function measureLoad(): void {
  try {
    performance.measure('ixnscope load', LOAD_MARKS.start, LOAD_MARKS.done);
    if (performance.getEntriesByName(LOAD_MARKS.worker, 'mark').length > 0) performance.measure('ixnscope load: worker part', LOAD_MARKS.start, LOAD_MARKS.worker);
  } catch {
    // marks missing (no user timing): nothing to measure
  }
}

function clearLoadMarks(): void {
  if (typeof performance === 'undefined' || typeof performance.clearMarks !== 'function') return;
  for (const name of Object.values(LOAD_MARKS)) performance.clearMarks(name);
  performance.clearMeasures('ixnscope load');
  performance.clearMeasures('ixnscope load: worker part');
}

interface QueuedBatch {
  /** As the worker sent them. */
  encoded: EncodedRecords;
  /** Decodes the batch a chunk at a time, as it is applied (null before its first chunk). */
  reader: { segment: RecordSegment; next(n: number): TraceRecord[] } | null;
  rejected: Diagnostic[];
  rejectedCount: number;
  /** Records of the batch applied so far. */
  offset: number;
}

export function startLoad(sources: readonly LoadSource[], sink: LoadSink, options: LoadControllerOptions = {}): LoadHandle {
  const schedule = options.schedule ?? taskScheduler();
  const now = options.now ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? 12;
  const notifyEveryMs = options.notifyEveryMs ?? 250;
  const chunk = options.chunk ?? 1000;
  const delay =
    options.delay ??
    ((cb: () => void, ms: number) => {
      const id = setTimeout(cb, ms);
      return () => clearTimeout(id);
    });

  const queue: QueuedBatch[] = [];
  let scheduled = false;
  let stopped = false;
  let begun = false;
  let applied = 0;
  /** Records and rejected lines of the batches received. */
  let received = 0;
  /** Records the views have been told about (what "shown" counts). */
  let shown = 0;
  const startedAt = now();
  let lastNotify = startedAt;
  /** Cancels the redraw held back for when the interval is up (the queue ran dry before it). */
  let heldRedraw: (() => void) | null = null;
  // When the views redraw after a notification, in the same task, the next slice starts late:
  // that delay is what a redraw costs.
  let redrawCost = 0;
  let notifiedAt: number | null = null;
  let ending: WorkerMessage | null = null;
  let progress: LoadProgress = { bytesRead: 0, bytesTotal: null, recordsRead: 0, recordsApplied: 0, file: sources[0]?.name ?? '' };
  let resolve!: (outcome: LoadOutcome) => void;
  const outcome = new Promise<LoadOutcome>((r) => (resolve = r));

  clearLoadMarks();
  mark(LOAD_MARKS.start);
  const worker = (options.createWorker ?? createLoadWorker)();
  const decoder = new RecordDecoder();

  const settle = (result: LoadOutcome): void => {
    if (stopped) return;
    stopped = true;
    queue.length = 0;
    heldRedraw?.();
    heldRedraw = null;
    worker.terminate();
    resolve(result);
  };

  /**
   * The worker crashed (uncaught error, unreadable message) or applying records failed: what was
   * received is still applied (batches already here are kept), then the load ends with `reason`.
   */
  let failed = false;
  const fail = (reason: string): void => {
    if (stopped || failed || ending?.type === 'done') return; // after 'done' everything is here
    failed = true;
    worker.terminate();
    ending = { type: 'error', file: progress.file, reason };
    if (queue.length > 0) kick();
    else finishIfDrained();
  };

  const finishIfDrained = (): void => {
    if (queue.length > 0 || ending === null || stopped) return;
    if (ending.type === 'done') {
      if (!begun) {
        begun = true;
        sink.begin();
      }
      sink.notify();
      mark(LOAD_MARKS.done);
      measureLoad();
      settle({ status: 'done', records: applied, rejected: ending.rejected });
    } else if (ending.type === 'error') {
      if (begun) sink.notify();
      settle({ status: 'error', file: ending.file, reason: ending.reason, records: applied, begun });
    }
  };

  const pump = (): void => {
    scheduled = false;
    if (stopped) return;
    const start = now();
    if (notifiedAt !== null) {
      redrawCost = 0.5 * redrawCost + 0.5 * (start - notifiedAt);
      notifiedAt = null;
    }
    // At least one chunk per slice, so a slow page still makes progress.
    for (let first = true; queue.length > 0 && (first || now() - start < sliceMs); first = false) {
      const batch = queue[0];
      let slice: TraceRecord[] = [];
      let end = batch.offset;
      try {
        // Decoded a chunk at a time, as applied: only the records being applied are alive.
        batch.reader ??= decoder.begin(batch.encoded);
        if (!begun) {
          begun = true;
          sink.begin();
        }
        slice = batch.reader.next(chunk);
        end = batch.offset + slice.length;
        const head = batch.offset === 0;
        sink.append(slice, head ? batch.rejected : [], head ? batch.rejectedCount : 0, false, { segment: batch.reader.segment, offset: batch.offset });
      } catch (err) {
        // A bug reading or applying a record must not leave the load spinning forever: keep what
        // was applied, drop the rest, and say why.
        queue.length = 0;
        failed = true;
        worker.terminate();
        ending = { type: 'error', file: progress.file, reason: `applying records failed: ${(err as Error)?.message ?? String(err)}` };
        finishIfDrained();
        return;
      }
      applied += slice.length;
      batch.offset = end;
      if (batch.offset >= batch.encoded.count) queue.shift();
    }
    const wait = interval() - (now() - lastNotify);
    if (wait <= 0 || (queue.length === 0 && ending !== null)) tell();
    else if (queue.length === 0 && heldRedraw === null) {
      // Caught up with the worker before the interval is up: the records wait for the redraw
      // then, unless a batch comes first (its slice decides).
      heldRedraw = delay(() => {
        heldRedraw = null;
        if (!stopped && !scheduled) tell();
      }, wait);
    }
    if (queue.length > 0) kick();
    else finishIfDrained();
  };

  /** Least time between two redraws now (see the top of this file). */
  const interval = (): number =>
    Math.max(notifyEveryMs, Math.min(3 * redrawCost, 4 * notifyEveryMs), Math.min((now() - startedAt) / 2, 8 * notifyEveryMs));

  /** Tells the views and the progress about the records applied so far. */
  const tell = (): void => {
    heldRedraw?.();
    heldRedraw = null;
    lastNotify = now();
    shown = applied;
    progress = { ...progress, recordsApplied: shown };
    sink.progress(progress);
    if (queue.length > 0 || ending === null) {
      // The views redraw in a task of their own, not at the end of a slice: a slice and a
      // redraw of a big trace together would make one long task.
      schedule(redraw);
    }
  };

  const redraw = (): void => {
    if (stopped) return;
    sink.notify();
    notifiedAt = now();
  };

  const kick = (): void => {
    if (scheduled || stopped) return;
    scheduled = true;
    schedule(pump);
  };

  worker.onmessage = (event) => {
    if (stopped || failed) return;
    const message = event.data;
    switch (message.type) {
      case 'progress':
        // Batches posted since the worker counted are read too: "read" never trails "shown".
        progress = { ...message, recordsRead: Math.max(message.recordsRead, received), recordsApplied: shown };
        sink.progress(progress);
        break;
      case 'batch':
        received += message.records.count + message.rejectedCount;
        progress = { ...progress, recordsRead: Math.max(progress.recordsRead, received) };
        queue.push({ encoded: message.records, reader: null, rejected: message.rejected, rejectedCount: message.rejectedCount, offset: 0 });
        kick();
        break;
      case 'done':
      case 'error':
        if (message.type === 'done' && message.finishedAt !== undefined && typeof performance !== 'undefined') {
          mark(LOAD_MARKS.worker, Math.max(0, message.finishedAt - performance.timeOrigin));
        }
        ending = message;
        if (queue.length > 0) kick();
        else finishIfDrained();
        break;
    }
  };
  worker.onerror = (event) => {
    event.preventDefault?.();
    fail(`the loader stopped: ${event.message || 'worker failed to start'}`);
  };
  worker.onmessageerror = () => {
    fail('the loader stopped: a batch from the worker could not be read (messageerror)');
  };
  worker.postMessage({ type: 'load', sources: [...sources], batchSize: options.batchSize });

  return {
    outcome,
    cancel() {
      if (stopped) return;
      settle({ status: 'cancelled', records: applied, begun });
      if (begun) sink.notify();
    },
  };
}
