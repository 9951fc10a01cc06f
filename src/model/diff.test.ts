import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInput } from './analyze';
import { changeText, diffInteraction, type Change } from './diff';
import { apply, createTrace, finish } from './reducer';
import { interactionAt } from './timeTravel';
import type { TraceRecord } from './types';

function load(text: string) {
  const trace = createTrace();
  const records: TraceRecord[] = parseInput({ name: 't.ndjson', content: text }, 0).records;
  for (const r of records) apply(trace, r);
  finish(trace);
  return { trace, records };
}

const consult = load(readFileSync(new URL('../../public/samples/consult-transfer.ndjson', import.meta.url), 'utf8'));

/** What record `index` changed in interaction `id`. */
function changedBy(id: string, index: number): Change[] {
  return diffInteraction(interactionAt(consult.trace, id, index - 1), interactionAt(consult.trace, id, index));
}

const kinds = (changes: Change[]) => changes.map((c) => `${c.kind} ${c.subject} ${c.from ?? '∅'} → ${c.to ?? '∅'}`);

describe('diffInteraction', () => {
  it('reports the interaction appearing with its parties and udata', () => {
    expect(kinds(changedBy('I-1001', 0))).toEqual([
      'interaction-added I-1001 ∅ → voice Inbound',
      'session S1 ∅ → added',
      'party-added P1 (+15551230001) ∅ → established',
      'party-added P2 (5000) ∅ → queued',
      'udata-set CustomerSegment ∅ → gold',
      'udata-set Language ∅ → en',
    ]);
  });

  it('reports present as a status and session change', () => {
    expect(kinds(changedBy('I-1001', 1))).toEqual(['status status added → present', 'session S1 added → present']);
  });

  it('reports a party state change at the partystatechanged record, and nothing at the record before', () => {
    // record 7: P3 ringing -> established
    expect(kinds(changedBy('I-1001', 7))).toEqual(['party-state P3 (7001) ringing → established']);
    expect(changeText(changedBy('I-1001', 7)[0])).toBe('P3 (7001): ringing → established');
  });

  it('reports a divert link, a deleted party and an added party', () => {
    expect(kinds(changedBy('I-1001', 3))).toEqual(['link-added divert P2 → 7001']);
    expect(kinds(changedBy('I-1001', 5))).toEqual(['party-state P2 (5000) queued → diverted', 'party-deleted P2 (5000) diverted → ∅']);
    expect(kinds(changedBy('I-1001', 6))).toEqual(['party-added P3 (7001) ∅ → ringing']);
  });

  it('reports udata set and removed keys', () => {
    const changes = changedBy('I-1001', 8);
    expect(kinds(changes)).toEqual(['udata-set AgentLogin ∅ → 7001', 'udata-removed Language en → ∅']);
    expect(changes.map(changeText)).toEqual(['udata AgentLogin = 7001', 'udata Language removed (was en)']);
  });

  it('reports the merge on both interactions, and the end of the consult leg', () => {
    const merge = consult.records.findIndex((r) => r.kind === 'event' && r.name === 'interaction.onmerge');
    expect(kinds(changedBy('I-1001', merge))).toEqual(['link-added merge (transfer) I-consult → I-1001']);
    expect(kinds(changedBy('I-consult', merge))).toEqual(['link-added merge (transfer) I-consult → I-1001']);
    const deleted = consult.records.findIndex((r) => r.kind === 'event' && r.name === 'interaction.deleted');
    expect(kinds(changedBy('I-consult', deleted))).toEqual(['status status notcontrolled → deleted', 'session S1 notcontrolled → deleted']);
  });

  it('is empty for a record that does not touch the interaction, and when neither side exists', () => {
    expect(changedBy('I-consult', 3)).toEqual([]);
    expect(diffInteraction(null, null)).toEqual([]);
  });
});
