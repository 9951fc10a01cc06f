/**
 * The reconstructed trace: interactions, parties, links and requests (trace-format.md section 2).
 *
 * Every history entry is stamped with the index of the record that made it, so the state after
 * any record index is a view of the final state (see `timeTravel.ts`): time travel costs a binary
 * search per history, never a copy of the state.
 */
import type { Diagnostic } from './types';

/**
 * When something happened: the record's time (epoch ms, null when unknown) and its index. Stamps
 * are shared (a party's `added` or `deleted` may be the state entry the same record made): never
 * change one in place.
 */
export interface Stamp {
  at: number | null;
  index: number;
}

/** One entry of a party's state history (`partystate` of the event that set it). */
export interface PartyStateEntry extends Stamp {
  state: string;
}

/** A party of `_genesys.ixn.interactions[id].parties[]`. */
export interface Party {
  /** `partyid` */
  partyid: string;
  /** `focusresource`: the device id of the party. */
  focusresource: string | null;
  /** Index of the record that told `focusresource` (it may come after the party's first event). */
  focusIndex: number;
  /** `partyadded` (or the added party of `onsinglestepconference`); null when known from `interaction.added` or created implicitly. */
  added: Stamp | null;
  /** First `partydeleted`. */
  deleted: Stamp | null;
  /** Created because an event named a party the interaction did not have. */
  implicit: boolean;
  /** Index of the record where the party first appeared. */
  firstIndex: number;
  states: PartyStateEntry[];
}

export type LifecycleKind = 'added' | 'present' | 'notcontrolled' | 'deleted' | 'abandoned' | 'restored';

export interface LifecycleEntry extends Stamp {
  session: string;
  kind: LifecycleKind;
  /** For a session's association created by an event other than added. */
  implicit?: boolean;
}

export interface UdataPatch {
  index: number;
  /**
   * Keys merged, as the record carried them (its `udata` object, shared, never changed: a patch
   * per user-data event costs no copy of it); a `null` value removes the key.
   */
  changes: Readonly<Record<string, unknown>>;
}

/** An interaction as the sessions of the trace saw it. */
export interface Interaction {
  /** `interactionid` */
  id: string;
  firstIndex: number;
  firstAt: number | null;
  /** First named by an event other than `interaction.added`. */
  implicit: boolean;
  /** Sessions that held it, in order of first association. */
  sessions: string[];
  /** `media` of `interaction.added` (an extension); a later value replaces. */
  media: string | null;
  /** `type` of `interaction.added` (an extension), e.g. Inbound. */
  type: string | null;
  added: Stamp | null;
  present: Stamp | null;
  notcontrolled: Stamp | null;
  /** When it left its last session; null while a session holds it. */
  deleted: Stamp | null;
  /** First `interaction.abandoned`. */
  abandoned: (Stamp & { focusresource: string | null; reason: string | null }) | null;
  /** Current user data (no prototype: keys come from the trace). */
  udata: Record<string, unknown>;
  udataLog: UdataPatch[];
  mediaLog: { index: number; media: string | null; type: string | null }[];
  parties: Map<string, Party>;
  /** How many sessions hold it now. */
  held: number;
  lifecycle: LifecycleEntry[];
  /** Indexes of every record that names it (events, actions and their results). */
  records: number[];
  /** Indexes into `TraceState.links` of links on it. */
  links: number[];
  /** Diagnostics pointing at it. */
  problems: number;
}

export type LinkKind = 'divert' | 'singlesteptransfer' | 'singlestepconference' | 'merge';

/** A divert, single-step transfer, single-step conference or merge. */
export interface Link extends Stamp {
  kind: LinkKind;
  /** For merge the `tointeractionid`, else the interaction of the event. */
  interactionid: string;
  /** Party id that acted, or `frominteractionid` for merge. */
  from: string | null;
  /** New destination, added party's resource, or `tointeractionid` for merge. */
  to: string | null;
  /** Merge type from `hints.type`: transfer or conference; else null. */
  type: 'transfer' | 'conference' | null;
  session: string;
  /** For singlestepconference, the added party id. */
  partyid?: string | null;
}

export type RequestResult = 'done' | 'error' | 'pending';

/** An action and, once it arrived, its `interaction.<action>.done` / `error.interaction.<action>`. */
export interface Request {
  requestid: string;
  /** Action name without `ixn:`. */
  action: string;
  session: string;
  interactionid: string | null;
  sent: number | null;
  sentIndex: number;
  file: string;
  fileIndex: number;
  line: number;
  result: RequestResult;
  error: string | null;
  description: string | null;
  latencyMs: number | null;
  resultIndex: number;
  resultAt: number | null;
}

/** How a session holds an interaction. */
export interface SessionInteraction {
  status: 'held' | 'deleted';
  present: boolean;
  notcontrolled: boolean;
}

export interface SessionState {
  id: string;
  interactions: Map<string, SessionInteraction>;
  /**
   * Every requestid the session's actions used, with its requests still unanswered, oldest first
   * (an empty list once all were answered). One map where a map and a set were: an action cost
   * four lookups of its requestid, a result two.
   */
  requests: Map<string, Request[]>;
}

export interface TraceState {
  /** Kept records applied. */
  recordCount: number;
  events: number;
  actions: number;
  /** Lines that could not be read as records. */
  rejected: number;
  interactions: Map<string, Interaction>;
  sessions: Map<string, SessionState>;
  links: Link[];
  requests: Request[];
  /** In the order found; `sortedDiagnostics` orders them by file and line. */
  diagnostics: Diagnostic[];
  /** `finish` ran: pending requests are diagnosed. */
  finished: boolean;
  /**
   * Keep the index-stamped histories time travel reads (record lists, lifecycle, udata and media
   * logs). The CLI, which needs only the end state, turns them off to allocate less.
   */
  history: boolean;
}

export function createTrace(options: { history?: boolean } = {}): TraceState {
  return {
    recordCount: 0,
    events: 0,
    actions: 0,
    rejected: 0,
    interactions: new Map(),
    sessions: new Map(),
    links: [],
    requests: [],
    diagnostics: [],
    finished: false,
    history: options.history ?? true,
  };
}
