/**
 * Derived data every part of the cursor UI shares, computed once per trace batch (`version`) and
 * once per filter change, not per component or per render: the trace index (requests, problems,
 * times) and the rows the table shows. Module-level caches so the table, the transport and the
 * inspector share one copy.
 */
import { onRecordsApplied, useStore } from '../../store/store';
import { listeners } from '../../store/listeners';
import { useFilters, recordFilterOf } from '../../store/filters';
import { useShallow } from 'zustand/react/shallow';
import { buildTraceIndex, type TraceIndex } from '../../model/recordColumns';
import { extendSearchIndex, filterRecords, narrows, type RecordFilter } from '../../model/filter';
import type { TraceState } from '../../model/state';
import { indexRequests } from '../../model/views/scope';
import { timeRange } from '../../model/views/lanes';
import type { Records } from '../../model/records';
import { taskScheduler } from '../../ingest/loadController';

let indexCache: { trace: TraceState; version: number; index: TraceIndex } | null = null;

export function traceIndexFor(trace: TraceState, records: Records, version: number): TraceIndex {
  if (indexCache && indexCache.trace === trace && indexCache.version === version) return indexCache.index;
  // Same trace, later batch: extend the index instead of rebuilding it.
  const index = buildTraceIndex(trace, records, indexCache?.trace === trace ? indexCache.index : undefined);
  indexCache = { trace, version, index };
  indexSearchSoon();
  return index;
}

const extended = listeners<[TraceIndex]>();

/** Calls `listener` with the index each time records applied extended it (see below); returns how to stop. */
export function onIndexExtended(listener: (index: TraceIndex) => void): () => void {
  return extended.add(listener);
}

// As records are applied (a load's slices, a live batch), the index of the trace on screen keeps
// up, under the version it was built for: the next redraw finds it built. Extended only by the
// redraws, it grew over everything applied since the last one in one task: 30-40 ms each of the
// six redraws of a 1M load, on top of the views' own work. Before the first redraw of a trace
// there is no index to extend; the first `traceIndexFor` builds it. The time span of the records
// (the timeline's axis) keeps up too.
onRecordsApplied(() => {
  const { trace, records } = useStore.getState();
  timeRange(records);
  if (indexCache === null || indexCache.trace !== trace) return;
  const index = buildTraceIndex(trace, records, indexCache.index);
  indexCache = { trace, version: indexCache.version, index };
  extended.call(index);
});

let searchIndexing = false;

/** Longest stretch of search indexing in one task once no load is running. */
const SEARCH_SLICE_MS = 8;
let schedule: ((callback: () => void) => void) | null = null;

/**
 * Runs `callback` with the time it may take: while a trace loads, when the page has nothing else
 * to do (an idle callback, as long as the idle period lasts); else in the next task, for
 * `SEARCH_SLICE_MS` (input and frames still get their turn between slices).
 */
function nextSlice(callback: (more: () => boolean) => void): void {
  const loading = useStore.getState().load.status === 'loading';
  if (loading && typeof requestIdleCallback === 'function') {
    requestIdleCallback((deadline) => callback(() => deadline.timeRemaining() > 1), { timeout: 10_000 });
    return;
  }
  schedule ??= taskScheduler();
  schedule(() => {
    const until = performance.now() + SEARCH_SLICE_MS;
    callback(() => performance.now() < until);
  });
}

/**
 * Indexes the records for text search, then the requests by interaction, in short slices after
 * each batch, so the first search over a big trace does not pay for a million records at once.
 * While a trace streams in, only in idle time: the page is busy applying records and redrawing,
 * and the load should not wait for the index. Once the load ended, in short tasks one after
 * another until it caught up, so a search soon after finds it built (a search before that indexes
 * the rest itself). Records from the load worker bring their search texts (`WireSearch`):
 * indexing them copies integers, about 0.1 s for a million. Stops when it caught up; the next
 * batch starts it again.
 */
function indexSearchSoon(): void {
  if (searchIndexing || typeof window === 'undefined') return;
  searchIndexing = true;
  nextSlice((more) => {
    searchIndexing = false;
    const { trace, records, version, load } = useStore.getState();
    const index = traceIndexFor(trace, records, version);
    if (!extendSearchIndex(records, trace, index, more)) {
      indexSearchSoon();
      return;
    }
    // Then, once no load runs, the requests of each interaction (the views of one, and the
    // timeline of all, read them by interaction). Not during a load: on two cores the page's idle
    // time is the load worker's and the collector's. The redraw at the load's end starts this.
    if (load.status !== 'loading' && !indexRequests(trace, more)) indexSearchSoon();
  });
}

/** The trace index of the current batch. */
export function useTraceIndex(): TraceIndex {
  const { trace, records, version } = useStore(useShallow((s) => ({ trace: s.trace, records: s.records, version: s.version })));
  return traceIndexFor(trace, records, version);
}

let rowsCache: { trace: TraceState; version: number; count: number; filter: RecordFilter; rows: Int32Array; buffer: Int32Array } | null = null;

/**
 * Rows (record indexes) passing `filter`. A filter that only narrows the last one scans its rows;
 * the same filter over a trace that grew scans only the new records (records never change, only
 * a record's problems can, so a severity filter is recomputed), and appends them in a buffer that
 * doubles as it fills: each version's rows are a view of it, so a streaming trace's redraws do
 * not copy the rows they already had.
 */
export function rowsFor(trace: TraceState, records: Records, version: number, filter: RecordFilter, count = records.length): Int32Array {
  const c = rowsCache;
  const index = traceIndexFor(trace, records, version);
  let rows: Int32Array;
  let buffer: Int32Array;
  if (c && c.trace === trace && c.version === version && sameFilter(c.filter, filter)) return c.rows;
  if (c && c.trace === trace && c.version === version && narrows(c.filter, filter)) {
    rows = buffer = filterRecords(records, trace, index, filter, { within: c.rows, to: count });
  } else if (c && c.trace === trace && sameFilter(c.filter, filter) && filter.minSeverity === null && c.count <= count) {
    const added = filterRecords(records, trace, index, filter, { from: c.count, to: count });
    const length = c.rows.length + added.length;
    buffer = c.buffer;
    if (buffer.length < length) {
      buffer = new Int32Array(Math.max(length, 2 * buffer.length));
      buffer.set(c.rows);
    }
    // Past the earlier views' ends: what they show does not change.
    buffer.set(added, c.rows.length);
    rows = buffer.subarray(0, length);
  } else {
    rows = buffer = filterRecords(records, trace, index, filter, { to: count });
  }
  rowsCache = { trace, version, count, filter, rows, buffer };
  return rows;
}

function sameFilter(a: RecordFilter, b: RecordFilter): boolean {
  return narrows(a, b) && a.text.toLowerCase() === b.text.toLowerCase();
}

/** The record filter, as one shallow-compared object. */
export function useRecordFilter(): RecordFilter {
  return useFilters(useShallow(recordFilterOf));
}

/** Indexes of the records the table shows, in trace order. */
export function useFilteredRows(): Int32Array {
  const { trace, records, version, recordCount } = useStore(
    useShallow((s) => ({ trace: s.trace, records: s.records, version: s.version, recordCount: s.recordCount })),
  );
  const filter = useRecordFilter();
  // Up to the records the views were told of: during a load the list already holds the next
  // ones, and the table would list more rows than the count beside it says.
  return rowsFor(trace, records, version, filter, recordCount);
}
