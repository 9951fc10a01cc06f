/**
 * One trace reduced in two parts at once: the head (the first part of a file) on one thread, the
 * tail (the rest, from a line start) on another, with the same reducer, and the result exactly
 * what one reduction of the whole file gives.
 *
 * Why it is exact: the reducer's state is kept per interaction (its parties, sessions' holds on
 * it, its links) and per session and requestid (the actions waiting for a result, the requestids
 * used), plus lists every record only appends to (links, requests, diagnostics) and counters. A
 * record reads and changes only the entries of the keys it names (`keysOf` lists them as the
 * reducer looks them up). The tail's records fall into groups that share no key with one another
 * (union-find over the keys). A group none of whose keys the head touched reduces from an empty
 * state exactly as it would after the head (the text report also lists a head request under the
 * interaction it names when the trace has it by its end, so an interaction a head request names
 * counts as touched); the other groups are *deferred*: their records are applied again on top of
 * the head's state, in file order, with their place in the whole file.
 * The appended lists are merged back by record index, which is the order one reduction makes them
 * in, and the diagnostics are sorted by line as always.
 *
 * The time a record without `ts` takes comes from the record before it: the caller checks that the
 * tail's first record has a `ts` of its own, not earlier than the head's last (else it reduces the
 * file in one part).
 */
import { eventSpec } from './catalogue';
import { idText } from './ids';
import { addRejected, apply, createTrace, finish } from './reducer';
import type { ParseOutput } from './parser';
import type { TraceState } from './state';
import { summaryCounts, type SummaryCounts } from './summary';
import type { Diagnostic, TraceRecord } from './types';

/** What the tail tells the head once it is reduced: its keys, the group of each, its first time. */
export interface TailKeys {
  interactions: string[];
  interactionGroups: Int32Array;
  /** Session and requestid of each request key. */
  requestSessions: string[];
  requestIds: string[];
  requestGroups: Int32Array;
  /** Records per group (indexed by group), to weigh what deferring would cost. */
  groupRecords: Int32Array;
  /** Kept records of the tail. */
  records: number;
  /** Time of the tail's first kept record, null when it had no `ts` of its own (or there is none). */
  firstTime: number | null;
  /** The tail's records, events, actions and rejected lines (deferred ones included). */
  counts: SummaryCounts;
}

/**
 * The texts of one list of the output as UTF-8 bytes, separated by commas (JSON) or nothing (the
 * text report), with where each item starts and ends and the record index it sorts by. Bytes cross
 * threads without a copy, and the head writes runs of adjacent items out as they are; items are
 * dropped by leaving them out of `starts`/`ends`/`indexes`, never by copying the bytes.
 */
export interface JoinedTexts {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  indexes: Int32Array;
  /** Bytes between two adjacent items (a comma in JSON, none in the text report). */
  gap: number;
}

/**
 * The tail's part of the output: what no deferred group touched, placed in the whole file. The
 * lists are the sections of the summary (JSON: interactions, links, requests; the text report:
 * interaction blocks, requests on no known interaction), see `src/cli/tail.ts`.
 */
export interface TailOutput {
  lists: JoinedTexts[];
  /** How many interactions, links and requests the tail's part holds. */
  interactions: number;
  links: number;
  requests: number;
  diagnostics: Diagnostic[];
}

const NO_GROUP = -1;

/** Reduces the tail of a file from an empty state, noting the keys and group of each record. */
export class TailReduction {
  readonly state: TraceState = createTrace({ history: false });
  private parent: number[] = [];
  private readonly interactionNodes = new Map<string, number>();
  /** session → requestid → node */
  private readonly requestNodes = new Map<string, Map<string, number>>();
  private recordNode = new Int32Array(1 << 16);
  private recordLine = new Int32Array(1 << 16);
  private recordTime = new Float64Array(1 << 16);
  private readonly recordIssues = new Map<number, Diagnostic[]>();
  private roots: Int32Array | null = null;

