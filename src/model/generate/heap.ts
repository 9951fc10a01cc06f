/**
 * A binary min-heap of calls in progress, ordered by the time of each call's next record (ties
 * by the order the calls started, so the output is deterministic).
 */
import type { PlannedRecord } from './call';

export interface ActiveCall {
  seq: number;
  records: PlannedRecord[];
  pos: number;
}

function before(a: ActiveCall, b: ActiveCall): boolean {
  const ta = a.records[a.pos].t;
  const tb = b.records[b.pos].t;
  return ta < tb || (ta === tb && a.seq < b.seq);
}

export class CallHeap {
  private items: ActiveCall[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): ActiveCall | undefined {
    return this.items[0];
  }

  push(call: ActiveCall): void {
    const items = this.items;
    items.push(call);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  /** Restores the order after the top call advanced; removes it when it has no records left. */
  advanceTop(): void {
    const items = this.items;
    const top = items[0];
    if (top.pos >= top.records.length) {
      const last = items.pop()!;
      if (items.length === 0) return;
      items[0] = last;
    }
    let i = 0;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && before(items[l], items[m])) m = l;
      if (r < n && before(items[r], items[m])) m = r;
      if (m === i) return;
      [items[i], items[m]] = [items[m], items[i]];
      i = m;
    }
  }
}
