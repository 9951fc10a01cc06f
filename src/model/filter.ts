/**
 * Record filtering for the event table: which record indexes pass the person's filters. Pure and
 * allocation-light so it runs over a million records: one pass, the result an Int32Array of
 * indexes in trace order. Filters never change the records, only which are shown.
 */
import { eventSpec } from './catalogue';
import type { RecordFamily, RequestsByRecord, TraceIndex } from './recordColumns';
import { asRecords, type Records, type SearchRun } from './records';
import type { Request, TraceState } from './state';
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
  forEachText(record.data, (text) => parts.push(text), 0);
  return parts.join('\u0001').toLowerCase();
}

/**
 * The texts of a record's data a free-text search looks in: values (numbers and booleans as
 * written) and, below the top level, keys, three levels deep. One walk for `searchText` and the
 * search index of records kept as objects; `WireEncoder` finds the same texts for the records it
 * encodes (filter.test.ts holds the two to the same texts, record by record).
 */
export function forEachText(value: unknown, emit: (text: string) => void, depth: number): void {
  if (typeof value === 'string') emit(value);
  else if (typeof value === 'number' || typeof value === 'boolean') emit(String(value));
  else if (depth < 3 && Array.isArray(value)) for (const v of value) forEachText(v, emit, depth + 1);
  else if (depth < 3 && isObject(value)) {
    for (const key in value) {
      if (depth > 0) emit(key);
      forEachText(value[key], emit, depth + 1);
    }
  }
}

export interface FilterOptions {
  /** Rows of a looser filter over the same records (see `narrows`): only they are scanned, so typing one more letter costs the rows still shown. */
  within?: Int32Array;
  /** Scan only records from this index on (the rest of a trace that grew; the caller keeps the earlier rows). */
  from?: number;
  /** Scan only records before this index (those the views were told of: a loading list may already hold more). */
  to?: number;
}

/**
 * What a free-text search reads, per trace: every distinct text `searchText` would join (data
 * values and keys; names, labels and sessions are read from the record columns, and a result's
 * request from the trace index), stored once, lower-cased, and per record the ids of its texts. A
 * term is looked up once per distinct text, then records are matched by id, so a search over a
 * million records reads a few million integers; texts shared by many records (ids, resources,
 * states) cost their length once.
 *
 * Ids: n >= 0 is position n of the load's wire string table, n < 0 the other text -1 - n of
 * `extras`. Records that came in wire batches bring their ids with them (`Records.searchRun`,
 * found by the load worker): indexing them copies integers. Other records (live streams, tests)
 * are walked here. Built by `extendSearchIndex`, in idle time after each batch (the UI calls it)
 * or, for what is left, by the first search.
 */
interface SearchIndex {
  /** Records indexed so far. */
  count: number;
  /** Lower-cased text of id -1 - e, by e. */
  extras: string[];
  /** e by text as written (texts up to `MAX_SHARED` long). */
  ids: Map<string, number>;
  /** The wire string table ids >= 0 are positions in, lower-cased (as far as records were indexed). */
  table: readonly string[];
  lowerTable: string[];
  /** Text ids of record i: `tokens[starts[i]]` up to `tokens[starts[i + 1]]`. */
  tokens: Int32Array;
  starts: Int32Array;
  /** A direct-mapped cache of `ids` (see `tokenOf`). */
  cacheTexts: (string | undefined)[];
  cacheIds: Int32Array;
  /** e of each of the wire batches' other texts (`WireSearch.extras`), by their id in the load. */
  wireExtras: Int32Array;
  wireExtraCount: number;
}

const searchIndexes = new WeakMap<TraceState, SearchIndex>();
const TOKEN_CACHE = 1 << 12;
/** Longer texts are not looked up: free text rarely repeats, and the Map would keep every one. */
const MAX_SHARED = 64;

