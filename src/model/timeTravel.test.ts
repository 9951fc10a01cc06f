import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseInput } from './analyze';
import { apply, createTrace, finish } from './reducer';
import { summarize } from './summary';
import { interactionAt, summaryAt } from './timeTravel';

const samples = fileURLToPath(new URL('../../public/samples/', import.meta.url));

function foldSummary(records: ReturnType<typeof parseInput>['records'], n: number) {
  const state = createTrace();
  for (const r of records.slice(0, n)) apply(state, { ...r, issues: r.issues?.map((d) => ({ ...d })) });
  const { records: _r, events: _e, actions: _a, rejected: _j, ...rest } = summarize(state);
  return rest;
}

describe('time travel', () => {
  for (const file of readdirSync(samples).filter((f) => f.endsWith('.ndjson')).slice(0, 6)) {
    it(`state at every index equals the fold of the records up to it (${file})`, () => {
      const parsed = parseInput({ name: file, content: readFileSync(samples + file, 'utf8') }, 0);
      const records = parsed.records.map((r) => ({ ...r, issues: r.issues?.map((d) => ({ ...d })) }));
      const state = createTrace();
      for (const r of records) apply(state, r);
      finish(state);
      const step = Math.max(1, Math.floor(records.length / 60));
      for (let i = 0; i < records.length; i += step) {
        expect(summaryAt(state, i), `${file} at ${i}`).toEqual(foldSummary(parsed.records, i + 1));
      }
    });
  }

  it('shows the consult leg before the merge and the merge link after it', () => {
    const file = 'consult-transfer.ndjson';
    const parsed = parseInput({ name: file, content: readFileSync(samples + file, 'utf8') }, 0);
    const state = createTrace();
    for (const r of parsed.records) apply(state, r);
    const merge = parsed.records.findIndex((r) => r.kind === 'event' && r.name === 'interaction.onmerge');
    const before = interactionAt(state, 'I-1001', merge - 1)!;
    const after = interactionAt(state, 'I-1001', merge)!;
    expect(before.links.map((l) => l.kind)).toEqual(['divert']);
    expect(after.links.map((l) => [l.kind, l.type])).toEqual([['divert', null], ['merge', 'transfer']]);
    expect(interactionAt(state, 'I-consult', 0)).toBeNull();
    expect(before.parties.find((p) => p.partyid === 'P1')!.state).toBe('hold');
    expect(interactionAt(state, 'I-consult', merge + 4)!.status).toBe('deleted');
  });

  it('replays user data key by key, removals included, from the records it came in', () => {
    const lines = [
      { ts: 1, session: 'S1', name: 'interaction.added', data: { interactionid: 'I1', udata: { a: 1, b: 2 } } },
      { ts: 2, session: 'S1', name: 'interaction.udata.changed', data: { interactionid: 'I1', udata: { a: null, c: { n: 3 } } } },
      { ts: 3, session: 'S1', name: 'interaction.udata.changed', data: { interactionid: 'I1', udata: { b: null } } },
      { ts: 4, session: 'S1', name: 'interaction.udata.changed', data: { interactionid: 'I1', udata: {} } },
    ];
    const parsed = parseInput({ name: 'u.ndjson', content: lines.map((l) => JSON.stringify(l)).join('\n') }, 0);
    const state = createTrace();
    for (const r of parsed.records) apply(state, r);
    expect([0, 1, 2, 3].map((i) => interactionAt(state, 'I1', i)!.udata)).toEqual([{ a: 1, b: 2 }, { b: 2, c: { n: 3 } }, { c: { n: 3 } }, { c: { n: 3 } }]);
    // An empty change is no patch; the record's own data is never changed by the reducer.
    expect(state.interactions.get('I1')!.udataLog.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(parsed.records[1].data.udata).toEqual({ a: null, c: { n: 3 } });
  });
});
