import { describe, expect, it } from 'vitest';
import { TraceParser } from '../../model/parser';
import { apply, createTrace, finish } from '../../model/reducer';
import { filterInteractions, gatherSearchTexts, indexInteractions, interactionRowAt, lifetimeOf } from './interactionRows';

const lines = [
  { ts: '2026-01-01T00:00:00Z', session: 'S1', name: 'interaction.added', data: { interactionid: 'I1', media: 'voice', parties: [{ partyid: 'P1', focusresource: '+1555', partystate: 'established' }] } },
  { ts: '2026-01-01T00:00:01Z', session: 'S1', name: 'interaction.present', data: { interactionid: 'I1' } },
  { ts: '2026-01-01T00:00:02Z', session: 'S1', name: 'interaction.added', data: { interactionid: 'I2', media: 'voice' } },
  { ts: '2026-01-01T00:00:03Z', session: 'S1', name: 'interaction.partyadded', data: { interactionid: 'I2', partyid: 'P9', focusresource: '7002', partystate: 'ringing' } },
  { ts: '2026-01-01T00:00:04Z', session: 'S1', name: 'interaction.onmerge', data: { interactionid: 'I1', frominteractionid: 'I2', tointeractionid: 'I1', hints: { type: 'transfer' } } },
  { ts: '2026-01-01T00:00:06Z', session: 'S1', name: 'interaction.deleted', data: { interactionid: 'I2' } },
];

function build() {
  const p = new TraceParser('t.ndjson');
  const records = p.push(lines.map((l) => JSON.stringify(l)).join('\n')).records.concat(p.end().records);
  const trace = createTrace();
  for (const r of records) apply(trace, r);
  finish(trace);
  return { trace, records };
}

describe('interaction list rows', () => {
  it('filters on id, media, party ids and resources, every term required', () => {
    const index = indexInteractions(build().trace);
    expect(index.ids).toEqual(['I1', 'I2']);
    expect(filterInteractions(index, '')).toEqual(['I1', 'I2']);
    expect(filterInteractions(index, '7002')).toEqual(['I2']);
    expect(filterInteractions(index, 'VOICE p1')).toEqual(['I1']);
    expect(filterInteractions(index, 'nothing')).toEqual([]);
  });

  it('finds what a later batch adds to an interaction: a party, a session, a resource, media', () => {
    const more = [
      { ts: '2026-01-01T00:00:07Z', session: 'S2', name: 'interaction.present', data: { interactionid: 'I1' } },
      { ts: '2026-01-01T00:00:07Z', session: 'S1', name: 'interaction.partyadded', data: { interactionid: 'I1', partyid: 'P7', partystate: 'dialing' } },
      { ts: '2026-01-01T00:00:08Z', session: 'S1', name: 'interaction.partystatechanged', data: { interactionid: 'I3', partyid: 'P5', partystate: 'held' } },
      { ts: '2026-01-01T00:00:09Z', session: 'S1', name: 'interaction.partystatechanged', data: { interactionid: 'I3', partyid: 'P5', focusresource: '7040', partystate: 'held' } },
      { ts: '2026-01-01T00:00:10Z', session: 'S1', name: 'interaction.added', data: { interactionid: 'I3', media: 'chat' } },
    ];
    const p = new TraceParser('t.ndjson');
    const records = p.push([...lines, ...more].map((l) => JSON.stringify(l)).join('\n')).records.concat(p.end().records);
    const trace = createTrace();
    const upTo = (n: number) => {
      for (let i = trace.recordCount; i < n; i++) {
        records[i].index = i;
        apply(trace, records[i]);
      }
      return indexInteractions(trace);
    };
    // Each index is one version of the trace (the records of `more` applied so far); the texts
    // of the earlier ones are kept.
    const versions: [number, Record<string, string[]>][] = [
      [0, { s2: [], p5: [] }],
      [1, { s2: ['I1'], p7: [] }],
      [3, { p7: ['I1'], p5: ['I3'], '7040': [] }],
      [4, { '7040': ['I3'], chat: [] }],
      [5, { chat: ['I3'], 'p5 CHAT 7040': ['I3'] }],
    ];
    for (const [applied, found] of versions) {
      const index = upTo(lines.length + applied);
      for (const [filter, ids] of Object.entries(found)) expect(filterInteractions(index, filter), `${filter} after ${applied}`).toEqual(ids);
    }
  });

  it('gathers search texts in slices, and a filter finishes what idle time left', () => {
    const many = Array.from({ length: 600 }, (_, i) => ({
      ts: '2026-01-01T00:00:00Z',
      session: 'S1',
      name: 'interaction.added',
      data: { interactionid: `X${i}`, media: i % 2 === 0 ? 'voice' : 'email' },
    }));
    const p = new TraceParser('t.ndjson');
    const records = p.push(many.map((l) => JSON.stringify(l)).join('\n')).records.concat(p.end().records);
    const trace = createTrace();
    for (const r of records) apply(trace, r);
    const index = indexInteractions(trace);
    let slices = 0;
    expect(gatherSearchTexts(index, () => ++slices < 2)).toBe(false);
    expect(index.texts.length).toBeGreaterThan(0);
    expect(index.texts.length).toBeLessThan(600);
    expect(filterInteractions(index, 'x59')).toEqual(['X59', ...Array.from({ length: 10 }, (_, i) => `X${590 + i}`)]);
    expect(index.texts.length).toBe(600);
    expect(filterInteractions(index, 'email').length).toBe(300);
    expect(gatherSearchTexts(index)).toBe(true);
  });

  it('shows status, parties and the merge as of the cursor', () => {
    const { trace } = build();
    const i1 = trace.interactions.get('I1')!;
    const i2 = trace.interactions.get('I2')!;
    expect(interactionRowAt(trace, i2, 1).status).toBeNull();
    expect(interactionRowAt(trace, i1, 3)).toMatchObject({ status: 'present', merges: [] });
    expect(interactionRowAt(trace, i1, 4).merges).toEqual([{ direction: 'into', other: 'I2', type: 'transfer' }]);
    expect(interactionRowAt(trace, i2, 5)).toMatchObject({ status: 'deleted', merges: [{ direction: 'from', other: 'I1', type: 'transfer' }] });
    expect(interactionRowAt(trace, i2, 2).parties).toEqual([]);
    expect(interactionRowAt(trace, i2, 3).parties.map((p) => [p.partyid, p.focusresource, p.state])).toEqual([['P9', '7002', 'ringing']]);
  });

  it('lifetime runs from added to deleted, or to the last record while open', () => {
    const { trace, records } = build();
    expect(lifetimeOf(trace.interactions.get('I2')!, records)).toEqual({ ms: 4000, open: false });
    expect(lifetimeOf(trace.interactions.get('I1')!, records)).toEqual({ ms: 4000, open: true });
  });
});
