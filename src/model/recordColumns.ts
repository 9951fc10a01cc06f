/**
 * Per-record columns for tables, ladders and search: which interaction, party, resource and
 * state a record is about, and a one-line summary of what it says. Derived from the record (and,
 * for a result, the request it answers, whose `interactionid` a result usually lacks), read from
 * the catalogue's attribute names, so no view spells event attributes itself.
 *
 * `buildTraceIndex` builds the lookups every view needs once per batch (requests by the index of
 * their action and of their result, diagnostics per record, times for scrubbing), never per
 * render or per row.
 */
import { eventSpec, type EventFamily } from './catalogue';
import { idText } from './ids';
import { asRecords, type Records } from './records';
import type { Request, TraceState } from './state';
import { SEVERITY_RANK, type Diagnostic, type Severity, type TraceRecord } from './types';

/** Family key of a record: the catalogue family of an event, `action` for requests, `other` for names the spec does not define. */
export type RecordFamily = EventFamily | 'action' | 'other';

export interface RecordColumns {
  family: RecordFamily;
  /** Event name, or the action name without `ixn:`. */
  name: string;
  /** Catalogue label (`party added`), or the name when the catalogue does not know it. */
  label: string;
  /** `interactionid`; `tointeractionid` for onmerge; the request's for a result without one. */
  interactionid: string | null;
  /** `frominteractionid` of onmerge: the other interaction the record names. */
  otherInteractionid: string | null;
  /** The party the record is about (`partyid`, `divertingpartyid`, `activepartyid`, ...). */
  partyid: string | null;
  /** That party's resource (`focusresource`, `divertingresource`, ...), or an action's `to`/`from`. */
  resource: string | null;
  /** That party's state as the event reports it. */
  state: string | null;
  requestid: string | null;
  /** One line: what the record says, e.g. `P2 5000 → 7001 (divert)`. */
  summary: string;
}

/** Attributes that name the party an event is about: [party, resource, state]. */
const PARTY_ATTRIBUTES: Readonly<Record<string, readonly [string, string, string]>> = {
  'interaction.partyadded': ['partyid', 'focusresource', 'partystate'],
  'interaction.partydeleted': ['partyid', 'focusresource', 'partystate'],
  'interaction.partystatechanged': ['partyid', 'focusresource', 'partystate'],
  'interaction.ondivert': ['divertingpartyid', 'divertingresource', 'divertingpartystate'],
  'interaction.onsinglesteptransfer': ['transferringpartyid', 'transferringresource', 'transferringpartystate'],
  'interaction.onsinglestepconference': ['conferencingpartyid', 'conferencingresource', 'conferencingpartystate'],
  'interaction.onmerge': ['activepartyid', 'activeresource', 'activepartystate'],
};

