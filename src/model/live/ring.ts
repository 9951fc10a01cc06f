/**
 * The relay's memory of recent records: the last `capacity` records, each kept as the JSON text
 * it is sent as, addressed by `seq`. Seqs are 1, 2, 3, ... without holes, so slot = seq mod
 * capacity and a resume is an index computation, not a search.
 */
export class SeqRing {
  readonly capacity: number;
  private readonly slots: string[];
  private last = 0;

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.slots = new Array<string>(Math.min(capacity, 1 << 16));
  }

  /** Highest seq assigned so far (0 before the first record). */
  get lastSeq(): number {
    return this.last;
  }

  /** Lowest seq still held (lastSeq + 1 when empty). */
  get oldestSeq(): number {
    return Math.max(1, this.last - this.capacity + 1);
  }

  /** Assigns the next seq, stores what `encode` makes of it, and returns the seq. */
  push(encode: (seq: number) => string): number {
    const seq = this.last + 1;
    const slot = (seq - 1) % this.capacity;
    // Grow the backing array lazily: a 100,000-record buffer costs nothing until it fills.
    if (slot >= this.slots.length) this.slots.length = Math.min(this.capacity, Math.max(slot + 1, this.slots.length * 2));
    this.slots[slot] = encode(seq);
    this.last = seq;
    return seq;
  }

  /** Up to `max` records with seq > `after`, oldest first (from oldestSeq if `after` is older). */
  after(after: number, max: number): string[] {
    const from = Math.max(after + 1, this.oldestSeq);
    const to = Math.min(this.last, from + max - 1);
    const out: string[] = [];
    for (let seq = from; seq <= to; seq++) out.push(this.slots[(seq - 1) % this.capacity]!);
    return out;
  }
}
