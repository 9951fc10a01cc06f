import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInput } from './analyze';
import { buildTraceIndex, recordAtTime, recordColumns, requestOf, RequestsByRecord, severityOf } from './recordColumns';
import { apply, createTrace, finish } from './reducer';
import type { Request } from './state';
import type { TraceRecord } from './types';

function load(text: string, finished = true) {
  const trace = createTrace();
  const records: TraceRecord[] = parseInput({ name: 't.ndjson', content: text }, 0).records;
  for (const r of records) apply(trace, r);
  if (finished) finish(trace);
  return { trace, records, index: buildTraceIndex(trace, records) };
}

const sample = (name: string) => readFileSync(new URL(`../../public/samples/${name}`, import.meta.url), 'utf8');

function columnsOf(text: string) {
  const { records, index } = load(text);
  return records.map((r) => recordColumns(r, requestOf(index, r.index)));
}

describe('recordColumns', () => {
  it('names the party, resource and state of party events and the summary of a divert', () => {
    const cols = columnsOf(sample('consult-transfer.ndjson'));
    const divert = cols.find((c) => c.name === 'interaction.ondivert')!;
    expect(divert).toMatchObject({ family: 'link', interactionid: 'I-1001', partyid: 'P2', resource: '5000', state: 'queued' });
    expect(divert.summary).toBe('P2 5000 → 7001 (divert)');
    const changed = cols.find((c) => c.name === 'interaction.partystatechanged')!;
    expect(changed).toMatchObject({ family: 'party', partyid: 'P3', resource: '7001', state: 'established' });
    expect(changed.summary).toBe('P3 7001 → established');
    const added = cols[0];
    expect(added.summary).toBe('voice Inbound · 2 parties · udata 2 keys');
  });

  it('shows an action with its request id and destination, and gives a result its request interaction', () => {
    const cols = columnsOf(sample('failed-redirect.ndjson'));
    const action = cols[2];
    expect(action).toMatchObject({ family: 'action', name: 'redirect', interactionid: 'I-3001', requestid: 'R-21', resource: '9999' });
    expect(action.summary).toBe('5001 → 9999');
    const error = cols[3];
    expect(error.interactionid).toBe('I-3001');
    expect(error.summary).toBe('redirect R-21 failed in 94 ms: invaliddestination — DN 9999 is not configured on SIP_Switch');
    expect(cols[7].summary).toBe('redirect R-22 done in 50 ms');
  });

  it('takes tointeractionid for a merge and keeps the other interaction', () => {
    const cols = columnsOf(sample('consult-transfer.ndjson'));
    const merge = cols.find((c) => c.name === 'interaction.onmerge')!;
    expect(merge).toMatchObject({ interactionid: 'I-1001', otherInteractionid: 'I-consult', partyid: 'P5' });
    expect(merge.summary).toBe('I-consult ⇒ I-1001 (transfer) active P5 7002');
  });

  it('summarises udata changes with removals and unknown events by their attributes', () => {
    const cols = columnsOf(
      [
        '{"ts":1,"name":"interaction.added","data":{"interactionid":"I1"}}',
        '{"ts":2,"name":"interaction.udata.changed","data":{"interactionid":"I1","udata":{"A":"1","B":null}}}',
        '{"ts":3,"name":"custom.thing","data":{"x":1,"y":"<b>hi</b>"}}',
      ].join('\n'),
    );
    expect(cols[1].summary).toBe('A=1, −B');
    expect(cols[2]).toMatchObject({ family: 'other', label: 'custom.thing', summary: 'x=1 y=<b>hi</b>' });
  });
});

describe('RequestsByRecord', () => {
  const request = (requestid: string) => ({ requestid }) as Request;

  it('reads as a Map of record index to request, in the order set', () => {
    const m = new RequestsByRecord();
    const reference = new Map<number, Request>();
    // Indexes past the first buffer and back, a replaced one, and 0.
    for (const [at, id] of [[5, 'a'], [3000, 'b'], [0, 'c'], [1023, 'd'], [1024, 'e'], [5, 'f'], [250_000, 'g']] as const) {
      const r = request(id);
      expect(m.set(at, r)).toBe(m);
      reference.set(at, r);
    }
    expect(m.size).toBe(reference.size);
    expect([...m]).toEqual([...reference]);
    expect([...m.keys()]).toEqual([...reference.keys()]);
    expect([...m.values()]).toEqual([...reference.values()]);
    for (const at of [-1, 0, 1, 4, 5, 6, 1023, 1024, 2999, 3000, 249_999, 250_000, 250_001, 10_000_000, 0.5, NaN]) {
      expect(m.get(at)).toBe(reference.get(at));
      expect(m.has(at)).toBe(reference.has(at));
    }
    expect(() => m.set(-1, request('x'))).toThrow(RangeError);
    expect(() => m.set(1.5, request('x'))).toThrow(RangeError);
  });
});

