import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphAt, partyNodeId, resourceNodeId } from '../../model/views/graph';
import { loadTrace, ndjson } from '../../model/views/traceFixture';
import { boxOf, GRID_AFTER, layoutGraph, type Box } from './layout';

const consult = loadTrace(readFileSync('public/samples/consult-transfer.ndjson', 'utf8'));
const last = consult.records.length - 1;

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutGraph', () => {
  const graph = graphAt(consult.trace, last, null);
  const layout = layoutGraph(graph);

  it('is deterministic', () => {
    const again = layoutGraph(graphAt(consult.trace, last, null));
    expect([...again.nodes]).toEqual([...layout.nodes]);
    expect([...again.groups]).toEqual([...layout.groups]);
  });

  it('keeps parties inside their interaction box and boxes apart', () => {
    for (const n of graph.nodes) {
      const box = layout.nodes.get(n.id)!;
      const group = layout.groups.get(n.interactionId)!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(group.width);
      expect(box.y + box.height).toBeLessThanOrEqual(group.height);
      for (const m of graph.nodes) {
        if (m.id !== n.id && m.interactionId === n.interactionId) expect(overlaps(box, layout.nodes.get(m.id)!)).toBe(false);
      }
    }
    expect(overlaps(layout.groups.get('I-1001')!, layout.groups.get('I-consult')!)).toBe(false);
  });

  it('puts the consult before the primary it merges into, and the divert target after the diverting party', () => {
    expect(layout.groups.get('I-consult')!.x).toBeLessThan(layout.groups.get('I-1001')!.x);
    expect(layout.nodes.get(partyNodeId('I-1001', 'P2'))!.x).toBeLessThan(layout.nodes.get(partyNodeId('I-1001', 'P3'))!.x);
  });

  it('draws a destination that is not a party yet where that party will be', () => {
    const node = graphAt(consult.trace, 3, null).nodes.find((n) => n.id === resourceNodeId('I-1001', '7001'))!;
    const box = boxOf(layout, node)!;
    const p3 = layout.nodes.get(partyNodeId('I-1001', 'P3'))!;
    expect(box.x + box.width / 2).toBe(p3.x + p3.width / 2);
    expect(box.y + box.height / 2).toBe(p3.y + p3.height / 2);
  });
});

describe('layoutGraph of a call with many parties', () => {
  it('puts the parties no link touches in a grid below the linked ones, inside the box, apart', () => {
    const parties = Array.from({ length: 40 }, (_, i) => ({ partyid: `P${i + 1}`, focusresource: String(7000 + i), partystate: 'established' }));
    const big = loadTrace(
      ndjson([
        { name: 'interaction.added', data: { interactionid: 'CONF', media: 'voice', parties } },
        { name: 'interaction.ondivert', data: { interactionid: 'CONF', divertingpartyid: 'P1', divertingresource: '7000', newdestination: '8000', divertingpartystate: 'diverted' } },
        { name: 'interaction.partyadded', data: { interactionid: 'CONF', partyid: 'P41', focusresource: '8000', partystate: 'ringing' } },
      ]),
    );
    const graph = graphAt(big.trace, big.records.length - 1, null);
    const layout = layoutGraph(graph);
    const group = layout.groups.get('CONF')!;
    const boxes = graph.nodes.map((n) => layout.nodes.get(n.id)!);
    expect(boxes).toHaveLength(41);
    boxes.forEach((box, i) => {
      expect(box.x + box.width).toBeLessThanOrEqual(group.width);
      expect(box.y + box.height).toBeLessThanOrEqual(group.height);
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(box, boxes[j])).toBe(false);
    });
    // The divert's two ends are laid out by dagre, the 39 others in rows below them.
    const p1 = layout.nodes.get(partyNodeId('CONF', 'P1'))!;
    const p41 = layout.nodes.get(partyNodeId('CONF', 'P41'))!;
    const p2 = layout.nodes.get(partyNodeId('CONF', 'P2'))!;
    expect(p1.x).toBeLessThan(p41.x);
    expect(p2.y).toBeGreaterThan(Math.max(p1.y + p1.height, p41.y + p41.height));
    expect(group.width).toBeGreaterThan(group.height);
    expect(39).toBeGreaterThan(GRID_AFTER);
  });

  it('keeps a few unlinked parties in one column, as before', () => {
    const parties = Array.from({ length: GRID_AFTER }, (_, i) => ({ partyid: `P${i + 1}`, focusresource: String(7000 + i), partystate: 'established' }));
    const small = loadTrace(ndjson([{ name: 'interaction.added', data: { interactionid: 'FEW', parties } }]));
    const graph = graphAt(small.trace, 0, null);
    const layout = layoutGraph(graph);
    const xs = new Set(graph.nodes.map((n) => layout.nodes.get(n.id)!.x));
    expect(xs.size).toBe(1);
  });
});

