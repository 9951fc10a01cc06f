/**
 * Time travel: the state after record `index` read from the final state. Every history entry
 * carries the index of the record that made it, so a view at any index is a binary search per
 * history — no snapshot, no replay. `summaryAt` is the fold of the first `index + 1` records,
 * which the property tests compare against a real fold.
 */
import { sortedDiagnostics } from './reducer';
import { plainRequest, type Interaction, type Link, type Party, type PartyStateEntry, type Request, type Stamp, type TraceState } from './state';
import { summarizeDiagnostic, summarizeLink, summarizeRequest, udataObject, type InteractionSummary, type Summary } from './summary';
import { formatIso } from './time';

/** Number of entries of a list sorted by `index` whose index is <= `index`. */
export function countUpTo<T extends { index: number }>(list: readonly T[], index: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].index <= index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Same as `countUpTo` for a sorted list of plain indexes. */
export function countIndexesUpTo(list: ArrayLike<number>, index: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] <= index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A party as the data model saw it after record `index`. */
export interface PartyView {
  partyid: string;
  focusresource: string | null;
  /** Last state at the cursor, null when none was reported yet. */
  state: string | null;
  states: PartyStateEntry[];
  added: Stamp | null;
  /** Set once `partydeleted` happened at or before the cursor. */
  deleted: Stamp | null;
  implicit: boolean;
  /** Index of the record that last changed this party (first appearance or state). */
  lastChange: number;
}

export interface SessionView {
  session: string;
  status: 'held' | 'deleted';
  present: boolean;
  notcontrolled: boolean;
}

/** Overall control state of an interaction at the cursor, for lists and badges. */
export type InteractionStatus = 'added' | 'present' | 'notcontrolled' | 'deleted';

/** `_genesys.ixn.interactions[id]` as the session(s) saw it after record `index`. */
export interface InteractionView {
  id: string;
  media: string | null;
  type: string | null;
  implicit: boolean;
  status: InteractionStatus;
  sessions: SessionView[];
  parties: PartyView[];
  udata: Record<string, unknown>;
  links: Link[];
  abandoned: Interaction['abandoned'];
  added: Stamp | null;
  present: Stamp | null;
  notcontrolled: Stamp | null;
  deleted: Stamp | null;
}

function stampUpTo(stamp: Stamp | null, index: number): Stamp | null {
  return stamp !== null && stamp.index <= index ? stamp : null;
}

export function partyAt(party: Party, index: number): PartyView | null {
  if (party.firstIndex > index) return null;
  const all = party.states;
  const n = countUpTo(all, index);
  const states = n === all.length ? all : all.slice(0, n);
  return {
    partyid: party.partyid,
    focusresource: party.focusIndex <= index ? party.focusresource : null,
    state: n > 0 ? states[n - 1].state : null,
    states,
    added: stampUpTo(party.added, index),
    deleted: stampUpTo(party.deleted, index),
    implicit: party.implicit,
    lastChange: Math.max(party.firstIndex, n > 0 ? states[n - 1].index : -1),
  };
}

interface LifecycleReplay {
  sessions: SessionView[];
  added: Stamp | null;
  present: Stamp | null;
  notcontrolled: Stamp | null;
  deleted: Stamp | null;
}

/** Replays an interaction's (short) lifecycle log up to `index`. */
function replayLifecycle(ixn: Interaction, index: number): LifecycleReplay {
  const sessions = new Map<string, SessionView>();
  let added: Stamp | null = null;
  let present: Stamp | null = null;
  let notcontrolled: Stamp | null = null;
  let deleted: Stamp | null = null;
  const lifecycle = ixn.lifecycle;
  const n = countUpTo(lifecycle, index);
  for (let i = 0; i < n; i++) {
    const e = lifecycle[i];
    const stamp = { at: e.at, index: e.index };
    switch (e.kind) {
      case 'added':
        sessions.set(e.session, { session: e.session, status: 'held', present: false, notcontrolled: false });
        if (!e.implicit && added === null) added = stamp;
        deleted = null;
        break;
      case 'present': {
        const s = sessions.get(e.session);
        if (s) {
          s.present = true;
          s.notcontrolled = false;
        }
        if (present === null) present = stamp;
        break;
      }
      case 'notcontrolled': {
        const s = sessions.get(e.session);
        if (s) s.notcontrolled = true;
        if (notcontrolled === null) notcontrolled = stamp;
        break;
      }
      case 'deleted': {
        const s = sessions.get(e.session);
        if (s) s.status = 'deleted';
        if ([...sessions.values()].every((v) => v.status === 'deleted')) deleted = stamp;
        break;
      }
      default:
        break;
    }
  }
  return { sessions: [...sessions.values()], added, present, notcontrolled, deleted };
}

