import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInput } from './analyze';
import { extendSearchIndex, filterRecords, forEachText, isFilterActive, namesParty, searchText, lowerBound, narrows, NO_FILTER, stepRow, type RecordFilter } from './filter';
import { buildTraceIndex } from './recordColumns';
import { apply, createTrace, finish } from './reducer';
import { recordFrom } from './parser';
import { RecordList, type RecordSegment } from './records';
import type { TraceRecord } from './types';
import { WireDecoder, WireEncoder } from './wire';

function load(text: string) {
  const trace = createTrace();
  const records: TraceRecord[] = parseInput({ name: 't.ndjson', content: text }, 0).records;
  for (const r of records) apply(trace, r);
  finish(trace);
  return { trace, records, index: buildTraceIndex(trace, records) };
}

const consult = load(readFileSync(new URL('../../public/samples/consult-transfer.ndjson', import.meta.url), 'utf8'));
const failed = load(readFileSync(new URL('../../public/samples/failed-redirect.ndjson', import.meta.url), 'utf8'));

function run(t: ReturnType<typeof load>, f: Partial<RecordFilter>): number[] {
  return [...filterRecords(t.records, t.trace, t.index, { ...NO_FILTER, ...f })];
}

describe('filterRecords', () => {
  it('keeps every record without filters', () => {
    expect(isFilterActive(NO_FILTER)).toBe(false);
    expect(run(consult, {})).toEqual(consult.records.map((r) => r.index));
  });

  it('keeps only the records of one interaction, including the merge that names it', () => {
    const rows = run(consult, { interaction: 'I-consult' });
    const names = rows.map((i) => consult.records[i]);
    expect(names.every((r) => JSON.stringify(r.data).includes('I-consult'))).toBe(true);
    expect(rows).toHaveLength(consult.records.filter((r) => JSON.stringify(r.data).includes('"I-consult"')).length);
    expect(rows.length).toBeGreaterThan(0);
    expect(run(consult, { interaction: 'nope' })).toEqual([]);
  });

  it('gives a result without interactionid to the interaction of its request', () => {
    const rows = run(failed, { interaction: 'I-3001' });
    expect(rows).toContain(3); // error.interaction.redirect has no interactionid
    expect(rows).toHaveLength(failed.records.length);
  });

  it('matches every free-text term, case-insensitively, in names, labels and data', () => {
    const divert = run(consult, { text: 'DIVERT' }).map((i) => consult.records[i]);
    // the ondivert event, and the partydeleted whose state is "diverted"
    expect(divert.map((r) => (r.kind === 'event' ? r.name : r.action))).toEqual(['interaction.ondivert', 'interaction.partydeleted']);
    const both = run(consult, { text: 'p3 established' });
    expect(both.map((i) => consult.records[i].data.partystate)).toEqual(['established']);
    expect(run(consult, { text: 'gold' })).toEqual([0]); // a udata value
    expect(run(failed, { text: 'i-3001 failed' })).toEqual([3]); // a label and the request's interaction
  });

  it('finds a result by its request\'s interaction in records that came after an earlier search', () => {
    const lines = [
      '{"ts":1,"session":"S","name":"interaction.added","data":{"interactionid":"I-A"}}',
      '{"ts":2,"session":"S","action":"ixn:redirect","data":{"interactionid":"I-A","requestid":"R1","to":"7001"}}',
      '{"ts":3,"session":"S","name":"interaction.redirect.done","data":{"requestid":"R1"}}',
      '{"ts":4,"session":"S","name":"interaction.added","data":{"interactionid":"I-B"}}',
      '{"ts":5,"session":"S","action":"ixn:redirect","data":{"interactionid":"I-B","requestid":"R2","to":"7002"}}',
      '{"ts":6,"session":"S","name":"error.interaction.redirect","data":{"requestid":"R2","error":"invaliddestination"}}',
    ];
    const records: TraceRecord[] = parseInput({ name: 't.ndjson', content: lines.join('\n') }, 0).records;
    const trace = createTrace();
    const head = records.slice(0, 3);
    for (const r of head) apply(trace, r);
    let index = buildTraceIndex(trace, head);
    const search = (list: TraceRecord[], text: string) => [...filterRecords(list, trace, index, { ...NO_FILTER, text })];
    expect(search(head, 'i-a')).toEqual([0, 1, 2]);
    expect(search(head, 'i-b')).toEqual([]);
    for (const r of records.slice(3)) apply(trace, r);
    index = buildTraceIndex(trace, records, index);
    // The result of R2 names no interaction: it is found by its request's.
    expect(search(records, 'i-b')).toEqual([3, 4, 5]);
    expect(search(records, 'i-b invaliddestination')).toEqual([5]);
    expect(search(records, 'i-a done')).toEqual([2]);
  });

  it('matches more terms than one group of 31 holds', () => {
    const terms = Array.from({ length: 40 }, (_, k) => `t${String(k).padStart(2, '0')}`);
    const t = load(
      [
        JSON.stringify({ ts: 1, name: 'x.all', data: Object.fromEntries(terms.map((w) => [`k${w}`, w])) }),
        JSON.stringify({ ts: 2, name: 'x.some', data: Object.fromEntries(terms.slice(0, 35).map((w) => [`k${w}`, w])) }),
        JSON.stringify({ ts: 3, name: 'x.late', data: Object.fromEntries(terms.slice(5).map((w) => [`k${w}`, w])) }),
      ].join('\n'),
    );
    expect(run(t, { text: terms.join(' ') })).toEqual([0]);
    expect(run(t, { text: terms.slice(5, 35).join(' ') })).toEqual([0, 1, 2]);
    expect(run(t, { text: terms.slice(30).join(' ') })).toEqual([0, 2]);
  });

  it('filters by family and by name', () => {
    expect(run(failed, { families: ['action'] })).toEqual([2, 5]);
    expect(run(failed, { families: ['result'] })).toEqual([3, 7]);
    expect(run(consult, { names: ['interaction.present'] })).toEqual([1, 11]);
  });

  it('filters by party in any role, and by session', () => {
    const p2 = run(consult, { party: 'P2' });
    expect(p2).toEqual([0, 3, 5]); // listed in added.parties, the diverting party, then deleted
    const mixed = load(
      ['{"ts":1,"session":"A","name":"x.y"}', '{"ts":2,"session":"B","name":"x.y"}', '{"ts":3,"session":"A","name":"x.z"}'].join('\n'),
    );
    expect(run(mixed, { session: 'A' })).toEqual([0, 2]);
    expect(run(mixed, { session: 'A', names: ['x.z'] })).toEqual([2]);
  });

  it('filters by minimum severity of the diagnostics on the record', () => {
    const t = load(
      [
        '{"ts":1,"name":"interaction.added","data":{"interactionid":"I1"}}',
        '{"ts":2,"action":"redirect","data":{"interactionid":"I1","requestid":"R1"}}',
        '{"ts":3,"name":"interaction.partyadded","data":{"interactionid":"I1"}}',
      ].join('\n'),
    );
    expect(run(t, { minSeverity: 'warning' })).toEqual([1, 2]);
    expect(run(t, { minSeverity: 'error' })).toEqual([2]);
  });

  it('stays fast on a large trace (an Int32Array, a single pass)', () => {
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      lines.push(JSON.stringify({ ts: i, session: `S${i % 3}`, name: 'interaction.partystatechanged',
        data: { interactionid: `I${i % 1000}`, partyid: `P${i % 7}`, focusresource: String(7000 + (i % 50)), partystate: 'established' } }));
    }
    const big = load(lines.join('\n'));
    const t0 = performance.now();
    const byText = filterRecords(big.records, big.trace, big.index, { ...NO_FILTER, text: '7049 p6' });
    const t1 = performance.now();
    const byIxn = filterRecords(big.records, big.trace, big.index, { ...NO_FILTER, interaction: 'I7', party: 'P0' });
    const t2 = performance.now();
    console.log(`text filter over 200k: ${(t1 - t0).toFixed(0)} ms; interaction filter: ${(t2 - t1).toFixed(1)} ms`);
    expect(byText).toBeInstanceOf(Int32Array);
    expect(byText.length).toBe(big.records.filter((r) => r.data.focusresource === '7049' && r.data.partyid === 'P6').length);
    expect(byIxn.length).toBe(big.records.filter((r) => r.data.interactionid === 'I7' && r.data.partyid === 'P0').length);
  });
});

