import { describe, expect, it } from 'vitest';
import { Int32Column, Lists, Names, TimeColumn } from './columns';

const CHUNK = 1 << 14;

describe('Int32Column', () => {
  it('reads its fill where nothing was written, across chunk holes, and what was written elsewhere', () => {
    const c = new Int32Column(-1);
    c.set(3, 7);
    c.set(3 * CHUNK + 5, 9);
    expect(c.get(3)).toBe(7);
    expect(c.get(4)).toBe(-1);
    expect(c.get(CHUNK + 1)).toBe(-1);
    expect(c.get(3 * CHUNK + 5)).toBe(9);
    expect(c.get(10 * CHUNK)).toBe(-1);
    expect(c.length).toBe(3 * CHUNK + 6);
    const zeros = new Int32Column(0);
    zeros.set(CHUNK - 1, 1);
    expect([zeros.get(0), zeros.get(CHUNK - 1)]).toEqual([0, 1]);
  });

  it('pushes at its end, over chunk boundaries', () => {
    const c = new Int32Column();
    for (let i = 0; i < CHUNK + 10; i++) expect(c.push(i * 2)).toBe(i);
    expect([c.get(0), c.get(CHUNK - 1), c.get(CHUNK), c.get(CHUNK + 9)]).toEqual([0, (CHUNK - 1) * 2, CHUNK * 2, (CHUNK + 9) * 2]);
  });
});

describe('TimeColumn', () => {
  it('keeps times exactly and null as null, and reads null where nothing was written', () => {
    const t = new TimeColumn();
    t.set(0, 1_764_000_000_123.5);
    t.set(1, null);
    t.set(2 * CHUNK, -0.25);
    expect([t.get(0), t.get(1), t.get(2), t.get(CHUNK), t.get(2 * CHUNK)]).toEqual([1_764_000_000_123.5, null, null, null, -0.25]);
    expect(t.length).toBe(2 * CHUNK + 1);
  });
});

describe('Lists', () => {
  it('keeps one list per owner in the order added, entries numbered across owners', () => {
    const lists = new Lists();
    const values = new Int32Column();
    const add = (owner: number, value: number) => values.set(lists.add(owner), value);
    add(2, 20);
    add(0, 1);
    add(2, 21);
    add(0, 2);
    add(2, 22);
    expect(lists.entries).toBe(5);
    expect(lists.of(2)).toEqual([0, 2, 4]);
    expect(lists.of(0)).toEqual([1, 3]);
    expect(lists.of(1)).toEqual([]);
    expect(Array.from(lists.valuesOf(2, values))).toEqual([20, 21, 22]);
    expect(lists.valuesOf(5, values)).toEqual(new Int32Array(0));
    expect([lists.last(0), lists.last(2), lists.last(1)]).toEqual([3, 4, -1]);
  });

  it('holds many owners and long lists past the columns\' chunks', () => {
    const lists = new Lists();
    const values = new Int32Column();
    const owners = 3000;
    for (let i = 0; i < 20 * owners; i++) values.set(lists.add(i % owners), i);
    for (const owner of [0, 1234, owners - 1]) {
      expect(Array.from(lists.valuesOf(owner, values))).toEqual(Array.from({ length: 20 }, (_, k) => owner + k * owners));
    }
  });
});

describe('Names', () => {
  it('gives each text one id, by first appearance, and its text back', () => {
    const names = new Names();
    const ids = ['a', 'b', 'a', 'a', '__proto__', 'b', 'constructor'].map((t) => names.id(t));
    expect(ids).toEqual([0, 1, 0, 0, 2, 1, 3]);
    expect(names.texts).toEqual(['a', 'b', '__proto__', 'constructor']);
  });
});
