/**
 * How views and derived data read a trace's kept records: by position, through `Records`, not as
 * an array of objects. The page keeps a million records as `RecordList`: the wire batches they
 * came in (typed arrays and a shared string table, see `wire.ts`) and a few columns (time, name,
 * session, file), and rebuilds a record object only when something reads it (a visible table row,
 * the inspector, one interaction's records). The objects the reducer applied die young, so the
 * collector has a few hundred megabytes less to copy and mark while a trace loads.
 *
 * A plain array of records (tests, the CLI, small traces) reads the same way through `asRecords`.
 */
import type { TraceRecord } from './types';
import { Names } from './columns';
import type { WireSearch } from './wire';

/** Read access to the kept records of a trace, in trace order; `get(i).index === i`. */
export interface Records {
  readonly length: number;
  /**
   * Record `i` (0 <= i < length). The object may be rebuilt for each call on big traces: read it,
   * do not keep it as an identity or change it.
   */
  get(i: number): TraceRecord;
  /** Record `i`'s time (epoch ms, null when unknown), without reading the record. */
  time(i: number): number | null;
  /** Record `i`'s event name, or action name without `ixn:`. */
  name(i: number): string;
  kind(i: number): 'event' | 'action';
  session(i: number): string;
  file(i: number): string;
  /** A small number per kind and name: equal for two records when `kind` and `name` are. */
  nameKey(i: number): number;
  /** A small number per session: equal for two records when `session` is. */
  sessionKey(i: number): number;
  /** A small number per file: equal for two records when `file` is. */
  fileKey(i: number): number;
  /**
   * The search texts of records `i`... of the wire batch holding record `i`, as the batch brought
   * them (`search.ends[first]` ends record `i`'s, and `count` records of the batch are here); null
   * when record `i` did not come with them, and the caller reads the records.
   */
  searchRun?(i: number): SearchRun | null;
}

/** A wire batch's search texts, with the string table their positions are in. */
export interface SegmentSearch extends WireSearch {
  readonly table: readonly string[];
}

export interface SearchRun {
  search: SegmentSearch;
  /** Position of the record asked for in the batch. */
  first: number;
  /** Records of the batch from `first` on that the list holds. */
  count: number;
  /** These are the batch's last records: once they are indexed, `release` drops its texts. */
  last: boolean;
  release(): void;
}

/** Records that can be read one at a time from position 0 on: a kept wire batch, or objects. */
export interface RecordSegment {
  readonly count: number;
  /** A record object for position `k` (its `index` is set by the caller). */
  record(k: number): TraceRecord;
  /**
   * The search texts of the records' data, when they came with them (a wire batch), until the
   * search index took them (`SearchRun.release`).
   */
  search?: SegmentSearch;
}

class ArrayRecords implements Records {
  private readonly keys = new Map<string, number>();
  constructor(private readonly records: readonly TraceRecord[]) {}
  private key(text: string): number {
    let k = this.keys.get(text);
    if (k === undefined) {
      k = this.keys.size;
      this.keys.set(text, k);
    }
    return k;
  }
  nameKey(i: number): number {
    const r = this.records[i];
    return this.key(r.kind === 'event' ? `e:${r.name}` : `a:${r.action}`);
  }
  sessionKey(i: number): number {
    return this.key(`s:${this.records[i].session}`);
  }
  fileKey(i: number): number {
    return this.key(`f:${this.records[i].file}`);
  }
  get length(): number {
    return this.records.length;
  }
  get(i: number): TraceRecord {
    return this.records[i];
  }
  time(i: number): number | null {
    return this.records[i].time;
  }
  name(i: number): string {
    const r = this.records[i];
    return r.kind === 'event' ? r.name : r.action;
  }
  kind(i: number): 'event' | 'action' {
    return this.records[i].kind;
  }
  session(i: number): string {
    return this.records[i].session;
  }
  file(i: number): string {
    return this.records[i].file;
  }
}

const wrapped = new WeakMap<readonly TraceRecord[], Records>();

/** `records` as `Records`; an array gets one wrapper, so caches keyed by it keep working. */
export function asRecords(records: Records | readonly TraceRecord[]): Records {
  if (!Array.isArray(records)) return records as Records;
  const array = records as readonly TraceRecord[];
  let r = wrapped.get(array);
  if (!r) {
    r = new ArrayRecords(array);
    wrapped.set(array, r);
  }
  return r;
}

/** Objects kept as they are: records that did not come in wire batches (live streams, tests). */
class ObjectSegment implements RecordSegment {
  readonly records: TraceRecord[] = [];
  get count(): number {
    return this.records.length;
  }
  record(k: number): TraceRecord {
    return this.records[k];
  }
}