function searchIndexOf(trace: TraceState): SearchIndex {
  let s = searchIndexes.get(trace);
  if (!s) {
    s = {
      count: 0,
      extras: [],
      ids: new Map(),
      table: [],
      lowerTable: [],
      tokens: new Int32Array(1 << 16),
      starts: new Int32Array(1 << 12),
      cacheTexts: new Array<string | undefined>(TOKEN_CACHE).fill(undefined),
      cacheIds: new Int32Array(TOKEN_CACHE),
      wireExtras: new Int32Array(1 << 10),
      wireExtraCount: 0,
    };
    searchIndexes.set(trace, s);
  }
  return s;
}

/** e of `text` in `extras` (`lower`: its lower-cased form), adding it. */
function extraOf(s: SearchIndex, text: string, lower: string): number {
  if (text.length > MAX_SHARED) {
    s.extras.push(lower);
    return s.extras.length - 1;
  }
  let e = s.ids.get(text);
  if (e === undefined) {
    e = s.extras.length;
    s.extras.push(lower);
    s.ids.set(text, e);
  }
  return e;
}

/** The id of a text found in a record object. */
function tokenOf(s: SearchIndex, text: string): number {
  // A direct-mapped cache by a few characters in front of the Map: names, keys, states and ids
  // repeat record after record, and an `===` on a hit costs less than a Map lookup.
  const len = text.length;
  const slot = len === 0 ? 0 : (len * 31 + text.charCodeAt(0) * 7 + text.charCodeAt(len - 1) * 131 + text.charCodeAt(len >> 1) * 1031) & (TOKEN_CACHE - 1);
  if (s.cacheTexts[slot] === text) return s.cacheIds[slot];
  const id = -1 - extraOf(s, text, text.toLowerCase());
  s.cacheTexts[slot] = text;
  s.cacheIds[slot] = id;
  return id;
}

/** Appends text ids to a search index's token list (fields, not closure variables: it runs per text). */
class TokenWriter {
  constructor(
    private readonly s: SearchIndex,
    public used: number,
  ) {}

  /**
   * Room for `size` tokens, in few big steps (at least doubling): each is an ArrayBuffer whose
   * size the collector counts, and many of them made V8 run full collections.
   */
  reserve(size: number): void {
    if (size <= this.s.tokens.length) return;
    const tokens = new Int32Array(Math.max(size, this.s.tokens.length * 2));
    tokens.set(this.s.tokens.subarray(0, this.used));
    this.s.tokens = tokens;
  }

  readonly emit = (text: string): void => {
    if (this.used === this.s.tokens.length) this.reserve(this.used + 1);
    this.s.tokens[this.used++] = tokenOf(this.s, text);
  };

  /** Records `i`... (`take` of them): the ids their wire batch brought, its other texts mapped to ours. */
  run({ search, first }: SearchRun, take: number, i: number): void {
    const s = this.s;
    s.table = search.table;
    // The table's new strings, lower-cased (most already are: then the same string).
    for (let p = s.lowerTable.length; p < search.table.length; p++) s.lowerTable.push(search.table[p].toLowerCase());
    const end = search.extraBase + search.extras.length;
    if (end > s.wireExtraCount) {
      if (s.wireExtras.length < end) {
        const grown = new Int32Array(Math.max(end, s.wireExtras.length * 2));
        grown.set(s.wireExtras);
        s.wireExtras = grown;
      }
      // Batches are indexed in order: a batch's other texts are new to us the first time.
      for (let e = Math.max(s.wireExtraCount, search.extraBase); e < end; e++) {
        const lower = search.extras[e - search.extraBase];
        s.wireExtras[e] = extraOf(s, lower, lower);
      }
      s.wireExtraCount = end;
    }
    const from = first === 0 ? 0 : search.ends[first - 1];
    const to = search.ends[first + take - 1];
    this.reserve(this.used + (to - from));
    const { tokens, wireExtras, starts } = s;
    const source = search.tokens;
    let used = this.used;
    for (let k = from; k < to; k++) {
      const t = source[k];
      tokens[used++] = t >= 0 ? t : -1 - wireExtras[-1 - t];
    }
    const shift = this.used - from;
    for (let k = 0; k < take; k++) starts[i + 1 + k] = search.ends[first + k] + shift;
    this.used = used;
  }
}