describe('narrows', () => {
  it('lets a longer text refine the previous rows and gives the same result as a full scan', () => {
    const loose = { ...NO_FILTER, interaction: 'I-1001', text: 'p' };
    const tight = { ...loose, text: 'p1 h' };
    expect(narrows(loose, tight)).toBe(true);
    expect(narrows(tight, loose)).toBe(false);
    expect(narrows(loose, { ...tight, interaction: 'I-consult' })).toBe(false);
    expect(narrows(loose, { ...tight, families: ['party'] })).toBe(false);
    const within = filterRecords(consult.records, consult.trace, consult.index, loose);
    const refined = filterRecords(consult.records, consult.trace, consult.index, tight, { within });
    expect([...refined]).toEqual(run(consult, tight));
    expect(refined.length).toBeGreaterThan(0);
  });
});

describe('text search index', () => {
  const samples = ['consult-transfer', 'failed-redirect', 'hostile', 'divert-routing-point'].map((name) =>
    load(readFileSync(new URL(`../../public/samples/${name}.ndjson`, import.meta.url), 'utf8')),
  );

  it('finds exactly the records whose search text holds every term', () => {
    for (const t of samples) {
      const texts = t.records.map((r) => searchText(r, t.index));
      // Terms from the records themselves (parts of names, ids, values), plus case and misses.
      const words = new Set<string>(['', 'P1', 'ESTAB', 'i-10', 'zzz-none', 'done', 'r-2', '5000', 'party added', 'true']);
      for (const text of texts.slice(0, 40)) for (const part of text.split('\u0001')) if (part.length > 2) words.add(part.slice(1, 5));
      for (const text of [...words, 'p1 estab', 'i-1001 party', 'a b c']) {
        const terms = text.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
        const want = texts.flatMap((h, i) => (terms.every((w) => h.includes(w)) ? [i] : []));
        expect(run(t, { text }), `${text}`).toEqual(want);
      }
    }
  });

  it('is built in steps that stop when told and continue where they stopped', () => {
    const text = readFileSync(new URL('../../public/samples/consult-transfer.ndjson', import.meta.url), 'utf8');
    const big = load(Array.from({ length: 40 }, () => text.trim()).join('\n'));
    expect(big.records.length).toBeGreaterThan(600);
    // Grows with the trace: the first records only, then one step of the rest, then all.
    expect(extendSearchIndex(big.records.slice(0, 3), big.trace, big.index)).toBe(true);
    expect(extendSearchIndex(big.records, big.trace, big.index, () => false)).toBe(false);
    for (const word of ['established', 'I-1001 P2', 'transfer']) {
      const terms = word.toLowerCase().split(' ');
      const want = big.records.flatMap((r, i) => (terms.every((w) => searchText(r, big.index).includes(w)) ? [i] : []));
      expect(run(big, { text: word })).toEqual(want);
      expect(want.length).toBeGreaterThanOrEqual(40);
    }
  });
});

