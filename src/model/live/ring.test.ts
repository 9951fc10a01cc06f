import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeqRing } from './ring';

describe('SeqRing', () => {
  it('assigns 1, 2, 3 ... and answers resumes from what it still holds', () => {
    const ring = new SeqRing(3);
    expect([ring.lastSeq, ring.oldestSeq]).toEqual([0, 1]);
    for (let i = 0; i < 5; i++) ring.push((seq) => `r${seq}`);
    expect([ring.lastSeq, ring.oldestSeq]).toEqual([5, 3]);
    expect(ring.after(0, 10)).toEqual(['r3', 'r4', 'r5']);
    expect(ring.after(3, 10)).toEqual(['r4', 'r5']);
    expect(ring.after(3, 1)).toEqual(['r4']);
    expect(ring.after(5, 10)).toEqual([]);
  });

  it('matches a plain list for any capacity, count and resume point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 200 }), fc.nat(210), fc.integer({ min: 1, max: 300 }), (cap, n, after, max) => {
        const ring = new SeqRing(cap);
        const all: string[] = [];
        for (let i = 0; i < n; i++) all.push(`r${ring.push((seq) => `r${seq}`)}`);
        const expected = all.slice(Math.max(after, n - cap)).slice(0, max);
        expect(ring.after(after, max)).toEqual(expected);
      }),
    );
  });
});