  /** Applies a batch of the tail's parser. */
  add(out: ParseOutput): void {
    addRejected(this.state, out.diagnostics, out.rejected);
    for (const record of out.records) this.addRecord(record);
  }

  private addRecord(record: TraceRecord): void {
    const k = this.state.recordCount;
    if (k === this.recordNode.length) this.grow();
    this.recordNode[k] = this.keysOf(record);
    this.recordLine[k] = record.line;
    this.recordTime[k] = record.time === null ? NaN : record.time;
    if (record.issues) this.recordIssues.set(k, record.issues);
    apply(this.state, record);
  }

  private grow(): void {
    const n = this.recordNode.length * 2;
    const node = new Int32Array(n);
    node.set(this.recordNode);
    this.recordNode = node;
    const line = new Int32Array(n);
    line.set(this.recordLine);
    this.recordLine = line;
    const time = new Float64Array(n);
    time.set(this.recordTime);
    this.recordTime = time;
  }

  /**
   * The keys of the state a record reads or changes, as the reducer looks them up (see
   * `applyEvent`, `applyResult`, `applyMerge`, `applyAction`), joined in one group; its node, or
   * NO_GROUP when it names none (its diagnostics depend on nothing before it).
   */
  private keysOf(record: TraceRecord): number {
    const data = record.data;
    if (record.kind === 'action') {
      const ixn = idText(data.interactionid);
      const rid = idText(data.requestid);
      const a = ixn === null ? NO_GROUP : this.interactionNode(ixn);
      const b = rid === null ? NO_GROUP : this.requestNode(record.session, rid);
      return this.join(a, b);
    }
    const spec = eventSpec(record.name);
    if (!spec) return NO_GROUP;
    if (spec.family === 'result') {
      const rid = idText(data.requestid);
      return rid === null ? NO_GROUP : this.requestNode(record.session, rid);
    }
    if (spec.effect === 'merge') {
      const from = idText(data.frominteractionid);
      const to = idText(data.tointeractionid);
      return this.join(from === null ? NO_GROUP : this.interactionNode(from), to === null ? NO_GROUP : this.interactionNode(to));
    }
    const ixn = idText(data.interactionid);
    return ixn === null ? NO_GROUP : this.interactionNode(ixn);
  }

  private interactionNode(id: string): number {
    let node = this.interactionNodes.get(id);
    if (node === undefined) {
      node = this.parent.length;
      this.parent.push(node);
      this.interactionNodes.set(id, node);
    }
    return node;
  }

  private requestNode(session: string, rid: string): number {
    let ids = this.requestNodes.get(session);
    if (!ids) {
      ids = new Map();
      this.requestNodes.set(session, ids);
    }
    let node = ids.get(rid);
    if (node === undefined) {
      node = this.parent.length;
      this.parent.push(node);
      ids.set(rid, node);
    }
    return node;
  }

  private find(node: number): number {
    const parent = this.parent;
    let root = node;
    while (parent[root] !== root) root = parent[root];
    while (parent[node] !== root) {
      const next = parent[node];
      parent[node] = root;
      node = next;
    }
    return root;
  }

  private join(a: number, b: number): number {
    if (a === NO_GROUP) return b;
    if (b === NO_GROUP) return a;
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[rb] = ra;
    return ra;
  }

