import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../model/analyze';
import { generateTrace } from '../model/generate/generator';
import { apply } from '../model/reducer';
import { createTrace, plainRequest, type TraceState } from '../model/state';
import type { TraceRecord } from '../model/types';
import { RecordDecoder, RecordEncoder } from './batchCodec';

const parse = (name: string, text: string): TraceRecord[] => parseInput({ name, content: text }, 3).records;

/** A state as plain data, every history read back from its columns (for a deep comparison). */
const plain = (state: TraceState) => ({
  ...state,
  columns: undefined,
  links: state.links.map((l) => ({ kind: l.kind, at: l.at, index: l.index, interactionid: l.interactionid, from: l.from, to: l.to, type: l.type, session: l.session, partyid: l.partyid })),
  requests: state.requests.map((r) => plainRequest(r)),
  sessions: [...state.sessions.values()].map((s) => ({ id: s.id, interactions: [...s.interactions], requests: [...s.requests.keys()] })),
  interactions: [...state.interactions.values()].map((ixn) => ({
    id: ixn.id, firstIndex: ixn.firstIndex, firstAt: ixn.firstAt, implicit: ixn.implicit, sessions: ixn.sessions, media: ixn.media, type: ixn.type,
    added: ixn.added, present: ixn.present, notcontrolled: ixn.notcontrolled, deleted: ixn.deleted, abandoned: ixn.abandoned,
    udata: { ...ixn.udata }, udataLog: ixn.udataLog, mediaLog: ixn.mediaLog, held: ixn.held, lifecycle: ixn.lifecycle,
    records: [...ixn.records], links: ixn.links, problems: ixn.problems,
    parties: [...ixn.parties.values()].map((p) => ({
      partyid: p.partyid, focusresource: p.focusresource, focusIndex: p.focusIndex, added: p.added, deleted: p.deleted,
      implicit: p.implicit, firstIndex: p.firstIndex, states: p.states,
    })),
  })),
});

