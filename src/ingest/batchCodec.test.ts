import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../model/analyze';
import type { TraceRecord } from '../model/types';
import { encodeRecords, RecordDecoder } from './batchCodec';

const parse = (name: string, text: string): TraceRecord[] => parseInput({ name, content: text }, 3).records;

/** As between the worker and the page: the message is a copy. */
const roundTrip = (records: TraceRecord[], decoder = new RecordDecoder()) => decoder.decode(structuredClone(encodeRecords(records)));

describe('batch codec', () => {
  it('gives back every record as the parser made it, for every sample', () => {
    for (const name of ['consult-transfer', 'failed-redirect', 'hostile', 'divert-routing-point']) {
      const records = parse(`${name}.ndjson`, readFileSync(new URL(`../../public/samples/${name}.ndjson`, import.meta.url), 'utf8'));
      const back = roundTrip(records);
      expect(back).toEqual(records);
      // data is raw.data itself, as the parser makes it, not a copy.
      for (const r of back) if (r.raw.data !== null && typeof r.raw.data === 'object' && !Array.isArray(r.raw.data)) expect(r.data).toBe(r.raw.data);
    }
  });

  it('keeps issues, actions, records without data and values JSON would change', () => {
    const text = [
      '{"ts":"2026-01-01T00:00:02.000Z","name":"interaction.added","data":{"interactionid":"I1"}}',
      '{"ts":"2026-01-01T00:00:01.000Z","action":"ixn:redirect","data":"not an object"}',
      '{"ts":"bad","name":"interaction.present","data":{"interactionid":"I1","huge":1e400,"neg":-0}}',
      '{"name":"x","session":"S9","__proto__":{"a":1},"data":[1,2]}',
    ].join('\n');
    const records = parse('t.ndjson', text);
    expect(records[1].issues?.[0].rule).toBe('time-regression');
    const encoded = encodeRecords(records);
    expect(encoded.exact.map((e) => e.at)).toEqual([2]);
    const back = new RecordDecoder().decode(structuredClone(encoded));
    expect(back).toEqual(records);
    expect(back[2].data.huge).toBe(Infinity);
    expect(Object.is(back[2].data.neg, -0)).toBe(true);
    expect(back[1]).toMatchObject({ kind: 'action', action: 'redirect', data: {}, fileIndex: 3, file: 't.ndjson' });
    expect(Object.hasOwn(back[3].raw, '__proto__')).toBe(true);
  });

  it('decodes a load\'s batches in turn with one decoder, names and sessions from each batch\'s table', () => {
    const text = Array.from({ length: 4 }, (_, i) => `{"name":"interaction.partystatechanged","session":"a-long-session-name","data":{"interactionid":"I${i}"}}`).join('\n');
    const records = parse('a-rather-long-file-name.ndjson', text);
    const decoder = new RecordDecoder();
    const a = roundTrip(records.slice(0, 2), decoder);
    const b = roundTrip(records.slice(2), decoder);
    const encodedA = structuredClone(encodeRecords(records.slice(0, 2)));
    expect(encodedA.strings).toContain('interaction.partystatechanged');
    expect(b[0]).toMatchObject({ kind: 'event', name: (a[0] as { name: string }).name });
    expect(b[0].session).toBe(a[1].session);
    expect(b.map((r) => r.index)).toEqual([-1, -1]);
  });
});
