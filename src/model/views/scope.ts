/**
 * Which interactions a view shows, and which records name which party. Shared by the party
 * graph, the timeline lanes and the ladder so the three views always agree on what "the
 * selection" covers: the selected interaction plus every interaction joined to it by `onmerge`
 * (a consult and its primary are one call to the person debugging it).
 */
import { idText } from '../ids';
import { asRecords, type Records } from '../records';
import type { Interaction, Link, Party, Request, TraceState } from '../state';
import type { TraceRecord } from '../types';

/** Above this many interactions a view without a selection asks for one instead of drawing all. */
export const MAX_UNSELECTED_INTERACTIONS = 30;

/**
 * `ids` plus every interaction reachable from them through merge links (both directions,
 * transitively), in order of first appearance in the trace. Unknown ids are dropped.
 */
export function withMerged(trace: TraceState, ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = ids.filter((id) => trace.interactions.has(id));
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const ixn = trace.interactions.get(id)!;
    for (const li of ixn.links) {
      const link = trace.links[li];
      if (link.kind !== 'merge') continue;
      for (const other of [link.from, link.to]) {
        if (other !== null && !seen.has(other) && trace.interactions.has(other)) queue.push(other);
      }
    }
  }
  return [...seen].sort((a, b) => trace.interactions.get(a)!.firstIndex - trace.interactions.get(b)!.firstIndex);
}

/** Positions in `trace.links` of the links on any of `ids`, in trace order. */
export function linksOf(trace: TraceState, ids: readonly string[]): number[] {
  const out = new Set<number>();
  for (const id of ids) for (const li of trace.interactions.get(id)?.links ?? []) out.add(li);
  return [...out].sort((a, b) => a - b);
}

/**
 * Positions in `trace.requests` of the requests naming each interaction, kept per trace and
 * extended as it grows (a request's interaction is the one its action named: it never changes).
 */
interface RequestPositions {
  list: Request[];
  count: number;
  byInteraction: Map<string, number[]>;
}
const requestPositions = new WeakMap<TraceState, RequestPositions>();

function positionsOf(trace: TraceState): RequestPositions {
  let kept = requestPositions.get(trace);
  if (kept === undefined || kept.list !== trace.requests || kept.count > trace.requests.length) {
    kept = { list: trace.requests, count: 0, byInteraction: new Map() };
    requestPositions.set(trace, kept);
  }
  return kept;
}

/** Reads requests `kept.count`... `upTo - 1` into `kept`. */
function readRequestPositions(kept: RequestPositions, trace: TraceState, upTo: number): void {
  for (let i = kept.count; i < upTo; i++) {
    const id = trace.requests[i].interactionid;
    if (id === null) continue;
    const list = kept.byInteraction.get(id);
    if (list) list.push(i);
    else kept.byInteraction.set(id, [i]);
  }
  kept.count = upTo;
}

/**
 * Positions in `trace.requests` of the requests naming any of `ids`, in trace order: a view of one
 * interaction does not read the million-record trace's hundred thousand requests (20 ms).
 */
export function requestsOf(trace: TraceState, ids: readonly string[]): number[] {
  const kept = positionsOf(trace);
  readRequestPositions(kept, trace, trace.requests.length);
  const out: number[] = [];
  for (const id of new Set(ids)) for (const i of kept.byInteraction.get(id) ?? []) out.push(i);
  return ids.length > 1 ? out.sort((a, b) => a - b) : out;
}

/** Requests read between two looks at `more`. */
const REQUESTS_STEP = 4096;

/**
 * Reads the trace's requests for `requestsOf`, `step` at a time while `more()` says so; true once
 * all are read. The page runs it in idle time (with the search index), so that the first view of
 * every interaction of a 1M trace does not read its 95k requests in one task (25 ms of a 92 ms
 * one).
 */
export function indexRequests(trace: TraceState, more: () => boolean = () => true, step = REQUESTS_STEP): boolean {
  const kept = positionsOf(trace);
  for (;;) {
    readRequestPositions(kept, trace, Math.min(trace.requests.length, kept.count + step));
    if (kept.count === trace.requests.length) return true;
    if (!more()) return false;
  }
}

export interface ViewScope {
  /** Interactions to draw, in order of first appearance. */
  ids: string[];
  /** No selection and too many interactions: the view should ask the user to pick one. */
  tooMany: boolean;
  /** Interactions in the trace. */
  total: number;
}

/** The interactions a view shows for a selection (null: all of them, when there are few). */
export function viewScope(trace: TraceState, selection: string | null, limit = MAX_UNSELECTED_INTERACTIONS): ViewScope {
  const total = trace.interactions.size;
  if (selection !== null && trace.interactions.has(selection)) {
    return { ids: withMerged(trace, [selection]), tooMany: false, total };
  }
  if (total >= limit) return { ids: [], tooMany: true, total };
  return { ids: [...trace.interactions.keys()], tooMany: false, total };
}

/** Attributes through which an event names a party (trace spec, event attribute lists). */
const PARTY_ATTRIBUTES = [
  'partyid',
  'divertingpartyid',
  'transferringpartyid',
  'conferencingpartyid',
  'addedpartyid',
  'activepartyid',
  'heldpartyid',
] as const;

/** Party ids a record names, including the `parties` of `interaction.added`. */
export function partiesNamed(record: TraceRecord): string[] {
  const data = record.data;
  const out: string[] = [];
  for (const attr of PARTY_ATTRIBUTES) {
    const id = idText(data[attr]);
    if (id !== null && !out.includes(id)) out.push(id);
  }
  if (Array.isArray(data.parties)) {
    for (const p of data.parties) {
      if (typeof p !== 'object' || p === null) continue;
      const id = idText((p as Record<string, unknown>).partyid);
      if (id !== null && !out.includes(id)) out.push(id);
    }
  }
  return out;
}

/**
 * Index of the last record of interaction `interactionId` that names party `partyId` at or
 * before `cursor`; when there is none there, the party's last record in the whole trace; -1 when
 * the party is never named.
 */
export function lastPartyRecord(
  trace: TraceState,
  list: Records | readonly TraceRecord[],
  interactionId: string,
  partyId: string,
  cursor: number,
): number {
  const ixn = trace.interactions.get(interactionId);
  if (!ixn) return -1;
  const records = asRecords(list);
  let last = -1;
  const listed = ixn.records;
  for (let i = listed.length - 1; i >= 0; i--) {
    const index = listed[i];
    if (index >= records.length || !partiesNamed(records.get(index)).includes(partyId)) continue;
    if (index <= cursor) return index;
    if (last === -1) last = index;
  }
  return last;
}

/**
 * The party a divert / single-step transfer / single-step conference led to: for a conference
 * the added party; otherwise the first party on the destination resource added at or after the
 * link (the agent that rings next), else the last one that was already there; null when the
 * destination never became a party of the interaction.
 */
export function linkDestination(ixn: Interaction, link: Link): Party | null {
  if (link.kind === 'merge') return null;
  if (link.kind === 'singlestepconference' && link.partyid) {
    const added = ixn.parties.get(link.partyid);
    if (added) return added;
  }
  if (link.to === null) return null;
  let before: Party | null = null;
  for (const p of ixn.parties.values()) {
    if (p.focusresource !== link.to) continue;
    if (p.firstIndex >= link.index) return p;
    before = p;
  }
  return before;
}
