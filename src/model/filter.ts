/**
 * Record filtering for the event table: which record indexes pass the person's filters. Pure and
 * allocation-light so it runs over a million records: one pass, the result an Int32Array of
 * indexes in trace order. Filters never change the records, only which are shown.
 */
import { eventSpec } from './catalogue';
import type { RecordFamily, TraceIndex } from './recordColumns';
import type { TraceState } from './state';
import { SEVERITY_RANK, type Severity, type TraceRecord } from './types';

export interface RecordFilter {
  /** Free text; every whitespace-separated term must occur (case-insensitive) in the record's name, label, session or data values. */
  text: string;
  /** Families to show; empty shows all. */
  families: readonly RecordFamily[];
  /** Event or action names to show; empty shows all. */
  names: readonly string[];
  /** Only records naming this interaction (`TraceState.interactions[id].records`). */
  interaction: string | null;
  /** Only records naming this party id in any role (partyid, divertingpartyid, ..., `parties[]`). */
  party: string | null;
  session: string | null;
  /** Only records with a diagnostic at least this severe. */
  minSeverity: Severity | null;
}

export const NO_FILTER: RecordFilter = {
  text: '',
  families: [],
  names: [],
  interaction: null,
  party: null,
  session: null,
  minSeverity: null,
};

export function isFilterActive(f: RecordFilter): boolean {
  return (
    f.text.trim() !== '' ||
    f.families.length > 0 ||
    f.names.length > 0 ||
    f.interaction !== null ||
    f.party !== null ||
    f.session !== null ||
    f.minSeverity !== null
  );
}

export function recordFamily(record: TraceRecord): RecordFamily {
  if (record.kind === 'action') return 'action';
  return eventSpec(record.name)?.family ?? 'other';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Does the record name `party` in any party role? */
export function namesParty(record: TraceRecord, party: string): boolean {
  const data = record.data;
  for (const key in data) {
    const value = data[key];
    if (key.endsWith('partyid') && (value === party || (typeof value === 'number' && String(value) === party))) return true;
    if (key === 'parties' && Array.isArray(value)) {
      for (const p of value) {
        if (isObject(p) && (p.partyid === party || (typeof p.partyid === 'number' && String(p.partyid) === party))) return true;
      }
    }
  }
  return false;
}

/** Text a free-text search looks in: name, session, data values (two levels deep) and, for a result, its request's interaction. */
export function searchText(record: TraceRecord, index?: TraceIndex): string {
  const parts: string[] = [record.kind === 'event' ? record.name : record.action, record.session];
  if (record.kind === 'event') {
    const spec = eventSpec(record.name);
    if (spec) parts.push(spec.label);
    const request = index?.requestByResult.get(record.index);
    if (request?.interactionid) parts.push(request.interactionid);
  }
  collect(record.data, parts, 0);
  return parts.join('\u0001').toLowerCase();
}

function collect(value: unknown, out: string[], depth: number): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (depth < 3 && Array.isArray(value)) for (const v of value) collect(v, out, depth + 1);
  else if (depth < 3 && isObject(value)) {
    for (const key in value) {
      if (depth > 0) out.push(key);
      collect(value[key], out, depth + 1);
    }
  }
}

export interface FilterOptions {
  /** Rows of a looser filter over the same records (see `narrows`): only they are scanned, so typing one more letter costs the rows still shown. */
  within?: Int32Array;
  /** Scan only records from this index on (the rest of a trace that grew; the caller keeps the earlier rows). */
  from?: number;
}

/**
 * Search texts per record, built the first time a text filter reads them and kept with the trace:
 * a record's text never changes, so the next keystroke costs `includes` calls, not a million
 * string builds. (Memory: about one short string per record, only once text search is used.)
 */
const haystackCache = new WeakMap<TraceState, string[]>();

function haystacksOf(trace: TraceState): string[] {
  let list = haystackCache.get(trace);
  if (!list) {
    list = [];
    haystackCache.set(trace, list);
  }
  return list;
}

