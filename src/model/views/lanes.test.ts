import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apply, createTrace } from '../reducer';
import { parseInput } from '../analyze';
import type { Records } from '../records';
import type { TraceRecord } from '../types';
import { axisOf, firstMarkerAtOrAfter, lanes, type TimelineModel } from './lanes';
import { requestsOf, withMerged } from './scope';
import { indexOf, loadTrace, ndjson } from './traceFixture';

const consult = loadTrace(readFileSync('public/samples/consult-transfer.ndjson', 'utf8'));
const ms = (iso: string) => Date.parse(iso);

describe('lanes on the consult-transfer sample', () => {
  const model = lanes(consult.trace, consult.records);

  it('has a header lane per interaction followed by its parties in order of appearance', () => {
    expect(model.lanes.all().map((l) => l.label)).toEqual([
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
    const p1 = model.lanes.all().find((l) => l.key === 'I-1001/P1')!;
    expect(p1.segments.map((s) => [s.state, new Date(s.start).toISOString(), new Date(s.end).toISOString()])).toEqual([
      ['established', '2026-11-24T10:00:00.000Z', '2026-11-24T10:00:31.000Z'],
      ['hold', '2026-11-24T10:00:31.000Z', '2026-11-24T10:00:52.045Z'],
      ['established', '2026-11-24T10:00:52.045Z', '2026-11-24T10:02:10.000Z'],
    ]);
    const header = model.lanes.get(0);
    expect(header.segments.map((s) => s.state)).toEqual(['added', 'present', 'notcontrolled']);
    expect(header.segments[1].end).toBe(ms('2026-11-24T10:02:10.030Z'));
  });

  it('places every record of an interaction as a marker on its lanes, in time order', () => {
    for (const id of ['I-1001', 'I-consult']) {
      const mine = model.lanes.all().filter((l) => l.interactionId === id);
      const marked = new Set(mine.flatMap((l) => Array.from(l.markerIndexes)));
      expect([...marked].sort((a, b) => a - b)).toEqual([...consult.trace.interactions.get(id)!.records]);
      for (const l of mine) {
        for (let i = 1; i < l.markerTimes.length; i++) expect(l.markerTimes[i]).toBeGreaterThanOrEqual(l.markerTimes[i - 1]);
      }
    }
    const header = model.lanes.get(0);
    expect(Array.from(header.markerIndexes)).toContain(indexOf(consult.records, 'interaction.added'));
  });

  it('draws the merge from the consult header lane to the primary one and the divert between party lanes', () => {
    const merge = model.links.find((l) => l.kind === 'merge')!;
    expect(model.lanes.get(merge.fromLane).key).toBe('I-consult');
    expect(model.lanes.get(merge.toLane).key).toBe('I-1001');
    expect(merge).toMatchObject({ type: 'transfer', index: indexOf(consult.records, 'interaction.onmerge'), time: ms('2026-11-24T10:00:52.000Z') });
    const divert = model.links.find((l) => l.kind === 'divert')!;
    expect([model.lanes.get(divert.fromLane).key, model.lanes.get(divert.toLane).key]).toEqual(['I-1001/P2', 'I-1001/P3']);
  });

  it('spans each request from the action to its result, with its latency', () => {
    expect(model.requests).toEqual([
      expect.objectContaining({ lane: 0, requestid: 'R1', action: 'redirect', result: 'done', latencyMs: 41, start: ms('2026-11-24T10:00:01.500Z'), end: ms('2026-11-24T10:00:01.541Z') }),
    ]);
  });

  it('keeps only the interactions asked for', () => {
    const only = lanes(consult.trace, consult.records, ['I-consult']);
    expect(only.lanes.all().map((l) => l.key)).toEqual(['I-consult', 'I-consult/P4', 'I-consult/P5']);
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
    const lane = lanes(trace, records).lanes.get(0);
    expect(Array.from(lane.markerIndexes)).toEqual([1, 0, 2]);
    expect(firstMarkerAtOrAfter(lane.markerTimes, ms('2026-11-24T10:00:02.000Z'))).toBe(1);
  });

  it('falls back to record indexes when no record has a time', () => {
    const text = ndjson([{ name: 'interaction.added', data: { interactionid: 'I1' } }, { name: 'interaction.present', data: { interactionid: 'I1' } }])
      .split('\n').map((l) => { const o = JSON.parse(l); delete o.ts; return JSON.stringify(o); }).join('\n');
    const { trace, records } = loadTrace(text);
    const model = lanes(trace, records);
    expect(model.axis).toBe('index');
    expect(Array.from(model.lanes.get(0).markerTimes)).toEqual([0, 1]);
  });
});

describe('lanes made when read', () => {
  const text = readFileSync('public/samples/mixed-10k.ndjson', 'utf8');
  const parsed = parseInput({ name: 'mixed-10k.ndjson', content: text }, 0).records;

  /** Everything a model shows, made into plain data. */
  const shown = (model: TimelineModel) => ({
    lanes: model.lanes.all().map((l) => ({ ...l, markerTimes: Array.from(l.markerTimes), markerIndexes: Array.from(l.markerIndexes) })),
    links: model.links,
    requestsOn: model.lanes.all().map((_, i) => model.requestsOn(i)),
    requests: model.requests,
    partyStates: model.partyStates,
    start: model.start,
    end: model.end,
  });

  /** The whole sample applied to one trace, and its records. */
  const grown = () => {
    const growing = createTrace();
    const list: TraceRecord[] = [];
    for (let i = 0; i < parsed.length; i++) {
      const r = { ...parsed[i], index: i };
      list.push(r);
      apply(growing, r);
    }
    return { growing, list };
  };

  it('show the trace as it was when the model was made, though the trace grew before they were read', () => {
    for (const k of [1, 17, 600, 2500, 5003, parsed.length - 1]) {
      const growing = createTrace();
      const list: TraceRecord[] = [];
      const take = (upTo: number) => {
        for (let i = list.length; i < upTo; i++) {
          const r = { ...parsed[i], index: i };
          list.push(r);
          apply(growing, r);
        }
      };
      take(k);
      const early = lanes(growing, list);
      take(parsed.length);
      const fresh = createTrace();
      const prefix = parsed.slice(0, k).map((r, i) => ({ ...r, index: i }));
      for (const r of prefix) apply(fresh, r);
      expect(shown(early), `after ${k} records`).toEqual(shown(lanes(fresh, prefix)));
      // Read by lane, the requests are the model's requests of that lane.
      const late = lanes(growing, list);
      const byLane = late.lanes.all().map((_, i) => late.requestsOn(i));
      expect(byLane.flat().sort((a, b) => a.sentIndex - b.sentIndex)).toEqual(late.requests);
      byLane.forEach((spans, i) => spans.forEach((r) => expect(r.lane).toBe(i)));
    }
  });

  it('find the party states in steps as in one go, for a model of part of the trace', () => {
    const { growing, list } = grown();
    const whole = lanes(growing, list).partyStates;
    const oneGo = lanes(growing, list.slice(0, 9000)).partyStates;
    // A step at a time: `more` says no at every look, so each call reads one step.
    const model = lanes(growing, list.slice(0, 9000));
    expect(model.lanes.ids.length).toBeGreaterThan(600);
    let calls = 0;
    let states: string[] | null = null;
    while (states === null) {
      states = model.partyStatesIn(() => false);
      calls++;
    }
    expect(calls).toBeGreaterThan(2);
    expect(states).toEqual(oneGo);
    // Once found, they are kept: the getter and later calls give the same list.
    expect(model.partyStatesIn(() => false)).toBe(states);
    expect(model.partyStates).toBe(states);
    // With time to spare, one call does it all.
    expect(lanes(growing, list.slice(0, 9000)).partyStatesIn(() => true)).toEqual(oneGo);
    expect(new Set(whole)).toEqual(new Set([...whole, ...oneGo]));
  });

  it('find each interaction\'s lanes by id in a model of the whole trace, made early or late', () => {
    const { growing, list } = grown();
    // Made from the first 4001 records of the grown trace: interactions made later have no lanes.
    const early = lanes(growing, list.slice(0, 4001));
    const late = lanes(growing, list);
    const ids = [...growing.interactions.keys()];
    const wrong: string[] = [];
    for (const model of [early, late]) {
      model.lanes.ids.forEach((id, k) => {
        if (model.lanes.position(id) !== k || model.lanes.header(id) !== model.lanes.group(model.lanes.header(id)!).first) wrong.push(id);
      });
      for (const id of ids.filter((x) => !model.lanes.ids.includes(x))) if (model.lanes.position(id) !== undefined) wrong.push(`${id} not shown`);
    }
    expect(early.lanes.ids.length).toBeLessThan(late.lanes.ids.length);
    expect(late.lanes.position('no such interaction')).toBeUndefined();
    // Interactions that one record made together share a first record: three in a row made so.
    const trio = [...growing.interactions.values()].slice(100, 103);
    trio[0].firstIndex = trio[1].firstIndex = trio[2].firstIndex;
    const tied = lanes(growing, list);
    for (const ixn of trio) if (tied.lanes.ids[tied.lanes.position(ixn.id)!] !== ixn.id) wrong.push(`tied ${ixn.id}`);
    // A trace whose interactions are not in first-record order (not one the reducer makes): looked up by a map.
    const [first] = growing.interactions;
    growing.interactions.delete(first[0]);
    growing.interactions.set(first[0], first[1]);
    const reordered = lanes(growing, list);
    reordered.lanes.ids.forEach((id, k) => {
      if (reordered.lanes.position(id) !== k) wrong.push(`reordered ${id}`);
    });
    expect(wrong).toEqual([]);
  });

  it('label lanes with the media and resources known when the model was made', () => {
    const lines = ndjson([
      { name: 'interaction.partystatechanged', data: { interactionid: 'I1', partyid: 'P1', partystate: 'ringing' } },
      { name: 'interaction.added', data: { interactionid: 'I1', media: 'voice', type: 'Inbound' } },
      { name: 'interaction.partystatechanged', data: { interactionid: 'I1', partyid: 'P1', focusresource: '7001', partystate: 'established' } },
    ]);
    const all = parseInput({ name: 't.ndjson', content: lines }, 0).records.map((r, i) => ({ ...r, index: i }));
    const trace = createTrace();
    const list: TraceRecord[] = [all[0]];
    apply(trace, all[0]);
    const early = lanes(trace, list);
    for (const r of all.slice(1)) {
      list.push(r);
      apply(trace, r);
    }
    expect(early.lanes.all().map((l) => [l.label, l.resource])).toEqual([['I1', null], ['P1', null]]);
    expect(lanes(trace, list).lanes.all().map((l) => [l.label, l.resource])).toEqual([['I1 · voice Inbound', null], ['P1 7001', '7001']]);
  });

  it('read only the records of the interactions whose lanes are read', () => {
    const { trace, records } = loadTrace(text);
    let reads = 0;
    const counted: Records = {
      length: records.length,
      get: (i) => {
        reads++;
        return records[i];
      },
      time: (i) => records[i].time,
      name: (i) => (records[i].kind === 'event' ? (records[i] as { name: string }).name : (records[i] as { action: string }).action),
      kind: (i) => records[i].kind,
      session: (i) => records[i].session,
      file: (i) => records[i].file,
      nameKey: () => 0,
      sessionKey: () => 0,
      fileKey: () => 0,
    };
    const model = lanes(trace, counted);
    expect(model.lanes.length).toBeGreaterThan(1000);
    expect(reads).toBe(0);
    const last = model.lanes.get(model.lanes.length - 1);
    const ixn = trace.interactions.get(last.interactionId)!;
    expect(reads).toBe(ixn.records.length);
    const { first, end } = model.lanes.group(model.lanes.length - 1);
    expect(model.lanes.header(last.interactionId)).toBe(first);
    expect(end).toBe(model.lanes.length);
    expect(model.lanes.get(first).kind).toBe('interaction');
    expect(model.lanes.slice(first, end).map((l) => l.partyId)).toEqual([null, ...[...ixn.parties.keys()]]);
    expect(model.lanes.position(last.interactionId)).toBe(model.lanes.ids.length - 1);
    expect(reads).toBe(ixn.records.length);
    expect(() => model.lanes.get(model.lanes.length)).toThrow(RangeError);
  });

  it('of a selection have the links and requests that the lanes of the whole trace have there', () => {
    const { trace, records } = loadTrace(text);
    const all = lanes(trace, records);
    const key = (m: TimelineModel, lane: number) => m.lanes.get(lane).key;
    let checked = 0;
    const linked = [...trace.interactions.keys()].filter((id) => trace.interactions.get(id)!.links.length > 0).slice(0, 40);
    // Each with the interactions merged with it, then many at once (their links interleave).
    for (const ids of [...linked.map((id) => withMerged(trace, [id])), withMerged(trace, linked)]) {
      const mine = lanes(trace, records, ids);
      const inScope = (k: string) => ids.includes(k.split('/')[0]);
      const expected = all.links
        .map((l) => [l.index, key(all, l.fromLane), key(all, l.toLane)])
        .filter(([, from, to]) => inScope(from as string) && inScope(to as string));
      expect(mine.links.map((l) => [l.index, key(mine, l.fromLane), key(mine, l.toLane)])).toEqual(expected);
      const requests = all.requests.filter((r) => ids.includes(all.lanes.get(r.lane).interactionId));
      expect(mine.requests.map((r) => [r.sentIndex, key(mine, r.lane)])).toEqual(requests.map((r) => [r.sentIndex, key(all, r.lane)]));
      checked += mine.links.length + mine.requests.length;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('finds the requests of a growing trace', () => {
    const trace = createTrace();
    const withRequests = [...new Set(parsed.filter((r) => r.kind === 'action').map((r) => r.data.interactionid as string))].slice(0, 5);
    for (const [i, r] of parsed.entries()) {
      apply(trace, { ...r, index: i });
      if (i % 1000 !== 999 && i !== parsed.length - 1) continue;
      const expected = trace.requests.flatMap((q, k) => (q.interactionid !== null && withRequests.includes(q.interactionid) ? [k] : []));
      expect(requestsOf(trace, withRequests)).toEqual(expected);
      expect(requestsOf(trace, withRequests.slice(0, 1))).toEqual(expected.filter((k) => trace.requests[k].interactionid === withRequests[0]));
    }
    expect(requestsOf(trace, withRequests).length).toBeGreaterThan(5);
  });

  it('give the arrows near any lanes, and the latest before any record, as the whole list has them', () => {
    const { trace, records } = loadTrace(text);
    for (const model of [lanes(trace, records), lanes(trace, records, withMerged(trace, [...trace.interactions.keys()].slice(0, 300)))]) {
      const all = model.links;
      expect(all.length).toBeGreaterThan(50);
      const n = model.lanes.length;
      for (const [first, last] of [[0, 0], [0, 40], [17, 90], [Math.floor(n / 2), Math.floor(n / 2) + 30], [n - 25, n - 1], [0, n - 1]]) {
        const near = (l: { fromLane: number; toLane: number }) => Math.max(l.fromLane, l.toLane) >= first && Math.min(l.fromLane, l.toLane) <= last;
        const key = (l: { index: number; fromLane: number; toLane: number }) => `${l.index}:${l.fromLane}:${l.toLane}`;
        expect(model.linksNear(first, last).map(key).sort(), `lanes ${first}-${last}`).toEqual(all.filter(near).map(key).sort());
      }
      for (const cursor of [-1, 0, all[0].index, all[10].index - 1, Math.floor(records.length / 2), records.length - 1]) {
        const before = all.filter((l) => l.index <= cursor);
        const { listed, earlier } = model.linksUpTo(cursor, 20);
        expect(listed, `cursor ${cursor}`).toEqual(before.slice(Math.max(0, before.length - 20)));
        expect(earlier).toBe(Math.max(0, before.length - 20));
      }
    }
  });

  it("place a long call's ticks in slices, as one pass places them", () => {
    const { trace, records } = loadTrace(text);
    const whole = lanes(trace, records);
    // Every interaction's ticks in slices here (a long call's, in the app).
    const sliced = lanes(trace, records, null, { slicedTicks: 0 });
    const picked = [0, 1, 2, 17, Math.floor(whole.lanes.length / 2), whole.lanes.length - 1];
    for (const i of picked) sliced.lanes.get(i);
    expect(sliced.ticksPending()).toBe(true);
    expect(sliced.lanes.get(picked[5]).markerIndexes).toHaveLength(0);
    let slices = 0;
    while (!sliced.fillTicks(() => false)) slices++;
    expect(slices).toBeGreaterThan(1);
    expect(sliced.ticksPending()).toBe(false);
    for (const i of picked) {
      for (let j = sliced.lanes.group(i).first; j < sliced.lanes.group(i).end; j++) {
        expect(Array.from(sliced.lanes.get(j).markerIndexes), `lane ${j}`).toEqual(Array.from(whole.lanes.get(j).markerIndexes));
        expect(Array.from(sliced.lanes.get(j).markerTimes)).toEqual(Array.from(whole.lanes.get(j).markerTimes));
      }
    }
    expect(whole.ticksPending()).toBe(false);
    // One call of 4,501 records: its ticks in three slices of 2,000 records.
    const lines: Record<string, unknown>[] = [{ name: 'interaction.added', data: { interactionid: 'LONG', parties: [{ partyid: 'P1', focusresource: '+1555', partystate: 'established' }] } }];
    for (let i = 0; i < 4500; i++) lines.push({ name: 'interaction.partystatechanged', data: { interactionid: 'LONG', partyid: `P${1 + (i % 3)}`, partystate: i % 2 ? 'held' : 'established' } });
    const long = loadTrace(ndjson(lines));
    const once = lanes(long.trace, long.records).lanes.all();
    const inSlices = lanes(long.trace, long.records, null, { slicedTicks: 0 });
    inSlices.lanes.get(0);
    let longSlices = 0;
    while (!inSlices.fillTicks(() => false)) longSlices++;
    expect(longSlices).toBe(2);
    expect(inSlices.lanes.all().map((l) => Array.from(l.markerIndexes))).toEqual(once.map((l) => Array.from(l.markerIndexes)));
  });

  it('keeps the axis range of a growing list up to date', () => {
    const list = parsed.slice(0, 3).map((r, i) => ({ ...r, index: i }));
    const first = axisOf(list);
    expect(first.start).toBe(list[0].time);
    const earlier = { ...parsed[3], index: 3, time: list[0].time! - 60_000 };
    const later = { ...parsed[4], index: 4, time: list[2].time! + 60_000 };
    list.push(earlier, later);
    const grown = axisOf(list);
    expect(grown.start).toBe(earlier.time);
    expect(grown.end).toBe(later.time);
  });
});
