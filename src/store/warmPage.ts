/**
 * The page's side of a load worker's warm-up (`src/ingest/warmUp.ts`): the worker posts the
 * batches of its generated trace, and the page applies them to a scratch trace in idle time,
 * through the code a load runs here (decoding the batches, the reducer, the record list, the trace
 * index). A page's first load ran that code cold: a 100k-record file loaded in 540-750 ms the
 * first time in a page and in 370-470 ms the next times. The scratch trace is dropped at the end,
 * or as soon as a load starts (the load matters more than the warm-up).
 */
import { RecordDecoder, type EncodedRecords } from '../ingest/batchCodec';
import { buildTraceIndex, type TraceIndex } from '../model/recordColumns';
import { RecordList } from '../model/records';
import { apply, createTrace, finish } from '../model/reducer';
import type { TraceState } from '../model/state';
import { whenIdle } from './idle';

interface Scratch {
  decoder: RecordDecoder;
  trace: TraceState;
  list: RecordList;
  index: TraceIndex | undefined;
  queue: EncodedRecords[];
  /** The worker sent its last batch. */
  ended: boolean;
  reader: ReturnType<RecordDecoder['begin']> | null;
  offset: number;
}

let scratch: Scratch | null = null;
let scheduled = false;
/** Warm-up records the page applied, all warm-ups together (tests read it). */
let applied = 0;

export function warmRecordsApplied(): number {
  return applied;
}

/** Records applied per step: a step stays well inside an idle period. */
const STEP = 500;

/**
 * Queues a warm-up batch (null: the worker sent the last one); `busy` says when a load runs (the
 * warm-up then stops). Batches come in the order the worker encoded them, and one decoder reads
 * them all, as in a load: the scratch lasts until the last batch is applied.
 */
export function warmPageWith(records: EncodedRecords | null, busy: () => boolean): void {
  if (records === null) {
    if (scratch === null) return;
    scratch.ended = true;
  } else {
    scratch ??= { decoder: new RecordDecoder(), trace: createTrace(), list: new RecordList(), index: undefined, queue: [], ended: false, reader: null, offset: 0 };
    scratch.queue.push(records);
  }
  schedule(busy);
}

/** Whether warm-up batches are still waiting to be applied. */
export function pageWarming(): boolean {
  return scratch !== null;
}

function schedule(busy: () => boolean): void {
  if (scheduled) return;
  scheduled = true;
  whenIdle((more) => {
    scheduled = false;
    step(busy, more);
  }, 5000);
}

/** Applies warm-up records while `more` allows; what is left waits for the next idle period. */
export function step(busy: () => boolean, more: () => boolean): void {
  try {
    applyQueued(busy, more);
  } catch {
    // A warm-up that fails costs its time only: the load runs as it would have.
    scratch = null;
  }
}

function applyQueued(busy: () => boolean, more: () => boolean): void {
  const s = scratch;
  if (s === null) return;
  while (s.queue.length > 0) {
    if (busy()) {
      scratch = null;
      return;
    }
    if (!more()) {
      schedule(busy);
      return;
    }
    s.reader ??= s.decoder.begin(s.queue[0]);
    const slice = s.reader.next(STEP);
    if (slice.length === 0) {
      s.queue.shift();
      s.reader = null;
      s.offset = 0;
      continue;
    }
    for (const r of slice) apply(s.trace, r);
    s.list.append(slice, { segment: s.reader.segment, offset: s.offset });
    s.offset += slice.length;
    s.index = buildTraceIndex(s.trace, s.list, s.index);
    applied += slice.length;
  }
  if (!s.ended) return; // the next batch schedules the next step
  finish(s.trace);
  scratch = null;
}
