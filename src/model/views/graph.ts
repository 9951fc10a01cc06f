/**
 * The party graph at a cursor, as data: one group per interaction, one node per party, and the
 * links of trace-format.md section 2 as edges. Positions are not computed here (layout is a UI
 * concern with a layout library); this is what the graph says, so it can be unit-tested.
 */
import { countUpTo, interactionAt, type InteractionStatus } from '../timeTravel';
import type { Link, LinkKind, TraceState } from '../state';
import { linkDestination, viewScope } from './scope';

/** An interaction drawn as a group around its parties. */
export interface GraphGroup {
  /** `interactionid` */
  id: string;
  media: string | null;
  type: string | null;
  status: InteractionStatus;
  /** The interaction left its last session before the cursor: drawn faded. */
  faded: boolean;
  /** A lifecycle or media change of this interaction is the record at the cursor. */
  changed: boolean;
}

export interface GraphNode {
  /** `${interactionId}/p/${partyId}` for a party, `${interactionId}/r/${resource}` for a resource. */
  id: string;
  interactionId: string;
  /** A party of the interaction, or a destination resource that is not (yet) a party. */
  kind: 'party' | 'resource';
  partyId: string | null;
  /** `focusresource`, or the destination for a resource node. */
  resource: string | null;
  /** State at the cursor (null before any state, and for resource nodes). */
  state: string | null;
  /** `partydeleted` happened at or before the cursor. */
  deleted: boolean;
  /** Deleted before the cursor: drawn faded, never removed. */
  faded: boolean;
  /** Appeared, changed state or was deleted at the cursor. */
  changed: boolean;
  /** Index of the record that last changed the party at or before the cursor (-1 for resources). */
  lastChange: number;
  /** For a resource node: the party node it becomes later in the trace (lets a layout keep the spot). */
  becomes: string | null;
}

export interface GraphEdge {
  /** `${kind}:${link index}` */
  id: string;
  kind: LinkKind;
  /** Node id, or a group id for merges. */
  source: string;
  target: string;
  /** `transfer` / `conference` for a merge with `hints.type`. */
  type: 'transfer' | 'conference' | null;
  label: string;
  /** Record index of the link event. */
  index: number;
  changed: boolean;
}

export interface PartyGraph {
  groups: GraphGroup[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** No selection and too many interactions to draw them all. */
  tooMany: boolean;
  /** Interactions in the trace (for the "select one of N" prompt). */
  total: number;
}

export function partyNodeId(interactionId: string, partyId: string): string {
  return `${interactionId}/p/${partyId}`;
}

export function resourceNodeId(interactionId: string, resource: string): string {
  return `${interactionId}/r/${resource}`;
}

/** Edge label per link kind, as the spec names the events. */
export function linkLabel(kind: LinkKind, type: 'transfer' | 'conference' | null): string {
  switch (kind) {
    case 'merge':
      return type ? `merge (${type})` : 'merge';
    case 'divert':
      return 'divert';
    case 'singlesteptransfer':
      return 'single-step transfer';
    case 'singlestepconference':
      return 'single-step conference';
  }
}

/** The graph after record `cursor` for the interactions the selection covers. */
export function graphAt(trace: TraceState, cursor: number, selection: string | null): PartyGraph {
  const scope = viewScope(trace, selection);
  const groups: GraphGroup[] = [];
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const shown = new Set<string>();
  const nodeIds = new Set<string>();
  const mergeLinks = new Map<number, Link>();

  for (const id of scope.ids) {
    const view = interactionAt(trace, id, cursor);
    if (!view) continue;
    const ixn = trace.interactions.get(id)!;
    shown.add(id);
    const lifecycle = ixn.lifecycle;
    const mediaLog = ixn.mediaLog;
    const lifeAt = countUpTo(lifecycle, cursor);
    const mediaAt = countUpTo(mediaLog, cursor);
    groups.push({
      id,
      media: view.media,
      type: view.type,
      status: view.status,
      faded: view.deleted !== null && view.deleted.index < cursor,
      changed:
        (lifeAt > 0 && lifecycle[lifeAt - 1].index === cursor) ||
        (mediaAt > 0 && mediaLog[mediaAt - 1].index === cursor),
    });

    for (const p of view.parties) {
      nodeIds.add(partyNodeId(id, p.partyid));
      nodes.push({
        id: partyNodeId(id, p.partyid),
        interactionId: id,
        kind: 'party',
        partyId: p.partyid,
        resource: p.focusresource,
        state: p.state,
        deleted: p.deleted !== null,
        faded: p.deleted !== null && p.deleted.index < cursor,
        changed: p.lastChange === cursor || p.deleted?.index === cursor,
        lastChange: p.lastChange,
        becomes: null,
      });
    }

    const resources = new Set<string>();
    for (const li of ixn.links) {
      const link = trace.links[li];
      if (link.index > cursor) continue;
      if (link.kind === 'merge') {
        mergeLinks.set(li, link);
        continue;
      }
      const source = link.from !== null ? partyNodeId(id, link.from) : null;
      // The destination is drawn as its party once that party exists at the cursor.
      const dest = linkDestination(ixn, link);
      let target: string | null = dest && dest.firstIndex <= cursor ? partyNodeId(id, dest.partyid) : null;
      if (target === null && link.to !== null) {
        target = resourceNodeId(id, link.to);
        if (!resources.has(link.to)) {
          resources.add(link.to);
          nodes.push({
            id: target,
            interactionId: id,
            kind: 'resource',
            partyId: null,
            resource: link.to,
            state: null,
            deleted: false,
            faded: false,
            changed: link.index === cursor,
            lastChange: -1,
            becomes: dest ? partyNodeId(id, dest.partyid) : null,
          });
        }
      }
      if (source === null || target === null || !nodeIds.has(source)) continue;
      edges.push({
        id: `${link.kind}:${li}`,
        kind: link.kind,
        source,
        target,
        type: null,
        label: linkLabel(link.kind, null),
        index: link.index,
        changed: link.index === cursor,
      });
    }
  }

  // A merge is on both interactions' link lists; draw it once, consult (from) -> primary (to).
  for (const [li, link] of [...mergeLinks].sort((a, b) => a[0] - b[0])) {
    if (link.from === null || link.to === null || !shown.has(link.from) || !shown.has(link.to)) continue;
    edges.push({
      id: `merge:${li}`,
      kind: 'merge',
      source: link.from,
      target: link.to,
      type: link.type,
      label: linkLabel('merge', link.type),
      index: link.index,
      changed: link.index === cursor,
    });
  }
  return { groups, nodes, edges, tooMany: scope.tooMany, total: scope.total };
}