const CACHE_SIZE = 1 << 12;

function grownInt(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (a.length >= n) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/**
 * The page's records: segments to rebuild them from plus columns, grown as the reducer applies
 * records. Rebuilt objects are kept in a small cache by position, so a table row or the
 * inspector reading the same record again gets the same object while it stays there.
 */
export class RecordList implements Records {
  private count = 0;
  private readonly segments: RecordSegment[] = [];
  /** Position of each segment's first record. */
  private firsts = new Int32Array(16);
  private times = new Float64Array(1024);
  private nameIds = new Int32Array(1024);
  private sessionIds = new Int32Array(1024);
  private fileIds = new Int32Array(1024);
  /** Event names get even ids and action names odd ones: the same text may be both. */
  private readonly events = new Names();
  private readonly actions = new Names();
  private readonly sessions = new Names();
  private readonly files = new Names();
  private readonly cache: (TraceRecord | undefined)[] = new Array(CACHE_SIZE).fill(undefined);
  private open: ObjectSegment | null = null;

  get length(): number {
    return this.count;
  }

  /**
   * Adds records the reducer applied, in order. With `from`, they are positions `from.offset`...
   * of a segment that can rebuild them (slices of one segment come in order), and the objects
   * are not kept; without it, the objects are kept.
   */
  append(records: readonly TraceRecord[], from?: { segment: RecordSegment; offset: number }): void {
    const n = this.count + records.length;
    if (this.times.length < n) {
      const size = Math.max(n, this.times.length * 2);
      const times = new Float64Array(size);
      times.set(this.times);
      this.times = times;
      this.nameIds = grownInt(this.nameIds, size);
      this.sessionIds = grownInt(this.sessionIds, size);
      this.fileIds = grownInt(this.fileIds, size);
    }
    if (from) {
      if (this.segments[this.segments.length - 1] !== from.segment) this.addSegment(from.segment, this.count - from.offset);
      this.open = null;
    } else {
      if (this.open === null) {
        this.open = new ObjectSegment();
        this.addSegment(this.open, this.count);
      }
      for (const r of records) this.open.records.push(r);
    }
    const { times, nameIds, sessionIds, fileIds } = this;
    let at = this.count;
    for (let k = 0; k < records.length; k++, at++) {
      const r = records[k];
      times[at] = r.time === null ? NaN : r.time;
      nameIds[at] = r.kind === 'event' ? 2 * this.events.id(r.name) : 2 * this.actions.id(r.action) + 1;
      sessionIds[at] = this.sessions.id(r.session);
      fileIds[at] = this.files.id(r.file);
    }
    this.count = n;
  }

  private addSegment(segment: RecordSegment, first: number): void {
    if (this.segments.length === this.firsts.length) this.firsts = grownInt(this.firsts, this.firsts.length * 2);
    this.firsts[this.segments.length] = first;
    this.segments.push(segment);
  }

  get(i: number): TraceRecord {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`record ${i} of ${this.count}`);
    const slot = i & (CACHE_SIZE - 1);
    const hit = this.cache[slot];
    if (hit !== undefined && hit.index === i) return hit;
    const at = this.segmentOf(i);
    const record = this.segments[at].record(i - this.firsts[at]);
    record.index = i;
    this.cache[slot] = record;
    return record;
  }

  searchRun(i: number): SearchRun | null {
    if (!(i >= 0 && i < this.count)) return null;
    const at = this.segmentOf(i);
    const segment = this.segments[at];
    const { search, count } = segment;
    if (!search) return null;
    const first = i - this.firsts[at];
    const held = Math.min(count, this.count - this.firsts[at]);
    return {
      search,
      first,
      count: held - first,
      last: held === count,
      release: () => {
        segment.search = undefined;
      },
    };
  }

  /** The last segment whose first record is at or before `i`. */
  private segmentOf(i: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.firsts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  time(i: number): number | null {
    const t = this.times[i];
    return t === t ? t : null;
  }

  name(i: number): string {
    const id = this.nameIds[i];
    return (id & 1) === 0 ? this.events.texts[id >> 1] : this.actions.texts[id >> 1];
  }

  kind(i: number): 'event' | 'action' {
    return (this.nameIds[i] & 1) === 0 ? 'event' : 'action';
  }

  nameKey(i: number): number {
    return this.nameIds[i];
  }

  sessionKey(i: number): number {
    return this.sessionIds[i];
  }

  fileKey(i: number): number {
    return this.fileIds[i];
  }

  session(i: number): string {
    return this.sessions.texts[this.sessionIds[i]];
  }

  file(i: number): string {
    return this.files.texts[this.fileIds[i]];
  }
}
