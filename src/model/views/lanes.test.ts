import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstMarkerAtOrAfter, lanes } from './lanes';
import { indexOf, loadTrace, ndjson } from './traceFixture';

const consult = loadTrace(readFileSync('public/samples/consult-transfer.ndjson', 'utf8'));
const ms = (iso: string) => Date.parse(iso);

describe('lanes on the consult-transfer sample', () => {
  const model = lanes(consult.trace, consult.records);

  it('has a header lane per interaction followed by its parties in order of appearance', () => {
    expect(model.lanes.map((l) => l.label)).toEqual([
      'I-1001 · voice Inbound',
      'P1 +15551230001',
      'P2 5000',
      'P3 7001',
      'P6 7002',
      'I-consult · voice Consult',
      'P4 7001',
      'P5 7002',
    ]);
  });

  it('gives each party its state segments [start, end), ending at partydeleted', () => {
    const p1 = model.lanes.find((l) => l.key === 'I-1001/P1')!;
    expect(p1.segments.map((s) => [s.state, new Date(s.start).toISOString(), new Date(s.end).toISOString()])).toEqual([
      ['established', '2026-11-24T10:00:00.000Z', '2026-11-24T10:00:31.000Z'],
      ['hold', '2026-11-24T10:00:31.000Z', '2026-11-24T10:00:52.045Z'],
      ['established', '2026-11-24T10:00:52.045Z', '2026-11-24T10:02:10.000Z'],
    ]);
    const header = model.lanes[0];
    expect(header.segments.map((s) => s.state)).toEqual(['added', 'present', 'notcontrolled']);
    expect(header.segments[1].end).toBe(ms('2026-11-24T10:02:10.030Z'));
  });

  it('places every record of an interaction as a marker on its lanes, in time order', () => {
    for (const id of ['I-1001', 'I-consult']) {
      const mine = model.lanes.filter((l) => l.interactionId === id);
      const marked = new Set(mine.flatMap((l) => Array.from(l.markerIndexes)));
      expect([...marked].sort((a, b) => a - b)).toEqual(consult.trace.interactions.get(id)!.records);
      for (const l of mine) {
        for (let i = 1; i < l.markerTimes.length; i++) expect(l.markerTimes[i]).toBeGreaterThanOrEqual(l.markerTimes[i - 1]);
      }
    }
    const header = model.lanes[0];
    expect(Array.from(header.markerIndexes)).toContain(indexOf(consult.records, 'interaction.added'));
  });

  it('draws the merge from the consult header lane to the primary one and the divert between party lanes', () => {
    const merge = model.links.find((l) => l.kind === 'merge')!;
    expect(model.lanes[merge.fromLane].key).toBe('I-consult');
    expect(model.lanes[merge.toLane].key).toBe('I-1001');
    expect(merge).toMatchObject({ type: 'transfer', index: indexOf(consult.records, 'interaction.onmerge'), time: ms('2026-11-24T10:00:52.000Z') });
    const divert = model.links.find((l) => l.kind === 'divert')!;
    expect([model.lanes[divert.fromLane].key, model.lanes[divert.toLane].key]).toEqual(['I-1001/P2', 'I-1001/P3']);
  });

  it('spans each request from the action to its result, with its latency', () => {
    expect(model.requests).toEqual([
      expect.objectContaining({ lane: 0, requestid: 'R1', action: 'redirect', result: 'done', latencyMs: 41, start: ms('2026-11-24T10:00:01.500Z'), end: ms('2026-11-24T10:00:01.541Z') }),
    ]);
  });

  it('keeps only the interactions asked for', () => {
    const only = lanes(consult.trace, consult.records, ['I-consult']);
    expect(only.lanes.map((l) => l.key)).toEqual(['I-consult', 'I-consult/P4', 'I-consult/P5']);
    expect(only.links).toEqual([]);
  });
});

describe('lanes on awkward traces', () => {
  it('sorts markers of a file whose time goes backwards', () => {
    const text = [
      { ts: '2026-11-24T10:00:05.000Z', name: 'interaction.added', data: { interactionid: 'I1' } },
      { ts: '2026-11-24T10:00:01.000Z', name: 'interaction.present', data: { interactionid: 'I1' } },
      { ts: '2026-11-24T10:00:09.000Z', name: 'interaction.deleted', data: { interactionid: 'I1' } },
    ].map((r) => JSON.stringify({ session: 'S1', ...r })).join('\n');
    const { trace, records } = loadTrace(text);
    const lane = lanes(trace, records).lanes[0];
    expect(Array.from(lane.markerIndexes)).toEqual([1, 0, 2]);
    expect(firstMarkerAtOrAfter(lane.markerTimes, ms('2026-11-24T10:00:02.000Z'))).toBe(1);
  });

  it('falls back to record indexes when no record has a time', () => {
    const text = ndjson([{ name: 'interaction.added', data: { interactionid: 'I1' } }, { name: 'interaction.present', data: { interactionid: 'I1' } }])
      .split('\n').map((l) => { const o = JSON.parse(l); delete o.ts; return JSON.stringify(o); }).join('\n');
    const { trace, records } = loadTrace(text);
    const model = lanes(trace, records);
    expect(model.axis).toBe('index');
    expect(Array.from(model.lanes[0].markerTimes)).toEqual([0, 1]);
  });
});
