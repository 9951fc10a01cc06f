/**
 * Growable columns of numbers in typed-array chunks, for the reducer's histories. A million
 * records add about a million history entries; as objects (an entry, its boxed time, the array
 * copied to add it) every one of them survived the young generation and the page's collector
 * copied it at least once while the trace loaded (the long tasks of a 1M load). A column adds
 * them to a few 64 KiB chunks that the collector never copies.
 *
 * Chunks are allocated on first write, so a column indexed by record index may have holes (the
 * CLI's second thread applies records far ahead of the ones before them: see `split.ts`).
 */

const SHIFT = 14;
const SIZE = 1 << SHIFT;
const MASK = SIZE - 1;

/** Int32 values by position; positions never written read as `fill`. */
export class Int32Column {
  private readonly chunks: (Int32Array | undefined)[] = [];
  /** One past the highest position written. */
  length = 0;
  constructor(private readonly fill = -1) {}

  /** Writes `value` at the end; returns its position. */
  push(value: number): number {
    const i = this.length;
    this.set(i, value);
    return i;
  }

  get(i: number): number {
    const chunk = this.chunks[i >>> SHIFT];
    return chunk === undefined ? this.fill : chunk[i & MASK];
  }

  set(i: number, value: number): void {
    const c = i >>> SHIFT;
    let chunk = this.chunks[c];
    if (chunk === undefined) {
      while (this.chunks.length < c) this.chunks.push(undefined);
      chunk = new Int32Array(SIZE);
      if (this.fill !== 0) chunk.fill(this.fill);
      this.chunks[c] = chunk;
    }
    chunk[i & MASK] = value;
    if (i >= this.length) this.length = i + 1;
  }
}

/**
 * Times (epoch ms, or null) by position: null is stored as NaN, which a parsed time never is.
 * Positions never written read as null.
 */
export class TimeColumn {
  private readonly chunks: (Float64Array | undefined)[] = [];
  length = 0;

  get(i: number): number | null {
    const chunk = this.chunks[i >>> SHIFT];
    if (chunk === undefined) return null;
    const v = chunk[i & MASK];
    return v === v ? v : null;
  }

  set(i: number, time: number | null): void {
    const c = i >>> SHIFT;
    let chunk = this.chunks[c];
    if (chunk === undefined) {
      while (this.chunks.length < c) this.chunks.push(undefined);
      chunk = new Float64Array(SIZE).fill(NaN);
      this.chunks[c] = chunk;
    }
    chunk[i & MASK] = time === null ? NaN : time;
    if (i >= this.length) this.length = i + 1;
  }
}

/**
 * Lists of entries in columns, one list per owner (a party, an interaction, numbered from 0):
 * `add(owner)` appends an entry and returns its number, under which the caller stores the entry's
 * fields in columns of its own. Entries are numbered in the order added, across all owners.
 * No size is kept per owner (every add paid for it): a read counts its list as it walks it.
 */
export class Lists {
  private readonly next = new Int32Column(-1);
  private readonly heads = new Int32Column(-1);
  private readonly tails = new Int32Column(-1);
  /** Entries added, all owners together. */
  entries = 0;

  add(owner: number): number {
    const e = this.entries++;
    const tail = this.tails.get(owner);
    if (tail < 0) this.heads.set(owner, e);
    else this.next.set(tail, e);
    this.tails.set(owner, e);
    return e;
  }

  /** How many entries the owner has (a walk of its list). */
  private count(owner: number): number {
    let n = 0;
    for (let e = this.heads.get(owner); e >= 0; e = this.next.get(e)) n++;
    return n;
  }

  /** The owner's entries in the order added, built as one array for the caller to map. */
  of(owner: number): number[] {
    const out = new Array<number>(this.count(owner));
    let e = this.heads.get(owner);
    for (let k = 0; e >= 0; k++, e = this.next.get(e)) out[k] = e;
    return out;
  }

  /** The owner's last entry, -1 for none. */
  last(owner: number): number {
    return this.tails.get(owner);
  }

  /** `values` of the owner's entries in the order added, built as one typed array. */
  valuesOf(owner: number, values: Int32Column): Int32Array {
    const out = new Int32Array(this.count(owner));
    let e = this.heads.get(owner);
    for (let k = 0; e >= 0; k++, e = this.next.get(e)) out[k] = values.get(e);
    return out;
  }
}

/** Interns texts (names, sessions, files, states) as small ids for columns, by first appearance. */
export class Names {
  readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();
  private lastText: string | null = null;
  private lastId = -1;

  id(text: string): number {
    if (text === this.lastText) return this.lastId;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    this.lastText = text;
    this.lastId = id;
    return id;
  }
}
