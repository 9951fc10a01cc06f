/**
 * Deterministic layout of the party graph with dagre, in two levels: parties inside each
 * interaction (left to right along divert / transfer / conference links), then the interactions
 * as boxes joined by their merges. Two levels because dagre cannot route edges to a compound
 * node, and a merge joins two interactions, not two parties.
 *
 * The layout is computed for the graph at the END of the trace and reused at every cursor, so
 * scrubbing never moves a node: a party simply appears in its place, and a destination that
 * is not a party yet takes the place of the party it becomes.
 */
import dagre from '@dagrejs/dagre';
import type { GraphNode, PartyGraph } from '../../model/views/graph';

export const PARTY_SIZE = { width: 176, height: 58 };
export const RESOURCE_SIZE = { width: 132, height: 40 };
export const GROUP_HEADER = 34;
export const GROUP_PAD = 14;
/** More parties than this that no link within their interaction touches are laid out in a grid. */
export const GRID_AFTER = 8;
const GRID_GAP = 14;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  /** Group boxes in absolute coordinates. */
  groups: Map<string, Box>;
  /** Node boxes relative to their group's top-left corner. */
  nodes: Map<string, Box>;
  width: number;
  height: number;
}

export function nodeSize(node: Pick<GraphNode, 'kind'>): { width: number; height: number } {
  return node.kind === 'party' ? PARTY_SIZE : RESOURCE_SIZE;
}

/**
 * dagre's graphlib keeps nodes and edges in plain objects keyed by their ids, so an id taken from
 * the trace (`hasOwnProperty`, `__proto__`, `constructor`...) would collide with Object.prototype.
 * dagre only ever sees keys made here (`n0`, `n1`, ...); the boxes are mapped back to real ids.
 */
class DagreKeys {
  private readonly keys = new Map<string, string>();
  key(id: string): string {
    let k = this.keys.get(id);
    if (k === undefined) {
      k = `n${this.keys.size}`;
      this.keys.set(id, k);
    }
    return k;
  }
  has(id: string): boolean {
    return this.keys.has(id);
  }
}

/** Layout of `graph` (normally the graph at the last record, see the file comment). */
export function layoutGraph(graph: PartyGraph): GraphLayout {
  const nodes = new Map<string, Box>();
  const groupSize = new Map<string, { width: number; height: number }>();

  for (const group of graph.groups) {
    const members = graph.nodes.filter((n) => n.interactionId === group.id);
    const keys = new DagreKeys();
    const g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 84, marginx: 0, marginy: 0 });
    g.setDefaultEdgeLabel(() => ({}));
    // Parties no link within the interaction touches: dagre stacks them in one column (a call
    // with 202 parties drew a strip about 14,000 px tall); past a few they go in a grid below the rest.
    const ids = new Set(members.map((n) => n.id));
    const linked = new Set<string>();
    for (const e of graph.edges) {
      if (e.kind === 'merge' || e.source === e.target || !ids.has(e.source) || !ids.has(e.target)) continue;
      linked.add(e.source);
      linked.add(e.target);
    }
    const unlinked = members.filter((n) => !linked.has(n.id));
    const grid = unlinked.length > GRID_AFTER ? unlinked : [];
    const laidOut = grid.length > 0 ? members.filter((n) => linked.has(n.id)) : members;
    for (const n of laidOut) g.setNode(keys.key(n.id), { ...nodeSize(n) });
    let edge = 0;
    for (const e of graph.edges) {
      if (e.kind === 'merge' || !keys.has(e.source) || !keys.has(e.target) || e.source === e.target) continue;
      g.setEdge(keys.key(e.source), keys.key(e.target), { minlen: 1 }, `e${edge++}`);
    }
    // Room for the header: id, media/type and status badge (approximate glyph widths).
    const kind = [group.media, group.type].filter(Boolean).join(' · ');
    let width = Math.max(240, 2 * GROUP_PAD + group.id.length * 8 + kind.length * 7 + 130);
    let height = GROUP_HEADER + GROUP_PAD;
    if (members.length > 0) {
      let maxX = 0;
      let maxY = 0;
      if (laidOut.length > 0) dagre.layout(g);
      for (const n of laidOut) {
        const p = g.node(keys.key(n.id));
        const size = nodeSize(n);
        const box = {
          x: GROUP_PAD + p.x - size.width / 2,
          y: GROUP_HEADER + p.y - size.height / 2,
          width: size.width,
          height: size.height,
        };
        nodes.set(n.id, box);
        maxX = Math.max(maxX, box.x + box.width);
        maxY = Math.max(maxY, box.y + box.height);
      }
      // The grid: about twice as wide as tall, in order of first appearance, below the rest.
      const columns = Math.ceil(Math.sqrt(grid.length * 2));
      const top = laidOut.length > 0 ? maxY + GRID_GAP : GROUP_HEADER;
      grid.forEach((n, k) => {
        const size = nodeSize(n);
        const box = {
          x: GROUP_PAD + (k % columns) * (PARTY_SIZE.width + GRID_GAP),
          y: top + Math.floor(k / columns) * (PARTY_SIZE.height + GRID_GAP),
          width: size.width,
          height: size.height,
        };
        nodes.set(n.id, box);
        maxX = Math.max(maxX, box.x + box.width);
        maxY = Math.max(maxY, box.y + box.height);
      });
      width = Math.max(width, maxX + GROUP_PAD);
      height = maxY + GROUP_PAD;
    }
    groupSize.set(group.id, { width, height });
  }

  const topKeys = new DagreKeys();
  const top = new dagre.graphlib.Graph({ multigraph: true });
  top.setGraph({ rankdir: 'LR', nodesep: 32, ranksep: 150, marginx: 8, marginy: 8 });
  top.setDefaultEdgeLabel(() => ({}));
  for (const group of graph.groups) top.setNode(topKeys.key(group.id), { ...groupSize.get(group.id)! });
  let merge = 0;
  for (const e of graph.edges) {
    if (e.kind !== 'merge' || !topKeys.has(e.source) || !topKeys.has(e.target) || e.source === e.target) continue;
    top.setEdge(topKeys.key(e.source), topKeys.key(e.target), {}, `e${merge++}`);
  }
  dagre.layout(top);
  const groups = new Map<string, Box>();
  let width = 0;
  let height = 0;
  for (const group of graph.groups) {
    const p = top.node(topKeys.key(group.id));
    const size = groupSize.get(group.id)!;
    const box = { x: p.x - size.width / 2, y: p.y - size.height / 2, ...size };
    groups.set(group.id, box);
    width = Math.max(width, box.x + box.width);
    height = Math.max(height, box.y + box.height);
  }
  return { groups, nodes, width, height };
}

/**
 * Where to draw `node` with a layout made for another cursor: its own box, or (for a
 * destination that is not a party yet) the box of the party it becomes; null when unknown.
 */
export function boxOf(layout: GraphLayout, node: Pick<GraphNode, 'id' | 'kind' | 'becomes'>): Box | null {
  const own = layout.nodes.get(node.id);
  if (own) return own;
  const later = node.becomes ? layout.nodes.get(node.becomes) : undefined;
  if (!later) return null;
  const size = nodeSize(node);
  return { x: later.x + (later.width - size.width) / 2, y: later.y + (later.height - size.height) / 2, ...size };
}