/**
 * Indexes of the records that pass `filter`, in trace order. With an interaction filter only that
 * interaction's record list is scanned, so the common "one call" view costs its length, not the
 * trace's. See `FilterOptions` for scanning less.
 */
export function filterRecords(
  records: readonly TraceRecord[],
  trace: TraceState,
  index: TraceIndex,
  filter: RecordFilter,
  options: FilterOptions = {},
): Int32Array {
  const { within, from = 0 } = options;
  const n = records.length;
  if (!isFilterActive(filter)) {
    const all = new Int32Array(Math.max(0, n - from));
    for (let i = from; i < n; i++) all[i - from] = i;
    return all;
  }
  const terms = filter.text.toLowerCase().split(/\s+/).filter((t) => t.length > 0);
  const families = filter.families.length > 0 ? new Set<string>(filter.families) : null;
  const names = filter.names.length > 0 ? new Set(filter.names) : null;
  const minSeverity = filter.minSeverity === null ? 0 : 1 + SEVERITY_RANK[filter.minSeverity];
  const { party, session } = filter;
  const haystacks = terms.length > 0 ? haystacksOf(trace) : null;

  const passes = (i: number): boolean => {
    const record = records[i];
    if (session !== null && record.session !== session) return false;
    if (minSeverity > 0 && index.severity[i] < minSeverity) return false;
    if (names !== null && !names.has(record.kind === 'event' ? record.name : record.action)) return false;
    if (families !== null && !families.has(recordFamily(record))) return false;
    if (party !== null && !namesParty(record, party)) return false;
    if (haystacks !== null) {
      let text = haystacks[i];
      if (text === undefined) text = haystacks[i] = searchText(record, index);
      for (const t of terms) if (!text.includes(t)) return false;
    }
    return true;
  };

  let candidates: ArrayLike<number> | null = null;
  if (within) candidates = within;
  else if (filter.interaction !== null) {
    candidates = trace.interactions.get(filter.interaction)?.records ?? [];
  }
  const out = new Int32Array(candidates ? candidates.length : Math.max(0, n - from));
  let count = 0;
  if (candidates) {
    let previous = -1;
    for (let k = from > 0 ? lowerBound(candidates, from) : 0; k < candidates.length; k++) {
      const i = candidates[k];
      // A record naming the interaction twice (onmerge onto itself) is listed twice.
      if (i === previous || i >= n) continue;
      previous = i;
      if (passes(i)) out[count++] = i;
    }
  } else {
    for (let i = from; i < n; i++) if (passes(i)) out[count++] = i;
  }
  return count === out.length ? out : out.slice(0, count);
}

/**
 * Is `next` the same filter as `previous` with a text that only adds to it (so every row `next`
 * shows, `previous` showed too)?
 */
export function narrows(previous: RecordFilter, next: RecordFilter): boolean {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  return (
    previous.interaction === next.interaction &&
    previous.party === next.party &&
    previous.session === next.session &&
    previous.minSeverity === next.minSeverity &&
    same(previous.families, next.families) &&
    same(previous.names, next.names) &&
    next.text.toLowerCase().startsWith(previous.text.toLowerCase())
  );
}

/** Position in `rows` of the first row >= `index` (rows.length when none): where a hidden cursor sits among the shown rows. */
export function lowerBound(rows: ArrayLike<number>, index: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid] < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The shown row `step` rows away from the cursor (clamped); from a hidden cursor, step 1 lands on the next shown row. */
export function stepRow(rows: Int32Array, cursor: number, step: number): number | null {
  if (rows.length === 0) return null;
  const at = lowerBound(rows, cursor);
  const onRow = at < rows.length && rows[at] === cursor;
  let target: number;
  if (onRow) target = at + step;
  else target = step > 0 ? at + step - 1 : at + step;
  return rows[Math.max(0, Math.min(rows.length - 1, target))];
}