/**
 * Indexes records for text search, from where the last call stopped up to the records `index`
 * covers, while `more()` says there is time left (checked every wire batch or few hundred
 * records); returns true when all of them are indexed.
 */
export function extendSearchIndex(
  list: Records | readonly TraceRecord[],
  trace: TraceState,
  index: TraceIndex,
  more: () => boolean = () => true,
): boolean {
  const records = asRecords(list);
  const s = searchIndexOf(trace);
  const n = Math.min(records.length, index.severity.length);
  if (s.starts.length < n + 1) {
    const starts = new Int32Array(Math.max(n + 1, s.starts.length * 2));
    starts.set(s.starts.subarray(0, s.count + 1));
    s.starts = starts;
  }
  const out = new TokenWriter(s, s.starts[s.count]);
  let i = s.count;
  while (i < n) {
    const run = records.searchRun?.(i) ?? null;
    if (run !== null) {
      const take = Math.min(run.count, n - i);
      out.run(run, take, i);
      i += take;
      // The index holds the batch's texts now: the batch need not keep them too.
      if (take === run.count && run.last) run.release();
    } else {
      // About 6 texts a record (the generated traces have 4.5), or as many as the records indexed
      // so far have: one allocation instead of several, which the collector counts.
      const start = i;
      const stop = Math.min(n, i + 256);
      out.reserve(out.used + (stop - i) * (i > 1000 ? Math.ceil((out.used / i) * 1.1) : 6));
      for (; i < stop; i++) {
        // A wire batch after records kept as objects: its texts are copied, not walked.
        if (i > start && records.searchRun?.(i)) break;
        forEachText(records.get(i).data, out.emit, 0);
        s.starts[i + 1] = out.used;
      }
    }
    s.count = i;
    if (i < n && !more()) return false;
  }
  return true;
}

/** The terms of `group` (bit t for term t) that lower-cased `text` holds. */
function termBits(group: readonly string[], text: string): number {
  let m = 0;
  for (let t = 0; t < group.length; t++) if (text.includes(group[t])) m |= 1 << t;
  return m;
}

/**
 * Does record `i` hold every term? Terms go in groups of 31 (bit t for term t of a group); a
 * record passes when each group's bits are all found. See `groupTest`.
 */
function makeTextTest(s: SearchIndex, records: Records, index: TraceIndex, terms: readonly string[]): (i: number) => boolean {
  const tests: ((i: number) => boolean)[] = [];
  for (let k = 0; k < terms.length; k += 31) tests.push(groupTest(s, records, index, terms.slice(k, k + 31)));
  if (tests.length === 1) return tests[0];
  return (i) => {
    for (let g = 0; g < tests.length; g++) if (!tests[g](i)) return false;
    return true;
  };
}

/**
 * The test of one group of terms. `masks` caches which terms each text id holds (-1: not looked
 * at yet), ids of the wire table at `extras.length + id` and the index's other texts below; names
 * (with their labels) and sessions the same by their column keys; `results` the terms the
 * interaction of a result's request holds (a search finds a result by the call its request was
 * about). It runs once per record of a million: everything it reads is a local typed array or
 * a small cache, and a text's terms are looked for once per search.
 */
