/**
 * What the scrubber draws, kept up to date per batch at the cost of the batch: records per bin
 * and the worst problem per bin, over the trace's time and over record numbers (the bar scrubs by
 * record number while the trace has no time span). Bins are fine (FINE_BINS of them) and double
 * their width when the trace outgrows them, so a redraw resamples a few thousand bins onto the
 * pixels instead of walking every record.
 */
import type { TraceIndex } from '../../model/recordColumns';
import type { TraceRecord } from '../../model/types';
import { asRecords, type Records } from '../../model/records';

export const FINE_BINS = 1 << 15;

/** Counts over one coordinate (time since the first timed record, or record number). */
interface Axis {
  /** Coordinate span of one bin; doubles as the coordinate outgrows FINE_BINS bins. */
  width: number;
  counts: Uint32Array;
  /** Per bin: 0, or 1 + SEVERITY_RANK of the worst problem of a record in it. */
  severity: Uint8Array;
}

export interface Density {
  records: Records;
  /** Records counted so far. */
  counted: number;
  /** `index.severityRevisions` when the severities were last read. */
  revisions: number;
  /** Time of the first timed record (`index.startTime`), null before. */
  origin: number | null;
  time: Axis;
  number: Axis;
}

function axis(): Axis {
  return { width: 1, counts: new Uint32Array(FINE_BINS), severity: new Uint8Array(FINE_BINS) };
}

export function createDensity(list: Records | readonly TraceRecord[]): Density {
  return { records: asRecords(list), counted: 0, revisions: 0, origin: null, time: axis(), number: axis() };
}

/** Merges bins pairwise until `coordinate` falls inside the last bin. */
function fit(a: Axis, coordinate: number): number {
  let bin = Math.floor(coordinate / a.width);
  while (bin >= FINE_BINS) {
    halve(a);
    bin = Math.floor(coordinate / a.width);
  }
  return Math.max(0, bin);
}

/**
 * Doubles the width of `a`'s bins. Apart from `fit`, which runs per batch: its calls here have no
 * type feedback until the first merge, and in `fit` they made its optimized code bail out. All
 * of it is in the loop (the upper half is cleared by the iterations that read it last): code after
 * a loop that V8 compiled on stack while in it has no type feedback the first time, and that
 * compiled code bailed out there at every merge (up to 22 times in a traced 1M load).
 */
function halve(a: Axis): void {
  const { counts, severity } = a;
  a.width *= 2;
  const half = FINE_BINS / 2;
  for (let i = 0; i < half; i++) {
    const j = 2 * i;
    counts[i] = counts[j] + counts[j + 1];
    severity[i] = Math.max(severity[j], severity[j + 1]);
    // Bins j and j + 1 are read for the last time here; those of the upper half are cleared.
    if (j >= half) {
      counts[j] = 0;
      counts[j + 1] = 0;
      severity[j] = 0;
      severity[j + 1] = 0;
    }
  }
}

function timeCoordinate(d: Density, index: TraceIndex, i: number): number {
  const t = index.timeCeiling[i];
  return Number.isNaN(t) || d.origin === null ? 0 : t - d.origin;
}

/**
 * Widens the bins of both axes for records up to `n - 1`. The time ceiling never decreases, so
 * the last record has the largest coordinates on both axes: once per batch, before counting.
 */
function fitAxes(d: Density, index: TraceIndex, n: number): void {
  if (n <= d.counted) return;
  const last = index.timeCeiling[n - 1];
  fit(d.time, Number.isNaN(last) || d.origin === null ? 0 : last - d.origin);
  fit(d.number, n - 1);
}

/**
 * Counts records `d.counted`... `n - 1` into their bins, which `fitAxes` widened for them: the hot
 * loop of a load, in a small function of its own that only counts. With `fit` called from the
 * loop for a bin past the last, and the severity written only when higher, the optimized loop met
 * code it had never run and bailed out (19 times in one traced 1M load, 108 ms of the page's
 * samples). With `fit` called here before the loop, the on-stack compiled code still bailed out
 * after the loop, at `d.counted = n` (no type feedback when it was compiled): at every call, 62
 * times in one traced 1M load (2026-11-28).
 */