  /** The group of every record (NO_GROUP for none), once the tail is read. */
  private groups(): Int32Array {
    if (this.roots !== null) return this.roots;
    const n = this.state.recordCount;
    const roots = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const node = this.recordNode[k];
      roots[k] = node === NO_GROUP ? NO_GROUP : this.find(node);
    }
    this.roots = roots;
    return roots;
  }

  /** The tail's keys and groups, for the head to find what it touched (`deferredGroups`). */
  keys(): TailKeys {
    const groups = this.groups();
    const groupRecords = new Int32Array(this.parent.length);
    for (let k = 0; k < groups.length; k++) if (groups[k] !== NO_GROUP) groupRecords[groups[k]]++;
    const interactions: string[] = [];
    const interactionGroups = new Int32Array(this.interactionNodes.size);
    for (const [id, node] of this.interactionNodes) {
      interactionGroups[interactions.length] = this.find(node);
      interactions.push(id);
    }
    const requestSessions: string[] = [];
    const requestIds: string[] = [];
    const requestGroups: number[] = [];
    for (const [session, ids] of this.requestNodes) {
      for (const [rid, node] of ids) {
        requestSessions.push(session);
        requestIds.push(rid);
        requestGroups.push(this.find(node));
      }
    }
    const n = this.state.recordCount;
    return {
      interactions,
      interactionGroups,
      requestSessions,
      requestIds,
      requestGroups: Int32Array.from(requestGroups),
      groupRecords,
      records: n,
      firstTime: n > 0 && !Number.isNaN(this.recordTime[0]) ? this.recordTime[0] : null,
      counts: summaryCounts(this.state),
    };
  }

  /** Ordinals (tail record indexes) of the records of deferred groups, in file order. */
  deferredRecords(deferred: Uint8Array): number[] {
    const groups = this.groups();
    const out: number[] = [];
    for (let k = 0; k < groups.length; k++) if (groups[k] !== NO_GROUP && deferred[groups[k]] === 1) out.push(k);
    return out;
  }

  /** Line (in the tail), time and parser diagnostics of a tail record, to make it again. */
  recordAt(k: number): { line: number; time: number | null; issues: Diagnostic[] | undefined } {
    const time = this.recordTime[k];
    return { line: this.recordLine[k], time: Number.isNaN(time) ? null : time, issues: this.recordIssues.get(k) };
  }

  /** The finished state and which of its record indexes (tail ordinals) belong to the tail's part. */
  part(deferred: Uint8Array): { state: TraceState; keep: (k: number) => boolean } {
    const state = finish(this.state);
    const groups = this.groups();
    return { state, keep: (k: number): boolean => k < 0 || groups[k] === NO_GROUP || deferred[groups[k]] !== 1 };
  }

  /** The diagnostics of the tail's part, with lines and record indexes of the whole file. */
  diagnostics(deferred: Uint8Array, lineOffset: number, indexOffset: number): Diagnostic[] {
    const { state, keep } = this.part(deferred);
    const out: Diagnostic[] = [];
    for (const d of state.diagnostics) {
      if (!keep(d.recordIndex)) continue;
      out.push({ ...d, line: d.line + lineOffset, recordIndex: d.recordIndex < 0 ? -1 : d.recordIndex + indexOffset });
    }
    return out;
  }
}

/**
 * The texts of `items`, `separator` between them, as one `JoinedTexts`; `index` gives the record
 * index each sorts by (`keptTexts` drops items and places them in the whole file later).
 */