function groupTest(s: SearchIndex, records: Records, index: TraceIndex, group: readonly string[]): (i: number) => boolean {
  const all = group.length === 31 ? 0x7fffffff : (1 << group.length) - 1;
  const { tokens, starts, lowerTable, extras } = s;
  const base = extras.length;
  const masks = new Int32Array(base + lowerTable.length).fill(-1);
  const names: number[] = [];
  const sessions: number[] = [];
  const results = resultBits(index, group);
  // Per name (and its label) and per session, once: the slow paths of the test below.
  const nameBits = (i: number, key: number): number => {
    const name = records.name(i);
    const label = records.kind(i) === 'event' ? eventSpec(name)?.label : undefined;
    const m = termBits(group, name.toLowerCase()) | (label === undefined ? 0 : termBits(group, label.toLowerCase()));
    while (names.length < key) names.push(-1);
    names[key] = m;
    return m;
  };
  const sessionBits = (i: number, key: number): number => {
    const m = termBits(group, records.session(i).toLowerCase());
    while (sessions.length < key) sessions.push(-1);
    sessions[key] = m;
    return m;
  };
  return (i: number): boolean => {
    const nameKey = records.nameKey(i);
    let found = nameKey < names.length ? names[nameKey] : -1;
    if (found < 0) found = nameBits(i, nameKey);
    const sessionKey = records.sessionKey(i);
    let inSession = sessionKey < sessions.length ? sessions[sessionKey] : -1;
    if (inSession < 0) inSession = sessionBits(i, sessionKey);
    found |= inSession;
    if (results !== null) found |= results.get(i) ?? 0;
    const to = starts[i + 1];
    for (let k = starts[i]; k < to && found !== all; k++) {
      const at = tokens[k] + base;
      let m = masks[at];
      if (m < 0) masks[at] = m = termBits(group, at >= base ? lowerTable[at - base] : extras[base - 1 - at]);
      found |= m;
    }
    return found === all;
  };
}

/** The terms of `group` each result's request's interaction id holds, by the result's index; null for none. */
function resultBits(index: TraceIndex, group: readonly string[]): Map<number, number> | null {
  const ids = requestInteractions(index.requestByResult);
  const idBits = new Int32Array(ids.lower.length);
  let any = false;
  for (let d = 0; d < idBits.length; d++) if ((idBits[d] = termBits(group, ids.lower[d])) !== 0) any = true;
  if (!any) return null;
  const bits = new Map<number, number>();
  const results = index.requestByResult;
  for (let k = 0; k < ids.count; k++) {
    const d = ids.distinct[k];
    if (d >= 0 && idBits[d] !== 0) bits.set(results.recordAt(k), idBits[d]);
  }
  return bits;
}

/**
 * The interactions the requests of a `RequestsByRecord` are about, numbered: `distinct[k]` is the
 * position in `lower` (the ids lower-cased, each once) of request k's, -1 for none. Kept per list
 * and brought up to date at each search: a million-record trace has some 100k requests about 64k
 * interactions, and lower-casing their ids at every search cost a fifth of it.
 */
interface RequestInteractions {
  count: number;
  requests: Request[];
  distinct: Int32Array;
  lower: string[];
  byId: Map<string, number>;
}

const requestInteractionsOf = new WeakMap<RequestsByRecord, RequestInteractions>();

function requestInteractions(results: RequestsByRecord): RequestInteractions {
  let c = requestInteractionsOf.get(results);
  if (!c) {
    c = { count: 0, requests: [], distinct: new Int32Array(1024), lower: [], byId: new Map() };
    requestInteractionsOf.set(results, c);
  }
  if (c.distinct.length < results.size) {
    const grown = new Int32Array(Math.max(results.size, c.distinct.length * 2));
    grown.set(c.distinct);
    c.distinct = grown;
  }
  for (let k = 0; k < results.size; k++) {
    const request = results.requestAt(k);
    // A request set again for the same record is replaced in place: read it again.
    if (k < c.count && c.requests[k] === request) continue;
    const id = request.interactionid;
    let d = -1;
    if (id) {
      d = c.byId.get(id) ?? -1;
      if (d < 0) {
        d = c.lower.length;
        c.lower.push(id.toLowerCase());
        c.byId.set(id, d);
      }
    }
    c.distinct[k] = d;
    c.requests[k] = request;
  }
  c.count = results.size;
  return c;
}