function countRecords(d: Density, index: TraceIndex, n: number): void {
  const from = d.counted;
  if (n <= from) return;
  // Before the loop, not after it (see `halve`).
  d.counted = n;
  const ceiling = index.timeCeiling;
  const severities = index.severity;
  const origin = d.origin;
  const timeWidth = d.time.width;
  const timeCounts = d.time.counts;
  const timeSeverity = d.time.severity;
  const numberWidth = d.number.width;
  const numberCounts = d.number.counts;
  const numberSeverity = d.number.severity;
  for (let i = from; i < n; i++) {
    const t = ceiling[i];
    const tb = Number.isNaN(t) || origin === null ? 0 : Math.max(0, Math.floor((t - origin) / timeWidth));
    const nb = Math.floor(i / numberWidth);
    timeCounts[tb]++;
    numberCounts[nb]++;
    const s = severities[i];
    timeSeverity[tb] = Math.max(timeSeverity[tb], s);
    numberSeverity[nb] = Math.max(numberSeverity[nb], s);
  }
}

/**
 * Re-reads the severity of every problem record counted. Apart from `countRecords`: a load rarely
 * runs it, and inside the same function its first run made the optimized code bail out (33 times
 * in one 1M load, and three recompilations).
 */
function rereadSeverities(d: Density, index: TraceIndex, n: number): void {
  const { time, number } = d;
  for (const i of index.problemIndexes) {
    if (i >= n) continue;
    const s = index.severity[i];
    const tb = Math.floor(timeCoordinate(d, index, i) / time.width);
    const nb = Math.floor(i / number.width);
    if (s > time.severity[tb]) time.severity[tb] = s;
    if (s > number.severity[nb]) number.severity[nb] = s;
  }
}

/**
 * Brings `d` up to `index` (an index of `records`): counts the records added since, and re-reads
 * every problem only when a diagnostic landed on a record counted before (rare: e.g. requests
 * left pending at the end). Returns a fresh density when `records` is another trace.
 */
export function updateDensity(d: Density | null, list: Records | readonly TraceRecord[], index: TraceIndex): Density {
  const records = asRecords(list);
  const n = Math.min(records.length, index.timeCeiling.length);
  if (!d || d.records !== records || d.counted > n) d = createDensity(records);
  if (d.origin === null && index.startTime !== null) d.origin = index.startTime;
  fitAxes(d, index, n);
  countRecords(d, index, n);
  if (index.severityRevisions !== d.revisions) {
    d.revisions = index.severityRevisions;
    rereadSeverities(d, index, n);
  }
  return d;
}

export interface Columns {
  /** Records per pixel column. */
  counts: Uint32Array;
  /** Worst problem per pixel column (0 none, 1 info, 2 warning, 3 error). */
  severity: Uint8Array;
}

/**
 * The density resampled onto `pixels` columns, as the bar lays records out: by time from the
 * first to the last time when the trace spans time, else by record number.
 */
export function columnsOf(d: Density, index: TraceIndex, pixels: number): Columns {
  const counts = new Uint32Array(Math.max(1, Math.floor(pixels)));
  const severity = new Uint8Array(counts.length);
  const w = counts.length;
  const { startTime, endTime } = index;
  const byTime = startTime !== null && endTime !== null && endTime > startTime && d.origin !== null;
  const a = byTime ? d.time : d.number;
  // Coordinate of position 0 and the span the bar shows.
  const start = byTime ? startTime - d.origin! : 0;
  const span = byTime ? endTime - startTime : Math.max(0, d.counted - 1);
  for (let k = 0; k < FINE_BINS; k++) {
    const c = a.counts[k];
    const s = a.severity[k];
    if (c === 0 && s === 0) continue;
    const x = span === 0 ? 0 : Math.min(w - 1, Math.max(0, Math.floor(((k * a.width - start) / span) * w)));
    counts[x] += c;
    if (s > severity[x]) severity[x] = s;
  }
  return { counts, severity };
}
