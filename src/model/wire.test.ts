import { describe, expect, it } from 'vitest';
import { StringTable, WireDecoder, WireEncoder, type WireRecord } from './wire';
import { TraceParser } from './parser';
import { formatIso } from './time';
import { stringHash } from './lineScan';

const rec = (raw: Record<string, unknown>, line = 1): WireRecord => ({ line, fileIndex: 0, time: null, raw });

function roundTrip(batches: WireRecord[][]): WireRecord[][] {
  const enc = new WireEncoder();
  const dec = new WireDecoder();
  return batches.map((b) => dec.decode(structuredClone(enc.encode(b))));
}

describe('wire batches', () => {
  it('rebuild records exactly, numbers JSON cannot write included', () => {
    const raw = JSON.parse('{"name":"n","data":{"a":[1,{"b":null}],"t":true,"f":false,"s":"x","":""}}') as Record<string, unknown>;
    (raw.data as Record<string, unknown>).odd = [-0, Infinity, -Infinity, NaN, 1e-300];
    const [[back]] = roundTrip([[{ line: 7, fileIndex: 2, time: 1764000000123, raw, issues: undefined }]]);
    expect(back).toEqual({ line: 7, fileIndex: 2, time: 1764000000123, raw, issues: undefined, tsCanonical: false });
    expect(Object.is(((back.raw.data as Record<string, unknown>).odd as number[])[0], -0)).toBe(true);
  });

  it('keep __proto__ and constructor as data keys, never as the prototype', () => {
    const raw = JSON.parse('{"name":"n","__proto__":{"polluted":1},"constructor":"c","data":{"__proto__":[1]}}') as Record<string, unknown>;
    const [[back]] = roundTrip([[rec(raw)]]);
    expect(Object.getPrototypeOf(back.raw)).toBe(Object.prototype);
    expect(Object.hasOwn(back.raw, '__proto__')).toBe(true);
    expect(back.raw.__proto__).toEqual({ polluted: 1 });
    expect(back.raw.constructor).toBe('c');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('send a repeated string once, later batches by position; timestamps and long text as literals', () => {
    const enc = new WireEncoder();
    const text = 'free text '.repeat(10);
    const a = enc.encode([rec({ name: 'interaction.added', ts: '2026-01-01T00:00:00.000Z', data: { interactionid: 'I1', note: text, tags: ['a', 'b'] } })]);
    const b = enc.encode([rec({ name: 'interaction.added', ts: '2026-01-01T00:00:01.000Z', data: { interactionid: 'I1', note: text, tags: ['a', 'b'] } })]);
    expect(a.strings).toEqual(expect.arrayContaining(['name', 'interaction.added', 'interactionid', 'I1', 'a', 'b']));
    expect(b.strings).toEqual([]);
    expect(a.literals).toEqual(['2026-01-01T00:00:00.000Z', text]);
    const dec = new WireDecoder();
    const [x] = dec.decode(a);
    const [y] = dec.decode(b);
    expect(y.raw).toEqual({ name: 'interaction.added', ts: '2026-01-01T00:00:01.000Z', data: { interactionid: 'I1', note: text, tags: ['a', 'b'] } });
    // One string for every record that names it.
    expect(y.raw.name).toBe(x.raw.name);
  });

  it('rebuild a canonical ts from the record time instead of sending it; any other ts goes as written', () => {
    const t = Date.parse('2026-01-01T00:00:01.250Z');
    const records: WireRecord[] = [
      { line: 1, fileIndex: 0, time: t, raw: { ts: '2026-01-01T00:00:01.250Z', name: 'a', data: { ts: '2026-01-01T00:00:01.250Z' } } },
      { line: 2, fileIndex: 0, time: t, raw: { ts: '2026-01-01T00:00:01.25Z', name: 'b' } },
      { line: 3, fileIndex: 0, time: t, raw: { name: 'c', ts: '2026-01-01T00:00:01.250Z' } },
      { line: 4, fileIndex: 0, time: t, raw: { ts: 1767225601250, name: 'd' } },
    ];
    const batch = new WireEncoder().encode(records);
    // Only the nested data.ts and the short form travel as text.
    expect(batch.literals).toEqual(['2026-01-01T00:00:01.250Z', '2026-01-01T00:00:01.25Z']);
    const back = new WireDecoder().decode(structuredClone(batch));
    expect(back.map((r) => r.raw)).toEqual(records.map((r) => r.raw));
    expect(Object.keys(back[2].raw)).toEqual(['name', 'ts']);
  });

  it('carry issues with their records and very long strings as literals', () => {
    const long = 'k'.repeat(10_000);
    const issue = { severity: 'warning' as const, rule: 'bad-timestamp' as const, file: 'f', line: 2, interactionid: null, message: 'm', session: 'S', fileIndex: 0, recordIndex: -1 };
    const [[one, two]] = roundTrip([[rec({ name: long, data: { [long]: long } }, 1), { ...rec({ name: 'x' }, 2), issues: [issue] }]]);
    expect(one.raw.name).toBe(long);
    expect(one.issues).toBeUndefined();
    expect(two.issues).toEqual([issue]);
  });

  it('bring search texts as table positions or load-wide ids, and a kept segment holds neither them nor the new strings', () => {
    const enc = new WireEncoder();
    const dec = new WireDecoder();
    const first = structuredClone(enc.encode([rec({ name: 'a', data: { id: 'X1', n: 7, nested: { Key: 'Val' } } })]));
    const second = structuredClone(enc.encode([rec({ name: 'a', data: { id: 'X1', n: 7, other: 'w'.repeat(80) } })]));
    expect(first.search.extras).toEqual(['7']);
    expect(second.search.extraBase).toBe(1);
    expect(second.search.extras).toEqual(['w'.repeat(80)]);
    dec.decode(first);
    const { segment } = dec.decodeSegment(second);
    const text = (t: number) => (t >= 0 ? dec.strings[t] : t === -1 ? '7' : 'w'.repeat(80));
    expect(Array.from(first.search.tokens, text)).toEqual(['X1', '7', 'Key', 'Val']);
    expect(Array.from(second.search.tokens, text)).toEqual(['X1', '7', 'w'.repeat(80)]);
    expect(Array.from(second.search.ends)).toEqual([3]);
    expect(Object.keys(segment.batch).sort()).toEqual(['count', 'ints', 'issues', 'literals', 'nums']);
  });
});

describe('StringTable', () => {
  it('gives strings their positions in the order they came, through its growth, as a Map does', () => {
    for (const expectedStrings of [0, 10, 300_000]) checkTable(new StringTable(expectedStrings));
  });

  function checkTable(table: StringTable): void {
    const map = new Map<string, number>();
    // Ids that differ in one character, empty and non-ASCII strings, numbers as text: 200k
    // strings make the slots grow from 64k to 512k (sized for none or 10), or fill a table sized
    // for 300k at once.
    const texts = ['', 'é', '\u{1F600}', 'a', 'A'];
    for (let i = 0; i < 200_000; i++) texts.push(i % 3 === 0 ? `99AAA63E${(i * 2654435761 >>> 0).toString(16).toUpperCase()}` : i % 3 === 1 ? `P${i}` : String(i));
    const wrong: string[] = [];
    for (const t of texts) {
      const expected = map.get(t) ?? map.size;
      map.set(t, expected);
      if (table.position(t, true) !== expected) wrong.push(t);
    }
    for (const [t, pos] of map) if (table.find(t) !== pos) wrong.push(t);
    expect(wrong).toEqual([]);
    expect(table.size).toBe(map.size);
    // A string made at run time (not the same object) is found by what it says.
    expect(table.find(['P', '1'].join(''))).toBe(map.get('P1'));
    expect(table.find('P-1')).toBe(-1);
  }

  it("finds a scanned line's bytes as it finds the string, by what they say, through its growth and its cache of recent ones", () => {
    const table = new StringTable();
    const texts = ['', 'é', 'a', 'ab', 'ba'];
    for (let i = 0; i < 100_000; i++) texts.push(i % 2 === 0 ? `99AAA63E${(i * 2654435761 >>> 0).toString(16)}` : `P${i % 5000}`);
    const line = new TextEncoder().encode(texts.filter((t) => t !== 'é').map((t) => `"${t}"`).join(','));
    const wrong: string[] = [];
    let at = 0;
    for (const t of texts) {
      if (t === 'é') {
        table.position(t, true);
        continue;
      }
      const a = at + 1;
      const b = a + t.length;
      at = b + 2;
      const expected = table.find(t);
      const pos = table.positionIn(line, a, b, stringHash(t), true);
      if ((expected >= 0 && pos !== expected) || table.at(pos) !== t) wrong.push(t);
    }
    expect(wrong).toEqual([]);
    // A string beyond ASCII is never some scanned bytes, even under its hash (an empty range).
    expect(table.positionIn(line, 0, 0, stringHash('é'), false)).toBe(-1);
    expect(table.positionIn(line, 1, 1, stringHash(''), false)).toBe(table.find(''));
  });

  it('tells apart bytes that differ anywhere from a string of the same length and hash', () => {
    const table = new StringTable();
    const enc = new TextEncoder();
    for (let n = 1; n <= 13; n++) {
      const s = 'abcdefghijklm'.slice(0, n);
      const p = table.position(s, true);
      // Some text before the string: its bytes start at every alignment.
      for (let lead = 0; lead < 4; lead++) {
        const pad = 'x'.repeat(lead);
        expect(table.positionIn(enc.encode(`${pad}${s}`), lead, lead + n, stringHash(s), false)).toBe(p);
        // A view into a larger buffer, as a chunk cut from a stream's may be.
        expect(table.positionIn(enc.encode(`qqq${pad}${s}`).subarray(3), lead, lead + n, stringHash(s), false)).toBe(p);
        expect(table.positionIn(enc.encode(`${s}${pad}`).subarray(0, n), 0, n, stringHash(s), false)).toBe(p);
        for (let k = 0; k < n; k++) {
          const other = `${s.slice(0, k)}Z${s.slice(k + 1)}`;
          // Under the hash of `s`, as if the two collided: only the bytes can tell.
          expect(table.positionIn(enc.encode(`${pad}${other}`), lead, lead + n, stringHash(s), false), `${other} at ${lead}`).toBe(-1);
        }
      }
    }
  });

  it('adds nothing when told not to (a full table)', () => {
    const table = new StringTable();
    expect(table.position('x', true)).toBe(0);
    expect(table.position('y', false)).toBe(-1);
    expect(table.size).toBe(1);
    expect(table.position('x', false)).toBe(0);
  });
});

describe('a record\'s ts on the wire', () => {
  it('crosses as a token exactly when the parser found it to be the text of its time, and comes back as written', () => {
    const texts = [
      '2026-11-24T09:00:00.000Z', '2026-11-24T23:59:59.999Z', '0001-01-01T00:00:00.000Z', '2024-02-29T12:00:00.000Z',
      // Read, but not the text formatIso makes: each must cross as written.
      '2026-11-24T09:00:00Z', '2026-11-24T09:00:00.0001Z', '2026-11-24T24:00:00.000Z', '2026-11-24T09:00:60.000Z',
      '2026-11-24 09:00:00.000Z', '2026-11-24t09:00:00.000Z', '2026-11-24T09:00:00.000z', '2026-11-24T09:00:00.000+00:00',
      '+010000-01-01T00:00:00.000Z', '2026-11-24', 1764000000123, 1764000000123.9,
      // Not read at all (bad-timestamp): the record takes the time before it.
      '2025-02-29T00:00:00.000Z', 'yesterday',
    ];
    const text = texts.map((ts, i) => JSON.stringify({ ts, name: 'interaction.present', data: { interactionid: `I${i}` } })).join('\n');
    const parser = new TraceParser('t.ndjson');
    const records = [...parser.push(text).records, ...parser.end().records];
    expect(records.map((r) => r.raw.ts)).toEqual(texts);
    const canonical = records.map((r) => r.tsCanonical);
    expect(canonical).toEqual(records.map((r) => typeof r.raw.ts === 'string' && r.raw.ts === formatIso(r.time)));
    expect(canonical.filter(Boolean)).toHaveLength(4);
    // The encoder trusts the flag; a record without it is checked against its time.
    const unflagged = records.map(({ tsCanonical: _, ...r }) => r);
    const enc = new WireEncoder();
    const dec = new WireDecoder();
    const flaggedBack = dec.decode(structuredClone(enc.encode(records)));
    const unflaggedBack = dec.decode(structuredClone(enc.encode(unflagged)));
    expect(flaggedBack.map((r) => r.raw.ts)).toEqual(texts);
    expect(unflaggedBack.map((r) => r.raw.ts)).toEqual(texts);
  });
});