/**
 * Could record `i`'s data hold `value` (a string as written, or a number that prints as it)? The
 * search index has every text of a record's data, lower-cased: a record without one equal to
 * `value` lower-cased cannot name it, one with it may (the caller reads the record to be sure).
 * A party filter over a million records then reads the few hundred that hold the id, not every
 * record (429-540 ms a keystroke in Chromium at 1M).
 */
function makeHoldsTest(s: SearchIndex, value: string): (i: number) => boolean {
  const lower = value.toLowerCase();
  // -1: not looked at yet, else 1 when the text equals the value.
  const table = new Int8Array(s.lowerTable.length).fill(-1);
  const extras = new Int8Array(s.extras.length).fill(-1);
  return (i: number): boolean => {
    for (let k = s.starts[i]; k < s.starts[i + 1]; k++) {
      const id = s.tokens[k];
      let hit: number;
      if (id >= 0) {
        hit = table[id];
        if (hit < 0) table[id] = hit = s.lowerTable[id] === lower ? 1 : 0;
      } else {
        hit = extras[-1 - id];
        if (hit < 0) extras[-1 - id] = hit = s.extras[-1 - id] === lower ? 1 : 0;
      }
      if (hit === 1) return true;
    }
    return false;
  };
}

/**
 * Indexes of the records that pass `filter`, in trace order. With an interaction filter only that
 * interaction's record list is scanned, so the common "one call" view costs its length, not the
 * trace's. See `FilterOptions` for scanning less.
 */
export function filterRecords(
  list: Records | readonly TraceRecord[],
  trace: TraceState,
  index: TraceIndex,
  filter: RecordFilter,
  options: FilterOptions = {},
): Int32Array {
  const { within, from = 0 } = options;
  const records = asRecords(list);
  const n = Math.min(records.length, options.to ?? records.length);
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
  let hasTerms: ((i: number) => boolean) | null = null;
  // The text test alone, when the index covers every record.
  let indexedAll: ((i: number) => boolean) | null = null;
  // Indexed once, before the tests read the index's arrays.
  if (terms.length > 0 || party !== null) extendSearchIndex(records, trace, index);
  if (terms.length > 0) {
    const s = searchIndexOf(trace);
    const indexed = makeTextTest(s, records, index, [...new Set(terms)]);
    // Records the trace index does not cover yet (appended since) are read one by one.
    hasTerms = (i) => (i < s.count ? indexed(i) : terms.every((t) => searchText(records.get(i), index).includes(t)));
    if (s.count >= n) indexedAll = indexed;
  }

  let mayNameParty: ((i: number) => boolean) | null = null;
  if (party !== null) {
    const s = searchIndexOf(trace);
    const holds = makeHoldsTest(s, party);
    mayNameParty = (i) => i >= s.count || holds(i);
  }

  // Columns first; the record itself is read only for a party filter, and only when its texts hold the id.
  const passes = (i: number): boolean => {
    if (session !== null && records.session(i) !== session) return false;
    if (minSeverity > 0 && index.severity[i] < minSeverity) return false;
    if (names !== null && !names.has(records.name(i))) return false;
    if (families !== null && !families.has(records.kind(i) === 'action' ? 'action' : (eventSpec(records.name(i))?.family ?? 'other'))) return false;
    if (party !== null && !(mayNameParty!(i) && namesParty(records.get(i), party))) return false;
    if (hasTerms !== null && !hasTerms(i)) return false;
    return true;
  };

  // A text alone (the common search) is tested without the other filters' checks: the scan of a
  // million records then costs the text test only (about 15% less than through `hasTerms`).
  const textOnly = hasTerms !== null && session === null && minSeverity === 0 && names === null && families === null && party === null;
  const test = textOnly ? (indexedAll ?? hasTerms!) : passes;

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
      if (test(i)) out[count++] = i;
    }
  } else {
    for (let i = from; i < n; i++) if (test(i)) out[count++] = i;
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