function statusOf(sessions: SessionView[]): InteractionStatus {
  const held = sessions.filter((s) => s.status === 'held');
  if (held.length === 0) return 'deleted';
  if (held.some((s) => s.present && !s.notcontrolled)) return 'present';
  if (held.some((s) => s.notcontrolled)) return 'notcontrolled';
  return 'added';
}

/** Udata after record `index`: the patches up to it, replayed on an empty object. */
export function udataAt(ixn: Interaction, index: number): Record<string, unknown> {
  const log = ixn.udataLog;
  const n = countUpTo(log, index);
  if (n === log.length) return udataObject(ixn.udata);
  const map = new Map<string, unknown>();
  for (let i = 0; i < n; i++) {
    const { changes } = log[i];
    for (const k of Object.keys(changes)) {
      const v = changes[k];
      if (v === null) map.delete(k);
      else map.set(k, v);
    }
  }
  return Object.fromEntries(map);
}

/** The interaction after record `index`, or null when it had not appeared yet. */
export function interactionAt(state: TraceState, id: string, index: number): InteractionView | null {
  const ixn = state.interactions.get(id);
  if (!ixn || ixn.firstIndex > index) return null;
  const life = replayLifecycle(ixn, index);
  const parties: PartyView[] = [];
  for (const p of ixn.parties.values()) {
    const view = partyAt(p, index);
    if (view) parties.push(view);
  }
  const links: Link[] = [];
  for (const li of ixn.links) {
    const link = state.links[li];
    if (link.index <= index) links.push(link);
  }
  const mediaLog = ixn.mediaLog;
  const m = countUpTo(mediaLog, index);
  const media = m > 0 ? mediaLog[m - 1] : null;
  return {
    id: ixn.id,
    media: media?.media ?? null,
    type: media?.type ?? null,
    implicit: ixn.implicit,
    status: statusOf(life.sessions),
    sessions: life.sessions,
    parties,
    udata: udataAt(ixn, index),
    links,
    abandoned: ixn.abandoned !== null && ixn.abandoned.index <= index ? ixn.abandoned : null,
    // The first interaction.added may find the session already holding the interaction
    // (duplicate-added after an implicit association): the reducer's stamp is the truth.
    added: stampUpTo(ixn.added, index),
    present: life.present,
    notcontrolled: life.notcontrolled,
    deleted: life.deleted,
  };
}

/** Status of an interaction at the cursor, cheap enough for every row of a list. */
export function interactionStatusAt(ixn: Interaction, index: number): InteractionStatus | null {
  if (ixn.firstIndex > index) return null;
  return statusOf(replayLifecycle(ixn, index).sessions);
}

/** A request as known after record `index`: pending until its result's index. */
export function requestAt(request: Request, index: number): Request | null {
  if (request.sentIndex > index) return null;
  if (request.resultIndex === -1 || request.resultIndex <= index) return request;
  return plainRequest(request, { result: 'pending', error: null, description: null, latencyMs: null, resultIndex: -1, resultAt: null });
}

/** A summary at a cursor: the counts of records are the caller's (it holds the records). */
export type SummaryAt = Omit<Summary, 'records' | 'events' | 'actions' | 'rejected'>;

/**
 * The section-4 summary of the first `index + 1` records, without the end-of-trace
 * `pending-request` diagnostics (the trace has not ended there).
 */
export function summaryAt(state: TraceState, index: number): SummaryAt {
  const interactions: InteractionSummary[] = [];
  for (const ixn of state.interactions.values()) {
    const view = interactionAt(state, ixn.id, index);
    if (!view) continue;
    interactions.push({
      id: view.id,
      sessions: view.sessions.map((s) => s.session),
      media: view.media,
      implicit: view.implicit,
      added: view.added ? formatIso(view.added.at) : null,
      present: view.present ? formatIso(view.present.at) : null,
      notcontrolled: view.notcontrolled ? formatIso(view.notcontrolled.at) : null,
      deleted: view.deleted ? formatIso(view.deleted.at) : null,
      abandoned: view.abandoned
        ? { at: formatIso(view.abandoned.at), focusresource: view.abandoned.focusresource, reason: view.abandoned.reason }
        : null,
      udata: view.udata,
      parties: view.parties.map((p) => ({
        partyid: p.partyid,
        focusresource: p.focusresource,
        state: p.state,
        added: p.added ? formatIso(p.added.at) : null,
        deleted: p.deleted ? formatIso(p.deleted.at) : null,
        states: p.states.map((s) => ({ state: s.state, at: formatIso(s.at) })),
      })),
    });
  }
  const requests = state.requests.map((r) => requestAt(r, index)).filter((r): r is Request => r !== null);
  const diagnostics = sortedDiagnostics(state).filter((d) => d.rule !== 'pending-request' && d.recordIndex <= index);
  return {
    interactions,
    links: state.links.filter((l) => l.index <= index).map(summarizeLink),
    requests: requests.map(summarizeRequest),
    diagnostics: diagnostics.map(summarizeDiagnostic),
  };
}
