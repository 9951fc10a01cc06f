/**
 * Derived data every part of the cursor UI shares, computed once per trace batch (`version`) and
 * once per filter change, not per component or per render: the trace index (requests, problems,
 * times) and the rows the table shows. Module-level caches so the table, the transport and the
 * inspector share one copy.
 */
import { useStore } from '../../store/store';
import { useFilters, recordFilterOf } from '../../store/filters';
import { useShallow } from 'zustand/react/shallow';
import { buildTraceIndex, type TraceIndex } from '../../model/recordColumns';
import { extendSearchIndex, filterRecords, narrows, type RecordFilter } from '../../model/filter';
import type { TraceState } from '../../model/state';
import type { TraceRecord } from '../../model/types';
import type { Records } from '../../model/records';

let indexCache: { trace: TraceState; version: number; index: TraceIndex } | null = null;

export function traceIndexFor(trace: TraceState, records: Records, version: number): TraceIndex {
  if (indexCache && indexCache.trace === trace && indexCache.version === version) return indexCache.index;
  // Same trace, later batch: extend the index instead of rebuilding it.
  const index = buildTraceIndex(trace, records, indexCache?.trace === trace ? indexCache.index : undefined);
  indexCache = { trace, version, index };
  indexSearchWhenIdle();
  return index;
}

let searchIndexing = false;

/**
 * Runs `callback` when the page has nothing else to do, with the time it may take (a timer and
 * 6 ms where idle callbacks are missing).
 */
function whenIdle(callback: (more: () => boolean) => void): void {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback((deadline) => callback(() => deadline.timeRemaining() > 1), { timeout: 10_000 });
  } else {
    setTimeout(() => {
      const until = performance.now() + 6;
      callback(() => performance.now() < until);
    }, 50);
  }
}

/**
 * Indexes the records for text search in short idle tasks after each batch, so the first search
 * over a big trace does not pay for a million records at once. Idle time only: while a big trace
 * streams in, the page is busy applying records and redrawing, and the index is not what the load
 * waits for; it catches up as soon as the page has time (a search before that indexes the rest
 * itself). Stops when it caught up; the next batch starts it again.
 */
function indexSearchWhenIdle(): void {
  if (searchIndexing || typeof window === 'undefined') return;
  searchIndexing = true;
  whenIdle((more) => {
    searchIndexing = false;
    const { trace, records, version } = useStore.getState();
    const index = traceIndexFor(trace, records, version);
    if (!extendSearchIndex(records, trace, index, more)) indexSearchWhenIdle();
  });
}

/** The trace index of the current batch. */
export function useTraceIndex(): TraceIndex {
  const { trace, records, version } = useStore(useShallow((s) => ({ trace: s.trace, records: s.records, version: s.version })));
  return traceIndexFor(trace, records, version);
}

let rowsCache: { trace: TraceState; version: number; count: number; filter: RecordFilter; rows: Int32Array } | null = null;

/**
 * Rows (record indexes) passing `filter`. A filter that only narrows the last one scans its rows;
 * the same filter over a trace that grew scans only the new records (records never change, only
 * a record's problems can, so a severity filter is recomputed).
 */
export function rowsFor(trace: TraceState, records: Records, version: number, filter: RecordFilter): Int32Array {
  const c = rowsCache;
  const index = traceIndexFor(trace, records, version);
  let rows: Int32Array;
  if (c && c.trace === trace && c.version === version && sameFilter(c.filter, filter)) return c.rows;
  if (c && c.trace === trace && c.version === version && narrows(c.filter, filter)) {
    rows = filterRecords(records, trace, index, filter, { within: c.rows });
  } else if (c && c.trace === trace && sameFilter(c.filter, filter) && filter.minSeverity === null && c.count <= records.length) {
    const added = filterRecords(records, trace, index, filter, { from: c.count });
    rows = new Int32Array(c.rows.length + added.length);
    rows.set(c.rows);
    rows.set(added, c.rows.length);
  } else {
    rows = filterRecords(records, trace, index, filter);
  }
  rowsCache = { trace, version, count: records.length, filter, rows };
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
  const { trace, records, version } = useStore(useShallow((s) => ({ trace: s.trace, records: s.records, version: s.version })));
  const filter = useRecordFilter();
  return rowsFor(trace, records, version, filter);
}