export function joinedTexts<T>(items: Iterable<T>, text: (item: T) => string, index: (item: T) => number, separator: ',' | ''): JoinedTexts {
  const gap = separator.length;
  const parts: Buffer[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const indexes: number[] = [];
  let bytes = 0;
  // Texts gather in a chunk of about 64K characters, encoded at once: the pieces die young
  // instead of surviving in one long string.
  let chunk = '';
  let pending: string[] = [];
  const flush = (): void => {
    const buffer = Buffer.from(chunk, 'utf8');
    // ASCII (the usual case): characters are bytes.
    const ascii = buffer.length === chunk.length;
    let at = bytes;
    for (const item of pending) {
      if (ends.length > 0) at += gap;
      starts.push(at);
      at += ascii ? item.length : Buffer.byteLength(item, 'utf8');
      ends.push(at);
    }
    bytes += buffer.length;
    parts.push(buffer);
    chunk = '';
    pending = [];
  };
  for (const item of items) {
    const piece = text(item);
    chunk += indexes.length === 0 ? piece : separator + piece;
    pending.push(piece);
    indexes.push(index(item));
    if (chunk.length >= 1 << 16) flush();
  }
  flush();
  // An array of its own (not a slice of Node's buffer pool): it is transferred to the head.
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return { bytes: all, starts: Int32Array.from(starts), ends: Int32Array.from(ends), indexes: Int32Array.from(indexes), gap };
}

/** The items of `list` whose index `keep` accepts, with `offset` added to their indexes (the bytes are shared). */
export function keptTexts(list: JoinedTexts, keep: (index: number) => boolean, offset: number): JoinedTexts {
  const { starts, ends, indexes } = list;
  const keptStarts: number[] = [];
  const keptEnds: number[] = [];
  const keptIndexes: number[] = [];
  for (let i = 0; i < indexes.length; i++) {
    if (!keep(indexes[i])) continue;
    keptStarts.push(starts[i]);
    keptEnds.push(ends[i]);
    keptIndexes.push(indexes[i] + offset);
  }
  return { ...list, starts: Int32Array.from(keptStarts), ends: Int32Array.from(keptEnds), indexes: Int32Array.from(keptIndexes) };
}

/**
 * Which of the tail's groups the head's state touched (1 = deferred): a group with an interaction
 * the head knows, or one a head request names (the report lists a request under its interaction
 * when the trace has it by its end), or a requestid a head session used.
 */
export function deferredGroups(head: TraceState, keys: TailKeys): Uint8Array {
  const deferred = new Uint8Array(keys.groupRecords.length);
  const named = new Set<string>();
  for (const r of head.requests) if (r.interactionid !== null && !head.interactions.has(r.interactionid)) named.add(r.interactionid);
  for (let i = 0; i < keys.interactions.length; i++) {
    const id = keys.interactions[i];
    if (head.interactions.has(id) || named.has(id)) deferred[keys.interactionGroups[i]] = 1;
  }
  for (let i = 0; i < keys.requestIds.length; i++) {
    if (head.sessions.get(keys.requestSessions[i])?.requests.has(keys.requestIds[i])) deferred[keys.requestGroups[i]] = 1;
  }
  return deferred;
}

/** How many tail records the deferred groups hold. */
export function deferredCount(keys: TailKeys, deferred: Uint8Array): number {
  let n = 0;
  for (let g = 0; g < deferred.length; g++) if (deferred[g] === 1) n += keys.groupRecords[g];
  return n;
}

/**
 * Applies the deferred tail records to the head, each with its index in the whole file
 * (`indexOffset` + its tail ordinal), then finishes the head. The head's counters stay its own:
 * the tail counted these records already.
 */
export function applyDeferred(head: TraceState, records: readonly TraceRecord[], ordinals: readonly number[], indexOffset: number): void {
  const { recordCount, events, actions } = head;
  for (let i = 0; i < records.length; i++) {
    head.recordCount = indexOffset + ordinals[i];
    apply(head, records[i]);
  }
  head.recordCount = recordCount;
  head.events = events;
  head.actions = actions;
  finish(head);
}

/**
 * The head's items and the tail's merged by record index (no index is in both): a head item as
 * its text, the tail's items between two head items as runs of bytes (adjacent items, with their
 * separators, go out as one run).
 */
export function* mergedTexts<T>(mine: Iterable<T>, index: (item: T) => number, json: (item: T) => string, theirs: JoinedTexts): Generator<string | Uint8Array> {
  const { bytes, starts, ends, indexes, gap } = theirs;
  const n = ends.length;
  let next = 0;
  /** The tail's items next..upTo-1, as few runs as their bytes allow. */
  function* runs(upTo: number): Generator<Uint8Array> {
    while (next < upTo) {
      let last = next;
      while (last + 1 < upTo && starts[last + 1] === ends[last] + gap) last++;
      yield bytes.subarray(starts[next], ends[last]);
      next = last + 1;
    }
  }
  for (const item of mine) {
    const at = index(item);
    let upTo = next;
    while (upTo < n && indexes[upTo] < at) upTo++;
    yield* runs(upTo);
    yield json(item);
  }
  yield* runs(n);
}
