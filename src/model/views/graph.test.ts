import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphAt, partyNodeId, resourceNodeId } from './graph';
import { indexOf, loadTrace, ndjson } from './traceFixture';

const consult = loadTrace(readFileSync('public/samples/consult-transfer.ndjson', 'utf8'));
const merge = indexOf(consult.records, 'interaction.onmerge');
const divert = indexOf(consult.records, 'interaction.ondivert');

describe('graphAt on the consult-transfer sample', () => {
  it('has no merge edge before the onmerge record and one consult -> primary edge from it on', () => {
    const before = graphAt(consult.trace, merge - 1, null);
    expect(before.edges.filter((e) => e.kind === 'merge')).toEqual([]);
    const at = graphAt(consult.trace, merge, null);
    const edges = at.edges.filter((e) => e.kind === 'merge');
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ source: 'I-consult', target: 'I-1001', type: 'transfer', label: 'merge (transfer)', changed: true });
    expect(graphAt(consult.trace, merge + 1, null).edges.find((e) => e.kind === 'merge')?.changed).toBe(false);
  });

  it('draws one group per interaction that exists at the cursor, with its status', () => {
    expect(graphAt(consult.trace, 0, null).groups.map((g) => g.id)).toEqual(['I-1001']);
    const groups = graphAt(consult.trace, merge, null).groups;
    expect(groups.map((g) => [g.id, g.media, g.status])).toEqual([
      ['I-1001', 'voice', 'present'],
      ['I-consult', 'voice', 'present'],
    ]);
    const end = graphAt(consult.trace, consult.records.length - 1, null).groups;
    expect(end.map((g) => [g.id, g.status, g.faded])).toEqual([
      ['I-1001', 'deleted', false],
      ['I-consult', 'deleted', true],
    ]);
  });

  it('points the divert at a resource node until the destination becomes a party', () => {
    const at = graphAt(consult.trace, divert, null);
    const edge = at.edges.find((e) => e.kind === 'divert');
    expect(edge).toMatchObject({ source: partyNodeId('I-1001', 'P2'), target: resourceNodeId('I-1001', '7001'), changed: true });
    expect(at.nodes.find((n) => n.id === resourceNodeId('I-1001', '7001'))).toMatchObject({ kind: 'resource', resource: '7001' });

    const added = indexOf(consult.records, 'interaction.partyadded');
    const later = graphAt(consult.trace, added, null);
    expect(later.edges.find((e) => e.kind === 'divert')?.target).toBe(partyNodeId('I-1001', 'P3'));
    expect(later.nodes.some((n) => n.kind === 'resource')).toBe(false);
  });

  it('keeps deleted parties, marking the deletion at the cursor and fading them after it', () => {
    const deleted = indexOf(consult.records, 'interaction.partydeleted');
    const at = graphAt(consult.trace, deleted, null).nodes.find((n) => n.partyId === 'P2')!;
    expect(at).toMatchObject({ state: 'diverted', deleted: true, faded: false, changed: true });
    const after = graphAt(consult.trace, deleted + 1, null).nodes.find((n) => n.partyId === 'P2')!;
    expect(after).toMatchObject({ deleted: true, faded: true, changed: false });
  });

  it('shows the state of each party at the cursor and marks the one that changed', () => {
    const hold = indexOf(consult.records, 'interaction.partystatechanged', 8);
    const nodes = graphAt(consult.trace, hold, null).nodes;
    expect(nodes.find((n) => n.partyId === 'P1')).toMatchObject({ resource: '+15551230001', state: 'hold', changed: true });
    expect(nodes.filter((n) => n.changed).map((n) => n.partyId)).toEqual(['P1']);
  });

  it('a selection covers the interactions merged with it', () => {
    const g = graphAt(consult.trace, consult.records.length - 1, 'I-consult');
    expect(g.groups.map((x) => x.id)).toEqual(['I-1001', 'I-consult']);
  });
});

describe('graphAt on synthetic traces', () => {
  it('draws single-step conference and transfer edges to the parties they lead to', () => {
    const { trace, records } = loadTrace(ndjson([
      { name: 'interaction.added', data: { interactionid: 'I1', parties: [{ partyid: 'A', focusresource: '7001', partystate: 'established' }] } },
      { name: 'interaction.onsinglestepconference', data: { interactionid: 'I1', conferencingpartyid: 'A', conferencingresource: '7001', conferencingpartystate: 'established', addedpartyid: 'B', addedresource: '7005', addedpartystate: 'ringing' } },
      { name: 'interaction.onsinglesteptransfer', data: { interactionid: 'I1', transferringpartyid: 'A', transferringresource: '7001', transferringpartystate: 'established', newdestination: '8000' } },
    ]));
    const g = graphAt(trace, records.length - 1, null);
    expect(g.edges.map((e) => [e.kind, e.source, e.target, e.label])).toEqual([
      ['singlestepconference', 'I1/p/A', 'I1/p/B', 'single-step conference'],
      ['singlesteptransfer', 'I1/p/A', 'I1/r/8000', 'single-step transfer'],
    ]);
  });

  it('asks for a selection instead of drawing 30 or more interactions', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ name: 'interaction.added', data: { interactionid: `I${i}` } }));
    const { trace, records } = loadTrace(ndjson(many));
    const all = graphAt(trace, records.length - 1, null);
    expect(all).toMatchObject({ tooMany: true, total: 30, groups: [] });
    expect(graphAt(trace, records.length - 1, 'I7').groups.map((g) => g.id)).toEqual(['I7']);
  });
});