describe('filterRecords from', () => {
  it('scans only the records from an index on, for every kind of filter', () => {
    for (const f of [{}, { interaction: 'I-1001' }, { text: 'established' }, { families: ['party' as const] }]) {
      const all = run(consult, f);
      const tail = [...filterRecords(consult.records, consult.trace, consult.index, { ...NO_FILTER, ...f }, { from: 10 })];
      expect(tail).toEqual(all.filter((i) => i >= 10));
    }
  });
});

describe('stepRow', () => {
  const rows = Int32Array.from([2, 5, 9]);
  it('moves through the shown rows and clamps at both ends', () => {
    expect(stepRow(rows, 5, 1)).toBe(9);
    expect(stepRow(rows, 5, -1)).toBe(2);
    expect(stepRow(rows, 9, 1)).toBe(9);
    expect(stepRow(rows, 2, -1)).toBe(2);
  });
  it('from a hidden cursor lands on the nearest shown row in the direction of travel', () => {
    expect(stepRow(rows, 6, 1)).toBe(9);
    expect(stepRow(rows, 6, -1)).toBe(5);
    expect(stepRow(rows, -1, 1)).toBe(2);
    expect(stepRow(new Int32Array(0), 3, 1)).toBeNull();
    expect(lowerBound(rows, 6)).toBe(2);
  });
});