/** As between the worker and the page: the message is a copy. */
const roundTrip = (records: TraceRecord[], decoder = new RecordDecoder(), encoder = new RecordEncoder()) =>
  decoder.decode(structuredClone(encoder.encode(records)));

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

  it('keeps issues, actions, records without data and numbers JSON cannot write', () => {
    const text = [
      '{"ts":"2026-01-01T00:00:02.000Z","name":"interaction.added","data":{"interactionid":"I1"}}',
      '{"ts":"2026-01-01T00:00:01.000Z","action":"ixn:redirect","data":"not an object"}',
      '{"ts":"bad","name":"interaction.present","data":{"interactionid":"I1","huge":1e400,"neg":-0}}',
      '{"name":"x","session":"S9","__proto__":{"a":1},"data":[1,2]}',
    ].join('\n');
    const records = parse('t.ndjson', text);
    expect(records[1].issues?.[0].rule).toBe('time-regression');
    const back = roundTrip(records);
    expect(back).toEqual(records);
    expect(back[2].data.huge).toBe(Infinity);
    expect(Object.is(back[2].data.neg, -0)).toBe(true);
    expect(back[1]).toMatchObject({ kind: 'action', action: 'redirect', data: {}, fileIndex: 3, file: 't.ndjson' });
    expect(Object.hasOwn(back[3].raw, '__proto__')).toBe(true);
  });

  it('decodes a load\'s batches in turn with one decoder: a string crosses once, later batches name it by position', () => {
    const text = Array.from({ length: 4 }, (_, i) => `{"name":"interaction.partystatechanged","session":"a-long-session-name","data":{"interactionid":"I${i}"}}`).join('\n');
    const records = parse('a-rather-long-file-name.ndjson', text);
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const first = structuredClone(encoder.encode(records.slice(0, 2)));
    const second = structuredClone(encoder.encode(records.slice(2)));
    expect(first.wire.strings).toContain('interaction.partystatechanged');
    expect(second.wire.strings).not.toContain('interaction.partystatechanged');
    const a = decoder.decode(first);
    const b = decoder.decode(second);
    expect([...a, ...b]).toEqual(records);
    expect(b[0].session).toBe(a[1].session);
    expect(b.map((r) => r.index)).toEqual([-1, -1]);
  });

  it('keeps the file of each record when a batch mixes files', () => {
    const a = parse('a.ndjson', '{"name":"x","data":{"interactionid":"I1"}}');
    const b = parseInput({ name: 'b.ndjson', content: '{"name":"y","data":{"interactionid":"I2"}}' }, 5).records;
    expect(roundTrip([a[0], b[0], a[0]]).map((r) => [r.file, r.fileIndex])).toEqual([['a.ndjson', 3], ['b.ndjson', 5], ['a.ndjson', 3]]);
  });

  it('rebuilds any JSON value exactly: nesting, arrays, unicode, empty keys and strings, long text', () => {
    const values = [
      { a: [1, [2, [3, { b: null }]], true, false, 0, -1.5e-7], '': '', 'é€😀': '\u2028 \u0000 "q" \\', n: { m: {} }, e: [] },
      { long: 'x'.repeat(5000), ids: ['P1', 'P1', 'P2'], k10: 10, '10': 'integer-like key', '2': 'first' },
    ];
    const records = values.map((data, i) => parse('v.ndjson', JSON.stringify({ name: 'interaction.udata.changed', data: { interactionid: `I${i}`, udata: data } }))[0]);
    const back = roundTrip(records);
    expect(back).toEqual(records);
    expect(back.map((r) => JSON.stringify(r.raw))).toEqual(records.map((r) => JSON.stringify(r.raw)));
  });

  describe('records read to be applied (begin, next)', () => {
    const inputs: [string, string][] = [
      ...['consult-transfer', 'failed-redirect', 'hostile', 'divert-routing-point'].map((name): [string, string] => [
        `${name}.ndjson`,
        readFileSync(new URL(`../../public/samples/${name}.ndjson`, import.meta.url), 'utf8'),
      ]),
      ['faults.ndjson', generateTrace({ events: 3000, seed: 'applied', faults: 0.05 }).text],
      [
        'odd.ndjson',
        [
          '{"ts":"2026-01-01T00:00:02.000Z","name":"interaction.added","data":{"interactionid":"I1"},"extra":[1,{"a":"b"}]}',
          '{"ts":"2026-01-01T00:00:01.000Z","action":"ixn:redirect","data":"not an object","session":42}',
          '{"ts":"bad","name":"interaction.present","data":{"interactionid":"I1","huge":1e400,"neg":-0}}',
          '{"name":"x","session":"S9","__proto__":{"a":1},"data":[1,2]}',
          '{"action":"merge","session":null,"ts":"2026-01-01T00:00:03Z","data":{"requestid":"R1"}}',
          '{"name":"","action":"ixn:pick","data":{"requestid":"R2","interactionid":"I1"}}',
        ].join('\n'),
      ],
    ];

    it('are the records decode gives, raw read again from the batch when asked', () => {
      for (const [name, text] of inputs) {
        const records = parse(name, text);
        const encoded = new RecordEncoder().encode(records);
        const whole = new RecordDecoder().decode(structuredClone(encoded));
        const reader = new RecordDecoder().begin(structuredClone(encoded));
        const read: TraceRecord[] = [];
        for (let part = reader.next(7); part.length > 0; part = reader.next(7)) read.push(...part);
        expect(read.length, name).toBe(records.length);
        expect(read.some((r) => Object.hasOwn(r, 'raw')), name).toBe(false);
        expect(read.map((r) => ({ ...r, raw: r.raw })), name).toEqual(whole);
        expect(whole, name).toEqual(records);
      }
    });

    it('make the state the parsed records make', () => {
      for (const [name, text] of inputs) {
        const records = parse(name, text);
        const reader = new RecordDecoder().begin(structuredClone(new RecordEncoder().encode(records)));
        const fromBatch = createTrace();
        for (let part = reader.next(100); part.length > 0; part = reader.next(100)) for (const r of part) apply(fromBatch, r);
        const fromParser = createTrace();
        for (const r of structuredClone(records)) apply(fromParser, r);
        expect(plain(fromBatch), name).toEqual(plain(fromParser));
      }
    });
  });
});
