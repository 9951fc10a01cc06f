import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RecordDecoder, RecordEncoder } from './batchCodec';
import { parseInput } from '../model/analyze';
import { asRecords, RecordList } from '../model/records';
import type { TraceRecord } from '../model/types';

const sample = (name: string, fileIndex = 0): TraceRecord[] =>
  parseInput({ name: `${name}.ndjson`, content: readFileSync(new URL(`../../public/samples/${name}.ndjson`, import.meta.url), 'utf8') }, fileIndex).records;

/** Numbered as the reducer numbers them. */
const numbered = (records: TraceRecord[]): TraceRecord[] => records.map((r, i) => ({ ...r, index: i }));

const all = (list: RecordList): TraceRecord[] => Array.from({ length: list.length }, (_, i) => list.get(i));

describe('RecordList', () => {
  it('rebuilds every record of wire batches it kept, applied in slices, with the columns to match', () => {
    const records = numbered([...sample('consult-transfer'), ...sample('hostile', 1), ...sample('failed-redirect', 2)]);
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const list = new RecordList();
    for (let b = 0; b < records.length; b += 7) {
      const { records: decoded, segment } = decoder.decodeSegment(structuredClone(encoder.encode(records.slice(b, b + 7))));
      // As the loader hands them over: slices of a batch, in order.
      for (let offset = 0; offset < decoded.length; offset += 3) list.append(decoded.slice(offset, offset + 3), { segment, offset });
    }
    expect(list.length).toBe(records.length);
    expect(all(list)).toEqual(records);
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      expect([list.time(i), list.name(i), list.kind(i), list.session(i), list.file(i)]).toEqual([
        r.time,
        r.kind === 'event' ? r.name : r.action,
        r.kind,
        r.session,
        r.file,
      ]);
    }
    // Read again while cached: the same object.
    expect(list.get(3)).toBe(list.get(3));
  });

  it('keeps objects appended without a segment, between and after wire batches', () => {
    const records = numbered(sample('consult-transfer'));
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const list = new RecordList();
    list.append(records.slice(0, 2));
    list.append(records.slice(2, 3));
    const { records: decoded, segment } = decoder.decodeSegment(encoder.encode(records.slice(3, 9)));
    list.append(decoded, { segment, offset: 0 });
    list.append(records.slice(9));
    expect(all(list)).toEqual(records);
    // Objects kept are the objects given.
    expect(list.get(1)).toBe(records[1]);
    expect(list.get(records.length - 1)).toBe(records[records.length - 1]);
  });

  it('tells an event from an action of the same name, and refuses positions it does not hold', () => {
    const list = new RecordList();
    const base = { file: 'f', fileIndex: 0, line: 1, time: null, session: 'S', raw: {}, data: {} };
    list.append([
      { ...base, kind: 'event', name: 'x', index: 0 },
      { ...base, kind: 'action', action: 'x', index: 1 },
    ]);
    expect([list.kind(0), list.kind(1), list.name(0), list.name(1), list.time(0)]).toEqual(['event', 'action', 'x', 'x', null]);
    expect(() => list.get(2)).toThrow(RangeError);
    expect(() => list.get(-1)).toThrow(RangeError);
  });

  it('rebuilds records evicted from its cache', () => {
    const one = numbered(sample('consult-transfer'))[0];
    // Times moved away from `ts`: the records no longer claim theirs is its text (`tsCanonical`).
    const records = Array.from({ length: 5000 }, (_, i) => ({ ...one, line: i + 1, index: i, time: one.time === null ? null : one.time + i, tsCanonical: false }));
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const list = new RecordList();
    const { records: decoded, segment } = decoder.decodeSegment(encoder.encode(records));
    list.append(decoded, { segment, offset: 0 });
    const first = list.get(10);
    list.get(10 + 4096); // same cache slot
    const again = list.get(10);
    expect(again).not.toBe(first);
    expect(again).toEqual(records[10]);
    expect(list.get(4106)).toEqual(records[4106]);
  });
});

describe('RecordDecoder.begin', () => {
  it('reads a batch a few records at a time, as decodeSegment reads it whole, issues included', () => {
    const text = [
      '{"ts":"2026-01-01T00:00:02.000Z","name":"interaction.added","data":{"interactionid":"I1"}}',
      '{"ts":"2026-01-01T00:00:01.000Z","action":"ixn:redirect","data":{"requestid":"R1"}}',
      '{"ts":"bad","name":"interaction.present","data":{"interactionid":"I1"}}',
      '{"ts":"2026-01-01T00:00:03.000Z","name":"interaction.deleted","data":{"interactionid":"I1"}}',
      '{"ts":"2026-01-01T00:00:00.500Z","name":"interaction.deleted","data":{"interactionid":"I2"}}',
    ].join('\n');
    const records = numbered(parseInput({ name: 't.ndjson', content: text }, 0).records);
    expect(records.filter((r) => r.issues).length).toBe(3);
    const encoded = [new RecordEncoder(), new RecordEncoder()].map((e) => e.encode(records));
    const whole = new RecordDecoder().decodeSegment(structuredClone(encoded[0]));
    const reader = new RecordDecoder().begin(structuredClone(encoded[1]));
    const read: TraceRecord[] = [];
    for (let part = reader.next(2); part.length > 0; part = reader.next(2)) read.push(...part);
    // Records to apply read `raw` again from the batch, when asked: as a property, not kept.
    const whole2 = (r: TraceRecord): TraceRecord => ({ ...r, raw: r.raw });
    expect(read.every((r) => !Object.hasOwn(r, 'raw'))).toBe(true);
    expect(read.map(whole2)).toEqual(whole.records);
    for (let k = 0; k < records.length; k++) expect(reader.segment.record(k)).toEqual(whole.segment.record(k));
    expect(read.map((r, i) => ({ ...whole2(r), index: i }))).toEqual(records);
  });
});

describe('asRecords', () => {
  it('reads an array through the same interface, one wrapper per array', () => {
    const records = numbered(sample('failed-redirect'));
    const r = asRecords(records);
    expect(asRecords(records)).toBe(r);
    expect(asRecords(r)).toBe(r);
    expect(r.length).toBe(records.length);
    expect(r.get(2)).toBe(records[2]);
    expect(r.name(0)).toBe(records[0].kind === 'event' ? records[0].name : records[0].action);
  });
});