describe('search texts brought by wire batches', () => {
  /**
   * The records as the page keeps them: wire batches, rebuilt on demand, texts found by the
   * encoder; every other batch of `objectsEvery` kept as objects (a list can hold both).
   */
  function wireList(records: TraceRecord[], objectsEvery = 0): RecordList {
    const encoder = new WireEncoder();
    const decoder = new WireDecoder();
    const list = new RecordList();
    for (let first = 0, b = 0; first < records.length; first += 333, b++) {
      const batch = records.slice(first, first + 333);
      if (objectsEvery > 0 && b % objectsEvery === 0) {
        list.append(batch);
        continue;
      }
      const wire = structuredClone(encoder.encode(batch));
      const { segment } = decoder.decodeSegment(wire);
      const kept: RecordSegment = {
        count: segment.count,
        record: (k) => {
          const w = decoder.decodeAt(segment, k);
          return recordFrom(w.raw, 't.ndjson', w.fileIndex, w.line, w.time, w.issues)!;
        },
        search: { ...wire.search, table: decoder.strings },
      };
      list.append(batch, { segment: kept, offset: 0 });
    }
    return list;
  }

  const files = ['mixed-10k', 'consult-transfer', 'failed-redirect', 'hostile'];
  const wireTestText = (): string =>
    [
      ...files.map((f) => readFileSync(new URL(`../../public/samples/${f}.ndjson`, import.meta.url), 'utf8')),
      // Long texts and keys (literals), nested ts keys, numbers, booleans, nulls, deep nesting.
      JSON.stringify({ ts: '2026-01-01T00:00:00.000Z', name: 'x.custom', session: 7, data: { ['k'.repeat(70)]: { ['n'.repeat(70)]: 'v'.repeat(80), ts: 'T', b: [true, null, 1.5, ['deep', { a: 'deeper' }]] }, after: 'tail-text', n: -0 } }),
      JSON.stringify({ ts: '2026-01-01T00:00:01.000Z', action: 'ixn:redirect', data: ['not', 'an', 'object'], after: 'not-data' }),
      JSON.stringify({ ts: '2026-01-01T00:00:02.000Z', data: { interactionid: 'I9', parties: [{ partyid: 'P1', n: 2 }], ok: false, z: null }, name: 'interaction.added' }),
      JSON.stringify({ ts: '2026-01-01T00:00:03.000Z', name: 'x.arrays', data: { a: [[1, [2, 'three']], { k: ['v', { w: 'x' }] }], o: { p: { q: { r: 's' } } }, Up: 'MiXed', t: true } }),
    ].join('\n');

  it('the encoder finds each record\'s texts as walking the record object does, in order', () => {
    const { records } = load(wireTestText());
    const encoder = new WireEncoder();
    const table: string[] = [];
    const extras: string[] = [];
    let checked = 0;
    for (let first = 0; first < records.length; first += 333) {
      const batch = records.slice(first, first + 333);
      const wire = encoder.encode(batch);
      table.push(...wire.strings);
      expect(wire.search.extraBase).toBe(extras.length);
      extras.push(...wire.search.extras);
      const { tokens, ends } = wire.search;
      batch.forEach((r, k) => {
        const want: string[] = [];
        forEachText(r.data, (t) => want.push(t.toLowerCase()), 0);
        const got = Array.from(tokens.subarray(k === 0 ? 0 : ends[k - 1], ends[k]), (t) => (t >= 0 ? table[t].toLowerCase() : extras[-1 - t]));
        expect(got, `record ${first + k}`).toEqual(want);
        checked += want.length;
      });
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('filter by party as reading every record does, reading only the records whose texts hold the id', () => {
    const text = [
      wireTestText(),
      JSON.stringify({ ts: '2026-01-01T00:00:04.000Z', name: 'interaction.partystatechanged', data: { interactionid: 'I9', partyid: 42, partystate: 'held' } }),
      JSON.stringify({ ts: '2026-01-01T00:00:05.000Z', name: 'interaction.ondivert', data: { interactionid: 'I9', divertingpartyid: 'Px', note: 'P42', newdestination: '42' } }),
    ].join('\n');
    const walked = load(text);
    const wired = load(text);
    const list = wireList(wired.records, 3);
    const index = buildTraceIndex(wired.trace, list);
    const parties = new Set<string>(['42', 'Px', 'px', 'p1', 'P42', 'nobody']);
    for (const r of walked.records) {
      for (const [k, v] of Object.entries(r.data)) if (k.endsWith('partyid') && (typeof v === 'string' || typeof v === 'number')) parties.add(String(v));
    }
    expect(parties.size).toBeGreaterThan(50);
    // The special ones, and every twentieth of the rest (thousands in mixed-10k).
    const sample = [...parties].filter((p, k) => k < 6 || k % 20 === 0);
    // Indexing walks the records kept as objects (every third batch here): done first.
    extendSearchIndex(list, wired.trace, index);
    const read = new Set<number>();
    const get = list.get.bind(list);
    list.get = (i) => (read.add(i), get(i));
    const dataTexts = walked.records.map((r) => JSON.stringify(r.data).toLowerCase());
    for (const party of sample) {
      read.clear();
      const got = Array.from(filterRecords(list, wired.trace, index, { ...NO_FILTER, party }));
      const want = walked.records.flatMap((r, i) => (namesParty(r, party) ? [i] : []));
      expect(got, party).toEqual(want);
      expect(read.size, party).toBeLessThanOrEqual(dataTexts.filter((t) => t.includes(party.toLowerCase())).length);
    }
    expect(run(walked, { party: '42' })).toHaveLength(1);
    expect(run(walked, { party: 'p1' })).toEqual([]);
    // A record the trace index does not cover yet (appended since) is read.
    const late = parseInput({ name: 't.ndjson', content: JSON.stringify({ ts: '2026-01-01T00:00:06.000Z', name: 'interaction.partyadded', data: { interactionid: 'I9', partyid: 'P-late' } }) }, 0).records[0];
    late.index = walked.records.length;
    walked.records.push(late);
    apply(walked.trace, late);
    expect(run(walked, { party: 'P-late' })).toEqual([late.index]);
  });

  it('find exactly what walking the record objects finds, indexed in pieces or by the first search', () => {
    const text = wireTestText();
    for (const objectsEvery of [0, 3]) {
      const walked = load(text);
      const wired = load(text);
      const list = wireList(wired.records, objectsEvery);
      const index = buildTraceIndex(wired.trace, list);
      // Records of wire batches are never rebuilt to be indexed: their texts came with them.
      const read = new Set<number>();
      const get = list.get.bind(list);
      list.get = (i) => (read.add(i), get(i));
      // Part indexed in idle slices, the rest by the first search.
      let slices = 0;
      expect(extendSearchIndex(list, wired.trace, index, () => ++slices < 5)).toBe(false);
      expect(extendSearchIndex(list, wired.trace, index)).toBe(true);
      const isObject = (i: number) => objectsEvery > 0 && Math.floor(i / 333) % objectsEvery === 0;
      expect([...read].filter((i) => !isObject(i))).toEqual([]);
      // Records kept as objects are read, each once.
      expect(read.size).toBe([...Array(list.length).keys()].filter(isObject).length);
      list.get = get;
      const queries = ['transfer', 'vq_billing', 'established', 'i-consult', 'p2 ringing', 'redirect invaliddestination', '<script', '7002',
        'party state changed', 'zz-none', 'deep', 'deeper', 'vvvv', 'nnnn', 'kkkk', 'tail-text', 'not-data', 'true', '1.5', 'false', 'i9 p1', 'custom 7',
        'mixed', 'three', 'arrays s', 'arrays x'];
      for (const q of queries) {
        const got = Array.from(filterRecords(list, wired.trace, index, { ...NO_FILTER, text: q }));
        expect(got, q).toEqual(run(walked, { text: q }));
      }
      // The index took the batches' texts: they keep them no longer.
      for (let i = 0; i < list.length; i += 333) expect(list.searchRun(i)).toBeNull();
      // The texts only the nested or the long form hold are found, and containers below depth 3 are not read.
      expect(run(walked, { text: 'deeper' })).toEqual([]);
      expect(run(walked, { text: 'deep' }).length).toBe(0);
      expect(run(walked, { text: 'tail-text' }).length).toBe(1);
      expect(run(walked, { text: 'vvvv' }).length).toBe(1);
    }
  });
});