describe('buildTraceIndex', () => {
  it('pairs requests with their action and result records', () => {
    const { index } = load(sample('failed-redirect.ndjson'));
    expect(index.requestBySent.get(2)?.requestid).toBe('R-21');
    expect(index.requestByResult.get(3)?.requestid).toBe('R-21');
    expect(requestOf(index, 7)?.requestid).toBe('R-22');
    expect(requestOf(index, 0)).toBeUndefined();
  });

  it('records the worst severity per record and the sorted problem indexes', () => {
    const { index } = load(
      [
        '{"ts":1,"name":"interaction.added","data":{"interactionid":"I1"}}',
        '{"ts":2,"action":"redirect","data":{"interactionid":"I1","requestid":"R1"}}',
        '{"ts":3,"name":"interaction.partyadded","data":{"interactionid":"I1"}}',
      ].join('\n'),
    );
    // R1 is pending (warning) and sent before present (warning); the partyadded lacks attributes (error).
    expect(severityOf(index, 0)).toBeNull();
    expect(severityOf(index, 1)).toBe('warning');
    expect(severityOf(index, 2)).toBe('error');
    expect([...index.problemIndexes]).toEqual([1, 2]);
    expect(index.diagnosticsByRecord.get(1)!.map((d) => d.rule).sort()).toEqual(['action-before-present', 'pending-request']);
  });

  it('extends an index batch by batch to the same result as building it at once', () => {
    const text = sample('failed-redirect.ndjson') + '\n' + [
      '{"ts":"2026-11-24T12:32:00.000Z","session":"S4","action":"pick","data":{"interactionid":"I-9","requestid":"R9"}}',
      '{"ts":"2026-11-24T12:32:01.000Z","session":"S4","name":"interaction.partyadded","data":{"interactionid":"I-9"}}',
      '{"ts":"2026-11-24T12:32:02.000Z","session":"S4","name":"interaction.pick.done","data":{"interactionid":"I-9","requestid":"R9"}}',
    ].join('\n');
    const all: TraceRecord[] = parseInput({ name: 't.ndjson', content: text }, 0).records;
    const trace = createTrace();
    const records: TraceRecord[] = [];
    let index: ReturnType<typeof buildTraceIndex> | undefined;
    for (let start = 0; start < all.length; start += 4) {
      for (const r of all.slice(start, start + 4)) {
        apply(trace, r);
        records.push(r);
      }
      index = buildTraceIndex(trace, records, index);
    }
    finish(trace);
    index = buildTraceIndex(trace, records, index);
    const full = buildTraceIndex(trace, records);
    const plain = (i: typeof full) => ({
      ...i,
      requestBySent: [...i.requestBySent].sort(),
      requestByResult: [...i.requestByResult].sort(),
      diagnosticsByRecord: [...i.diagnosticsByRecord].sort(),
      severity: [...i.severity],
      problemIndexes: [...i.problemIndexes],
      timeCeiling: [...i.timeCeiling],
    });
    expect(plain(index)).toEqual(plain(full));
    expect(index.requestByResult.get(all.length - 1)?.requestid).toBe('R9'); // answered in a later batch
    expect(index.sessions).toEqual(['S3', 'S4']);
    expect(index.problemIndexes.length).toBeGreaterThan(0);
  });

  it('finds the start time after untimed records, whether built at once or batch by batch', () => {
    const line = (i: number, ts?: string) =>
      JSON.stringify({ ...(ts ? { ts } : {}), session: 'S1', name: 'interaction.added', data: { interactionid: `I-${i}` } });
    const lines = [line(0), line(1), line(2), line(3, '2026-11-24T12:00:05.000Z'), line(4), line(5, '2026-11-24T12:00:01.000Z'), line(6, '2026-11-24T12:00:09.000Z')];
    const all: TraceRecord[] = parseInput({ name: 't.ndjson', content: lines.join('\n') }, 0).records;
    const trace = createTrace();
    const records: TraceRecord[] = [];
    let index: ReturnType<typeof buildTraceIndex> | undefined;
    const starts: (number | null)[] = [];
    for (let start = 0; start < all.length; start += 2) {
      for (const r of all.slice(start, start + 2)) {
        apply(trace, r);
        records.push(r);
      }
      index = buildTraceIndex(trace, records, index);
      starts.push(index.startTime);
    }
    const at = Date.parse('2026-11-24T12:00:05.000Z');
    // No time in the first batch; then the first timed record's, though a later one is earlier.
    expect(starts).toEqual([null, at, at, at]);
    expect(buildTraceIndex(trace, records).startTime).toBe(at);
    expect(index!.endTime).toBe(Date.parse('2026-11-24T12:00:09.000Z'));
    expect(buildTraceIndex(createTrace(), all.slice(0, 3)).startTime).toBeNull();
  });

  it('extends the problem list batch by batch as a full build makes it, and lists handed out earlier keep what they held', () => {
    // Nine records in ten have a problem (no interactionid where one is required); requests left pending
    // at the end add problems to earlier records (merged, not appended).
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      lines.push(i % 10 === 0
        ? `{"ts":"2026-11-24T12:00:${String(i % 60).padStart(2, '0')}.000Z","session":"S1","action":"ixn:pick","data":{"interactionid":"I${i}","requestid":"R${i}"}}`
        : `{"ts":"2026-11-24T12:00:${String(i % 60).padStart(2, '0')}.000Z","session":"S1","name":"interaction.partystatechanged","data":{}}`);
    }
    const all: TraceRecord[] = parseInput({ name: 't.ndjson', content: lines.join('\n') }, 0).records;
    const trace = createTrace();
    const records: TraceRecord[] = [];
    let index: ReturnType<typeof buildTraceIndex> | undefined;
    const handedOut: { list: Int32Array; copy: number[] }[] = [];
    for (let start = 0; start < all.length; start += 7) {
      for (const r of all.slice(start, start + 7)) {
        apply(trace, r);
        records.push(r);
      }
      index = buildTraceIndex(trace, records, index);
      expect([...index.problemIndexes]).toEqual([...buildTraceIndex(trace, records).problemIndexes]);
      handedOut.push({ list: index.problemIndexes, copy: [...index.problemIndexes] });
    }
    finish(trace);
    index = buildTraceIndex(trace, records, index);
    expect([...index.problemIndexes]).toEqual([...buildTraceIndex(trace, records).problemIndexes]);
    expect(index.problemIndexes.length).toBe(all.length);
    // Records after the merge append to the merged list, not to the buffer before it.
    const more: TraceRecord[] = parseInput({ name: 't.ndjson', content: lines.slice(1, 15).join('\n') }, 0).records;
    for (const r of more) {
      apply(trace, r);
      records.push(r);
    }
    index = buildTraceIndex(trace, records, index);
    expect([...index.problemIndexes]).toEqual([...buildTraceIndex(trace, records).problemIndexes]);
    for (const { list, copy } of handedOut) expect([...list]).toEqual(copy);
  });

  it('maps a time to the last record at or before it, tolerating time regressions', () => {
    const { index } = load(
      [
        '{"name":"interaction.added","data":{"interactionid":"I1"}}',
        '{"ts":1000,"name":"interaction.present","data":{"interactionid":"I1"}}',
        '{"ts":3000,"name":"interaction.notcontrolled","data":{"interactionid":"I1"}}',
        '{"ts":2000,"name":"interaction.udata.changed","data":{"interactionid":"I1","udata":{}}}',
        '{"ts":5000,"name":"interaction.deleted","data":{"interactionid":"I1"}}',
      ].join('\n'),
    );
    expect(index.startTime).toBe(1000);
    expect(index.endTime).toBe(5000);
    expect(recordAtTime(index, 0)).toBe(0);
    expect(recordAtTime(index, 1000)).toBe(1);
    expect(recordAtTime(index, 2999)).toBe(1);
    expect(recordAtTime(index, 3000)).toBe(3);
    expect(recordAtTime(index, 99999)).toBe(4);
  });
});