/** A value as one short line of text: ids as text, objects as compact JSON. */
export function valueText(value: unknown, max = 60): string {
  const text = idText(value) ?? (typeof value === 'boolean' ? String(value) : value === undefined ? '' : JSON.stringify(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function text(data: Record<string, unknown>, key: string): string | null {
  return idText(data[key]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' ');
}

function udataSummary(udata: unknown): string {
  if (!isObject(udata)) return '';
  const keys = Object.keys(udata);
  const shown = keys.slice(0, 4).map((k) => (udata[k] === null ? `−${k}` : `${k}=${valueText(udata[k], 24)}`));
  return keys.length > 4 ? `${shown.join(', ')}, +${keys.length - 4} more` : shown.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The first few attributes of a record the catalogue does not describe. */
function genericSummary(data: Record<string, unknown>): string {
  const keys = Object.keys(data);
  return keys.slice(0, 4).map((k) => `${k}=${valueText(data[k], 24)}`).join(' ') + (keys.length > 4 ? ' …' : '');
}

function eventSummary(name: string, data: Record<string, unknown>, request: Request | undefined): string {
  const d = (k: string) => text(data, k);
  switch (name) {
    case 'interaction.added': {
      const parties = Array.isArray(data.parties) ? data.parties.length : 0;
      const udata = isObject(data.udata) ? Object.keys(data.udata).length : 0;
      const what = [join(d('media'), d('type')), parties > 0 && `${parties} ${parties === 1 ? 'party' : 'parties'}`,
        udata > 0 && `udata ${plural(udata, 'key')}`].filter((p): p is string => typeof p === 'string' && p.length > 0);
      return what.length > 0 ? what.join(' · ') : 'added';
    }
    case 'interaction.partyadded':
      return join('+', d('partyid'), d('focusresource'), d('partystate'));
    case 'interaction.partydeleted':
      return join('−', d('partyid'), d('focusresource'), d('partystate'));
    case 'interaction.partystatechanged':
      return join(d('partyid'), d('focusresource'), '→', d('partystate'));
    case 'interaction.udata.changed':
      return udataSummary(data.udata) || 'udata changed';
    case 'interaction.ondivert':
      return `${join(d('divertingpartyid'), d('divertingresource'))} → ${d('newdestination') ?? '?'} (divert)`;
    case 'interaction.onsinglesteptransfer':
      return `${join(d('transferringpartyid'), d('transferringresource'))} → ${d('newdestination') ?? '?'} (single-step transfer)`;
    case 'interaction.onsinglestepconference':
      return `${join(d('conferencingpartyid'), d('conferencingresource'))} + ${join(d('addedpartyid'), d('addedresource'))} (conference)`;
    case 'interaction.onmerge': {
      const hints = isObject(data.hints) ? data.hints : null;
      const type = hints && typeof hints.type === 'string' ? hints.type : 'merge';
      return `${d('frominteractionid') ?? '?'} ⇒ ${d('tointeractionid') ?? '?'} (${type}) active ${join(d('activepartyid'), d('activeresource'))}`;
    }
    case 'interaction.abandoned':
      return join(d('focusresource'), d('reason') && `reason ${d('reason')}`) || 'abandoned';
    default:
      break;
  }
  const spec = eventSpec(name);
  if (spec?.family === 'result') {
    const action = spec.action ?? '';
    const latency = request?.latencyMs != null ? ` in ${request.latencyMs} ms` : '';
    if (spec.effect === 'result-done') return `${action} ${d('requestid') ?? ''} done${latency}`;
    return join(`${action} ${d('requestid') ?? ''} failed${latency}:`, d('error'), d('description') && `— ${d('description')}`);
  }
  if (spec?.family === 'lifecycle') return spec.label;
  return genericSummary(data);
}

function actionSummary(data: Record<string, unknown>): string {
  const parts: string[] = [];
  const from = text(data, 'from');
  const to = text(data, 'to');
  if (from !== null || to !== null) parts.push(`${from ?? ''}${from !== null && to !== null ? ' → ' : to !== null ? '→ ' : ''}${to ?? ''}`);
  for (const key of Object.keys(data)) {
    if (key === 'requestid' || key === 'interactionid' || key === 'from' || key === 'to') continue;
    parts.push(`${key}=${valueText(data[key], 24)}`);
    if (parts.length >= 4) break;
  }
  return parts.join(' ');
}

/** The columns of one record; `request` is the request a result answers (see `TraceIndex`). */
export function recordColumns(record: TraceRecord, request?: Request): RecordColumns {
  const data = record.data;
  const requestid = text(data, 'requestid');
  if (record.kind === 'action') {
    return {
      family: 'action',
      name: record.action,
      label: record.action,
      interactionid: text(data, 'interactionid'),
      otherInteractionid: null,
      partyid: null,
      resource: text(data, 'to') ?? text(data, 'from'),
      state: null,
      requestid,
      summary: actionSummary(data),
    };
  }
  const spec = eventSpec(record.name);
  const partyKeys = Object.hasOwn(PARTY_ATTRIBUTES, record.name) ? PARTY_ATTRIBUTES[record.name] : null;
  const merge = record.name === 'interaction.onmerge';
  const interactionid = text(data, 'interactionid') ?? (merge ? text(data, 'tointeractionid') : null) ??
    (spec?.family === 'result' ? request?.interactionid ?? null : null);
  return {
    family: spec?.family ?? 'other',
    name: record.name,
    label: spec?.label ?? record.name,
    interactionid,
    otherInteractionid: merge ? text(data, 'frominteractionid') : null,
    partyid: partyKeys ? text(data, partyKeys[0]) : null,
    resource: partyKeys ? text(data, partyKeys[1]) : text(data, 'focusresource') ?? text(data, 'resource'),
    state: partyKeys ? text(data, partyKeys[2]) : null,
    requestid,
    summary: eventSummary(record.name, data, request),
  };
}

/**
 * Requests by the index of a record (the action that sent each, or the result that answered it):
 * a map read as `Map` is, kept in arrays. A `Map` of a 1M trace's 96k requests took 80 ms of the
 * page's main thread during the load (hashing and growing); here a lookup is an array read.
 * Iterates in the order set.
 */
export class RequestsByRecord implements Iterable<[number, Request]> {
  /** Per record index: 1 + the position of its request in `requests`, 0 for none. */
  private slots = new Int32Array(0);
  private readonly requests: Request[] = [];
  /** The record index of each request, in the order set. */
  private readonly at: number[] = [];

  get size(): number {
    return this.requests.length;
  }

  get(recordIndex: number): Request | undefined {
    const p = recordIndex >= 0 && recordIndex < this.slots.length ? this.slots[recordIndex] : 0;
    return p === 0 ? undefined : this.requests[p - 1];
  }

  has(recordIndex: number): boolean {
    return this.get(recordIndex) !== undefined;
  }

  set(recordIndex: number, request: Request): this {
    if (!Number.isInteger(recordIndex) || recordIndex < 0) throw new RangeError(`record index ${recordIndex}`);
    this.slots = grow(this.slots, recordIndex + 1, (k) => new Int32Array(k));
    const p = this.slots[recordIndex];
    if (p !== 0) {
      this.requests[p - 1] = request;
    } else {
      this.requests.push(request);
      this.at.push(recordIndex);
      this.slots[recordIndex] = this.requests.length;
    }
    return this;
  }

  /** The record index of the k-th request set (0 <= k < size). */
  recordAt(k: number): number {
    return this.at[k];
  }

  /** The k-th request set (0 <= k < size). */
  requestAt(k: number): Request {
    return this.requests[k];
  }

  keys(): IterableIterator<number> {
    return this.at.values();
  }

  values(): IterableIterator<Request> {
    return this.requests.values();
  }

  *entries(): IterableIterator<[number, Request]> {
    for (let k = 0; k < this.requests.length; k++) yield [this.at[k], this.requests[k]];
  }

  [Symbol.iterator](): IterableIterator<[number, Request]> {
    return this.entries();
  }
}

/** Lookups built once per batch from the trace state. */
export interface TraceIndex {
  /** Request by the index of its action record. */
  requestBySent: RequestsByRecord;
  /** Request by the index of its result record. */
  requestByResult: RequestsByRecord;
  /** Diagnostics pointing at each record, in the order found. */
  diagnosticsByRecord: Map<number, Diagnostic[]>;
  /** Per record: 0 without diagnostics, else 1 + SEVERITY_RANK of the worst one. */
  severity: Uint8Array;
  /** Sorted indexes of records that have at least one diagnostic. */
  problemIndexes: Int32Array;
  /**
   * How many times a diagnostic raised the severity of a record an earlier build had already
   * indexed (e.g. requests left pending at the end): views that summarize severities per batch
   * re-read `problemIndexes` only when this changed.
   */
  severityRevisions: number;
  /** Per record: the latest time at or before it (epoch ms), NaN before any timed record. */
  timeCeiling: Float64Array;
  /** First and last known time of the trace, null when no record has one. */
  startTime: number | null;
  endTime: number | null;
  /** Source files in input order (a file column is worth showing when there are several). */
  files: string[];
  /** Sessions in order of first record. */
  sessions: string[];
  /** Event and action names in order of first record. */
  names: string[];
}

/** The request a record sent or answered, if any. */
export function requestOf(index: TraceIndex, recordIndex: number): Request | undefined {
  return index.requestBySent.get(recordIndex) ?? index.requestByResult.get(recordIndex);
}

function keep<T>(old: T | undefined, changed: boolean, make: () => T): T {
  return old !== undefined && !changed ? old : make();
}

/**
 * The sorted problem indexes with `added` (records with a first diagnostic) merged in. Problems
 * of new records, past the last one, go at the end of a buffer that doubles as it fills (`p`
 * keeps it): each index's list is a view of it, which later appends leave as it was. An index
 * is extended at every batch a load applies (see traceIndex.ts): copying the whole list each
 * time made a trace with a problem on every record quadratic (584 ms for 300k in 1000-record
 * batches). A problem on an earlier record (a request left pending) makes a merged copy.
 */
function problemIndexesAfter(p: IndexProgress, old: Int32Array | undefined, added: number[], all: Map<number, Diagnostic[]>): Int32Array {
  if (old === undefined) return Int32Array.from(all.keys()).sort();
  if (added.length === 0) return old;
  added.sort((a, b) => a - b);
  const n = old.length + added.length;
  if (old.length === 0 || added[0] > old[old.length - 1]) {
    let buffer = p.problems;
    // Appending is safe only into the buffer `old` is the whole start of.
    if (buffer === null || buffer.buffer !== old.buffer || old.byteOffset !== 0 || buffer.length < n) {
      const grown = new Int32Array(Math.max(n, 2 * old.length, 64));
      grown.set(old);
      buffer = grown;
    }
    buffer.set(added, old.length);
    p.problems = buffer;
    return buffer.subarray(0, n);
  }
  const merged = new Int32Array(n);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < old.length || j < added.length) {
    merged[k++] = j >= added.length || (i < old.length && old[i] < added[j]) ? old[i++] : added[j++];
  }
  return merged;
}

/** What an index has read so far, so the next batch extends it instead of starting over. */
interface IndexProgress {
  trace: TraceState;
  records: number;
  requests: number;
  diagnostics: number;
  /** Requests without a result when last read: their result may arrive in a later batch. */
  pending: Request[];
  severity: Uint8Array;
  timeCeiling: Float64Array;
  latest: number;
  /** Time of the first timed record, null while none is. */
  start: number | null;
  severityRevisions: number;
  fileSeen: Set<string>;
  sessionSeen: Set<string>;
  nameSeen: Set<string>;
  /** The buffer the latest `problemIndexes` is the start of (see `problemIndexesAfter`). */
  problems: Int32Array | null;
  /** 1 at each file, session and name key (`Records.fileKey`...) already read: the sets above see each text once, not once a record. */
  fileKeys: number[];
  sessionKeys: number[];
  nameKeys: number[];
}

const progressOf = new WeakMap<TraceIndex, IndexProgress>();

function grow<T extends Uint8Array | Int32Array | Float64Array>(buffer: T, size: number, make: (n: number) => T): T {
  if (buffer.length >= size) return buffer;
  const next = make(Math.max(size, Math.ceil(buffer.length * 1.5), 1024));
  next.set(buffer);
  return next;
}

/** The progress of an index about to read `trace` and `n` records: `previous`'s, or a fresh one. */
function progressFor(trace: TraceState, n: number, previous: TraceIndex | undefined): IndexProgress | undefined {
  const p = previous ? progressOf.get(previous) : undefined;
  return p && p.trace === trace && p.records <= n ? p : undefined;
}

function newProgress(trace: TraceState, n: number): IndexProgress {
  return {
    trace,
    records: 0,
    requests: 0,
    diagnostics: 0,
    pending: [],
    severity: new Uint8Array(n),
    timeCeiling: new Float64Array(n),
    latest: NaN,
    start: null,
    severityRevisions: 0,
    fileSeen: new Set(),
    sessionSeen: new Set(),
    nameSeen: new Set(),
    problems: null,
    fileKeys: [],
    sessionKeys: [],
    nameKeys: [],
  };
}

/** Maps the requests sent or answered since `p` last read them; keeps those still without a result. */
function readRequests(p: IndexProgress, requestBySent: RequestsByRecord, requestByResult: RequestsByRecord): void {
  const { trace } = p;
  const stillPending: Request[] = [];
  for (const r of p.pending) {
    if (r.resultIndex >= 0) requestByResult.set(r.resultIndex, r);
    else stillPending.push(r);
  }
  for (let i = p.requests; i < trace.requests.length; i++) {
    const r = trace.requests[i];
    requestBySent.set(r.sentIndex, r);
    if (r.resultIndex >= 0) requestByResult.set(r.resultIndex, r);
    else stillPending.push(r);
  }
  p.requests = trace.requests.length;
  p.pending = stillPending;
}

/**
 * Files the diagnostics made since `p` last read them under their records and raises the
 * records' severities; returns the records that got their first diagnostic, in the order met.
 */
function readDiagnostics(p: IndexProgress, n: number, diagnosticsByRecord: Map<number, Diagnostic[]>): number[] {
  const { trace, severity } = p;
  const newProblems: number[] = [];
  for (let i = p.diagnostics; i < trace.diagnostics.length; i++) {
    const d = trace.diagnostics[i];
    if (d.recordIndex < 0 || d.recordIndex >= n) continue;
    const list = diagnosticsByRecord.get(d.recordIndex);
    if (list) list.push(d);
    else {
      diagnosticsByRecord.set(d.recordIndex, [d]);
      newProblems.push(d.recordIndex);
    }
    const s = 1 + SEVERITY_RANK[d.severity];
    if (s > severity[d.recordIndex]) {
      severity[d.recordIndex] = s;
      if (d.recordIndex < p.records) p.severityRevisions++;
    }
  }
  p.diagnostics = trace.diagnostics.length;
  return newProblems;
}

/**
 * The per-record part, records `p.records`... `n - 1`: time ceilings, and the files, sessions and
 * names met. A small function of its own: it is the hot loop of a load, and the optimizing
 * compiler took 120-150 ms of a helper thread per compilation of the whole index builder, twice
 * per 1M load (each deopt on a branch the load had not run yet recompiled all of it).
 */
function readRecords(p: IndexProgress, records: Records, n: number): void {
  const timeCeiling = p.timeCeiling;
  let latest = p.latest;
  for (let i = p.records; i < n; i++) {
    const time = records.time(i);
    if (time !== null && !(time <= latest)) {
      latest = time;
      p.start ??= time;
    }
    timeCeiling[i] = latest;
    const file = records.fileKey(i);
    if (p.fileKeys[file] !== 1) {
      p.fileKeys[file] = 1;
      p.fileSeen.add(records.file(i));
    }
    const session = records.sessionKey(i);
    if (p.sessionKeys[session] !== 1) {
      p.sessionKeys[session] = 1;
      p.sessionSeen.add(records.session(i));
    }
    const name = records.nameKey(i);
    if (p.nameKeys[name] !== 1) {
      p.nameKeys[name] = 1;
      p.nameSeen.add(records.name(i));
    }
  }
  p.latest = latest;
  p.records = n;
}

/**
 * Builds the index of a trace, or extends `previous` (an index of the same trace, built when it
 * had fewer records): the trace state and the record list only grow, so a batch costs its own
 * size, not the trace's. The maps of `previous` are reused; do not read it afterwards.
 */
export function buildTraceIndex(trace: TraceState, list: Records | readonly TraceRecord[], previous?: TraceIndex): TraceIndex {
  const records = asRecords(list);
  const n = records.length;
  const kept = progressFor(trace, n, previous);
  // Another trace, or an index of more records than there are: built from the start.
  if (kept === undefined) previous = undefined;
  const p = kept ?? newProgress(trace, n);
  const requestBySent = previous?.requestBySent ?? new RequestsByRecord();
  const requestByResult = previous?.requestByResult ?? new RequestsByRecord();
  const diagnosticsByRecord = previous?.diagnosticsByRecord ?? new Map<number, Diagnostic[]>();
  readRequests(p, requestBySent, requestByResult);
  p.severity = grow(p.severity, n, (k) => new Uint8Array(k));
  // Records that got their first diagnostic in this batch; usually new records, appended in order.
  const newProblems = readDiagnostics(p, n, diagnosticsByRecord);
  p.timeCeiling = grow(p.timeCeiling, n, (k) => new Float64Array(k));
  const sizes = [p.fileSeen.size, p.sessionSeen.size, p.nameSeen.size];
  readRecords(p, records, n);
  const index: TraceIndex = {
    requestBySent,
    requestByResult,
    diagnosticsByRecord,
    severity: p.severity.subarray(0, n),
    problemIndexes: problemIndexesAfter(p, previous?.problemIndexes, newProblems, diagnosticsByRecord),
    severityRevisions: p.severityRevisions,
    timeCeiling: p.timeCeiling.subarray(0, n),
    startTime: p.start,
    endTime: Number.isNaN(p.latest) ? null : p.latest,
    files: keep(previous?.files, p.fileSeen.size !== sizes[0], () => [...p.fileSeen]),
    sessions: keep(previous?.sessions, p.sessionSeen.size !== sizes[1], () => [...p.sessionSeen]),
    names: keep(previous?.names, p.nameSeen.size !== sizes[2], () => [...p.nameSeen]),
  };
  progressOf.set(index, p);
  return index;
}

/** Worst severity of a record's diagnostics, or null. */
export function severityOf(index: TraceIndex, recordIndex: number): Severity | null {
  const s = index.severity[recordIndex] ?? 0;
  return s === 0 ? null : s === 3 ? 'error' : s === 2 ? 'warning' : 'info';
}

/** The last record whose time is at or before `time` (-1 when none is): what a scrubber at `time` shows. */
export function recordAtTime(index: TraceIndex, time: number): number {
  const t = index.timeCeiling;
  let lo = 0;
  let hi = t.length;
  // timeCeiling is non-decreasing once defined; NaN (no time yet) counts as before everything.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Number.isNaN(t[mid]) || t[mid] <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
