/**
 * The reducer: applies one record to the trace state, finding the protocol problems of
 * trace-format.md section 3 in the same pass. It never throws on trace content; what is wrong
 * becomes a diagnostic and the record is still kept.
 *
 * `apply` appends to the state it is given (histories are append-only and index-stamped, see
 * `state.ts`), so folding a million records costs no copies, and the state after any earlier
 * record stays readable through `timeTravel.ts`.
 */
import { actionSpec, ACTION_NAMES, documentedErrors, eventSpec, isDocumentedError, isInteractionNamespace, type EventSpec } from './catalogue';
import { bareRecord, idText } from './ids';
import { formatIso } from './time';
import { RULE_SEVERITY, type ActionRecord, type Diagnostic, type EventRecord, type RuleId, type TraceRecord } from './types';
import {
  createTrace,
  type Interaction,
  type LifecycleKind,
  type Party,
  type PartyStateEntry,
  type Request,
  type SessionInteraction,
  type SessionState,
  type Stamp,
  type TraceState,
} from './state';

export { createTrace };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function session(state: TraceState, id: string): SessionState {
  let s = state.sessions.get(id);
  if (!s) {
    s = { id, interactions: new Map(), requests: new Map() };
    state.sessions.set(id, s);
  }
  return s;
}

function report(state: TraceState, record: TraceRecord, rule: RuleId, interactionid: string | null, message: string): void {
  state.diagnostics.push({
    severity: RULE_SEVERITY[rule],
    rule,
    file: record.file,
    line: record.line,
    interactionid,
    message,
    session: record.session,
    fileIndex: record.fileIndex,
    recordIndex: record.index,
  });
  if (interactionid !== null) {
    const ixn = state.interactions.get(interactionid);
    if (ixn) ixn.problems++;
  }
}

/**
 * The list an interaction starts with where the trace may never add to it. One frozen array for
 * all: an empty array still costs a 32-byte object, six per interaction. Lists that grow get a new
 * array (see `appended`); the list of records, which only the app keeps and which grows long,
 * starts as its own array.
 */
const NONE = Object.freeze([]) as unknown as never[];

function newInteraction(id: string, record: TraceRecord, implicit: boolean, history: boolean): Interaction {
  return {
    id,
    firstIndex: record.index,
    firstAt: record.time,
    implicit,
    sessions: NONE,
    media: null,
    type: null,
    added: null,
    present: null,
    notcontrolled: null,
    deleted: null,
    abandoned: null,
    udata: bareRecord(),
    udataLog: NONE,
    mediaLog: NONE,
    parties: new Map(),
    held: 0,
    lifecycle: NONE,
    // Most interactions list a dozen records or more: a pushed array's first 17 slots fit them.
    records: history ? [] : NONE,
    links: NONE,
    problems: 0,
  };
}

/** Applies a record (event or action) to the state. Rejected lines go through `addRejected`. */
export function apply(state: TraceState, record: TraceRecord): TraceState {
  record.index = state.recordCount++;
  if (record.issues) {
    for (const d of record.issues) {
      d.recordIndex = record.index;
      state.diagnostics.push(d);
      if (d.interactionid !== null) {
        const ixn = state.interactions.get(d.interactionid);
        if (ixn) ixn.problems++;
      }
    }
  }
  if (record.kind === 'event') {
    state.events++;
    applyEvent(state, record);
  } else {
    state.actions++;
    applyAction(state, record);
  }
  return state;
}

/** Files the diagnostics of lines that could not be read as records. */
export function addRejected(state: TraceState, diagnostics: readonly Diagnostic[], rejected: number): TraceState {
  state.rejected += rejected;
  for (const d of diagnostics) state.diagnostics.push(d);
  return state;
}

/** Ends the trace: every action still unanswered is a pending request. Idempotent. */
export function finish(state: TraceState): TraceState {
  if (state.finished) return state;
  state.finished = true;
  for (const r of state.requests) {
    if (r.result !== 'pending') continue;
    state.diagnostics.push({
      severity: RULE_SEVERITY['pending-request'],
      rule: 'pending-request',
      file: r.file,
      line: r.line,
      interactionid: r.interactionid,
      message: `${r.action} request ${r.requestid} got no interaction.${r.action}.done or error.interaction.${r.action} by the end of the trace`,
      session: r.session,
      fileIndex: r.fileIndex,
      recordIndex: r.sentIndex,
    });
    if (r.interactionid !== null) {
      const ixn = state.interactions.get(r.interactionid);
      if (ixn) ixn.problems++;
    }
  }
  return state;
}

const sortedCache = new WeakMap<TraceState, { count: number; sorted: Diagnostic[] }>();

/**
 * Diagnostics ordered by file (input order), then line; same line keeps the order found. The list
 * is shared by the callers until the next diagnostic: read it, do not change it. Diagnostics found
 * in that order since the last call (a trace streaming in) are appended without sorting again.
 */
export function sortedDiagnostics(state: TraceState): Diagnostic[] {
  const all = state.diagnostics;
  const cached = sortedCache.get(state);
  if (cached && cached.count === all.length) return cached.sorted;
  let sorted: Diagnostic[] | null = null;
  if (cached && cached.count < all.length) {
    let last: Diagnostic | undefined = cached.sorted[cached.sorted.length - 1];
    let inOrder = true;
    for (let i = cached.count; i < all.length && inOrder; i++) {
      const d = all[i];
      inOrder = last === undefined || last.fileIndex < d.fileIndex || (last.fileIndex === d.fileIndex && last.line <= d.line);
      last = d;
    }
    if (inOrder) sorted = cached.sorted.concat(all.slice(cached.count));
  }
  sorted ??= sortDiagnostics(all);
  sortedCache.set(state, { count: all.length, sorted });
  return sorted;
}

/** A list of diagnostics in the order of `sortedDiagnostics` (the list itself is not changed). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.fileIndex - b.d.fileIndex || a.d.line - b.d.line || a.i - b.i)
    .map((x) => x.d);
}

// ---------------------------------------------------------------------------------------------
// Events

/** The time and index of the event being applied (`applyEvent`): never kept, see `kept`. */
const eventStamp: Stamp = { at: null, index: -1 };

/** A stamp of the state's own, for a field that keeps it. */
function kept(stamp: Stamp): Stamp {
  return { at: stamp.at, index: stamp.index };
}

/** Required attributes that are absent or null, and ids that are not text nor a number. */
function missingAttributes(spec: EventSpec, data: Record<string, unknown>): string[] | null {
  let missing: string[] | null = null;
  const required = spec.required;
  for (let i = 0; i < required.length; i++) {
    const a = required[i];
    const v = data[a];
    if (typeof v === 'string') continue;
    if (v === undefined || v === null) (missing ??= []).push(a);
    else if (a.endsWith('id') && idText(v) === null) (missing ??= []).push(`${a} (${Array.isArray(v) ? 'an array' : `a ${typeof v}`}, not an id)`);
  }
  return missing;
}

function applyEvent(state: TraceState, record: EventRecord): void {
  const spec = eventSpec(record.name);
  const data = record.data;
  const ixnId = idText(data.interactionid) ?? (record.name === 'interaction.onmerge' ? idText(data.tointeractionid) : null);
  if (!spec) {
    if (isInteractionNamespace(record.name)) {
      report(state, record, 'unknown-event', ixnId,
        `${record.name} is not an event of the interaction interface (Genesys 8.1 SCXML reference); kept, not interpreted`);
    }
    if (ixnId !== null && state.history) listRecord(state.interactions.get(ixnId), record.index);
    return;
  }
  const missing = missingAttributes(spec, data);
  if (missing !== null) {
    report(state, record, 'missing-attribute', ixnId,
      `${record.name} lacks ${missing.join(', ')} (the spec lists ${missing.length === 1 ? 'it' : 'them'} for this event)`);
  }
  if (spec.family === 'result') {
    applyResult(state, record, spec);
    return;
  }
  if (spec.effect === 'merge') {
    applyMerge(state, record);
    return;
  }
  if (ixnId === null) return;
  const ixn = associate(state, record, ixnId, spec.effect === 'added');
  const link = assocLink;
  const afterDeleted = assocAfterDeleted;
  if (state.history) ixn.records.push(record.index);
  // Read by the appliers below, copied (`kept`) where the state keeps it: one object and one
  // boxed time per event fewer (32 MB of a 1M load's allocations on the page).
  const stamp = eventStamp;
  stamp.at = record.time;
  stamp.index = record.index;
  switch (spec.effect) {
    case 'added':
      applyAdded(record, ixn, stamp, state.history);
      break;
    case 'deleted':
    case 'present':
    case 'notcontrolled':
    case 'abandoned':
    case 'restored':
      if (!afterDeleted) applyLifecycle(state, record, ixn, link, spec.effect, stamp);
      break;
    case 'partyadded':
      applyPartyAdded(ixn, stamp, idText(data.partyid), idText(data.focusresource), idText(data.partystate));
      break;
    case 'partystatechanged':
    case 'partydeleted':
      applyPartyChange(state, record, ixn, stamp, spec.effect);
      break;
    case 'udatachanged':
      mergeUdata(ixn, data.udata, record.index, state.history);
      break;
    case 'divert':
      applyPartyLink(state, record, ixn, stamp, 'divert', 'diverting');
      break;
    case 'singlesteptransfer':
      applyPartyLink(state, record, ixn, stamp, 'singlesteptransfer', 'transferring');
      break;
    case 'singlestepconference':
      applyConference(state, record, ixn, stamp);
      break;
    default:
      break;
  }
}

/**
 * What the last `associate` found besides the interaction: the session's hold on it, and
 * whether the event came after the session deleted it. Module state instead of a result object
 * per event (a million of them on a 1M trace); read right after the call.
 */
let assocLink: SessionInteraction = { status: 'held', present: false, notcontrolled: false };
let assocAfterDeleted = false;

/**
 * Finds or makes the session's hold on an interaction. "An event naming an interaction the
 * session does not hold creates the association"; after `interaction.deleted` in that session
 * only a new `interaction.added` starts over, anything else is `after-deleted`.
 */
function associate(state: TraceState, record: EventRecord, id: string, isAdded: boolean): Interaction {
  const sess = session(state, record.session);
  let ixn = state.interactions.get(id);
  let link = sess.interactions.get(id);
  if (link?.status === 'held') {
    if (isAdded) {
      report(state, record, 'duplicate-added', id,
        `interaction.added for ${id}, which session ${record.session} already holds (no interaction.deleted since it was added)`);
    }
    assocLink = link;
    assocAfterDeleted = false;
    return ixn!;
  }
  if (link?.status === 'deleted' && !isAdded) {
    report(state, record, 'after-deleted', id,
      `${record.name} names ${id} after interaction.deleted in session ${record.session}; the interaction is no longer in _genesys.ixn.interactions[] (a new interaction.added would start over)`);
    assocLink = link;
    assocAfterDeleted = true;
    return ixn!;
  }
  const isNew = !ixn;
  if (!ixn) {
    ixn = newInteraction(id, record, !isAdded, state.history);
    state.interactions.set(id, ixn);
  }
  if (!isAdded) {
    report(state, record, 'unknown-interaction', id,
      `${record.name} names ${id}, which session ${record.session} never added (no interaction.added before it); ${isNew ? 'created implicitly' : 'associated implicitly'}`);
  }
  link = { status: 'held', present: false, notcontrolled: false };
  sess.interactions.set(id, link);
  if (!ixn.sessions.includes(record.session)) ixn.sessions = appended(ixn.sessions, record.session);
  ixn.held++;
  ixn.deleted = null;
  if (state.history) ixn.lifecycle = appended(ixn.lifecycle, { at: record.time, index: record.index, session: record.session, kind: 'added', implicit: !isAdded });
  assocLink = link;
  assocAfterDeleted = false;
  return ixn;
}

function applyAdded(record: EventRecord, ixn: Interaction, stamp: Stamp, history: boolean): void {
  const data = record.data;
  if (ixn.added === null) ixn.added = kept(stamp);
  const media = typeof data.media === 'string' ? data.media : null;
  const type = typeof data.type === 'string' ? data.type : null;
  if (media !== null || type !== null) {
    if (media !== null) ixn.media = media;
    if (type !== null) ixn.type = type;
    if (history) ixn.mediaLog = appended(ixn.mediaLog, { index: record.index, media: ixn.media, type: ixn.type });
  }
  if (Array.isArray(data.parties)) {
    for (const p of data.parties) {
      if (!isObject(p)) continue;
      const partyid = idText(p.partyid);
      if (partyid === null) continue;
      const state = idText(p.partystate);
      const existing = ixn.parties.get(partyid);
      if (existing) {
        appendState(existing, state, stamp, false);
        learnResource(existing, idText(p.focusresource), stamp.index);
      } else {
        ixn.parties.set(partyid, newParty(partyid, idText(p.focusresource), state, stamp, null, false));
      }
    }
  }
  mergeUdata(ixn, data.udata, record.index, history);
}

function applyLifecycle(
  state: TraceState,
  record: EventRecord,
  ixn: Interaction,
  link: SessionInteraction,
  kind: LifecycleKind,
  stamp: Stamp,
): void {
  const data = record.data;
  // With histories, the lifecycle entry (same time and index) serves as the stamp: one object
  // and one boxed time fewer per event kept.
  const entry = state.history ? { at: stamp.at, index: stamp.index, session: record.session, kind } : null;
  switch (kind) {
    case 'present':
      link.present = true;
      link.notcontrolled = false;
      if (ixn.present === null) ixn.present = entry ?? kept(stamp);
      break;
    case 'notcontrolled':
      link.notcontrolled = true;
      if (ixn.notcontrolled === null) ixn.notcontrolled = entry ?? kept(stamp);
      break;
    case 'deleted':
      if (link.present && !link.notcontrolled) {
        report(state, record, 'deleted-without-notcontrolled', ixn.id,
          `interaction.deleted for ${ixn.id} after interaction.present with no interaction.notcontrolled between; the platform publishes notcontrolled before deleted`);
      }
      link.status = 'deleted';
      ixn.held--;
      if (ixn.held === 0) ixn.deleted = entry ?? kept(stamp);
      break;
    case 'abandoned':
      if (ixn.abandoned === null) {
        ixn.abandoned = { at: stamp.at, index: stamp.index, focusresource: idText(data.focusresource), reason: idText(data.reason) };
      }
      break;
    default:
      break;
  }
  if (entry) ixn.lifecycle = appended(ixn.lifecycle, entry);
}

function newParty(
  partyid: string,
  focusresource: string | null,
  state: string | null,
  stamp: Stamp,
  added: Stamp | null,
  implicit: boolean,
): Party {
  const first = state === null ? null : { state: sharedState(state), at: stamp.at, index: stamp.index };
  return {
    partyid,
    focusresource,
    focusIndex: focusresource === null ? Infinity : stamp.index,
    // The first state entry has the same time and index: it serves as the `added` stamp too.
    added: added === null ? null : (first ?? kept(added)),
    deleted: null,
    implicit,
    firstIndex: stamp.index,
    states: first === null ? [] : [first],
  };
}

const STATE_SLOTS = 64;
const stateSlots: string[] = new Array<string>(STATE_SLOTS).fill('');

/**
 * One string per party state name. JSON.parse shares strings of up to 10 characters only, so
 * each `established` of a trace was a string of its own (12k of a 100k trace's 89k strings).
 */
function sharedState(state: string): string {
  const n = state.length;
  if (n === 0 || n > 32) return state;
  const slot = (n * 31 + state.charCodeAt(0) * 7 + state.charCodeAt(n - 1)) & (STATE_SLOTS - 1);
  const known = stateSlots[slot];
  if (known === state) return known;
  stateSlots[slot] = state;
  return state;
}

/** A party's resource, when an event tells it for the first time. */
function learnResource(party: Party, focusresource: string | null, index: number): void {
  if (party.focusresource !== null || focusresource === null) return;
  party.focusresource = focusresource;
  party.focusIndex = index;
}

/**
 * `list` with `item` at the end. Most histories of a trace stay short (a party has two or three
 * states, an interaction one session and a link or two), and an array grown by push reserves 17
 * slots: lists of up to five are copied at their exact size instead (a sixth of a 1M trace's
 * heap). Callers store the result; a short list is never changed in place.
 */
function appended<T>(list: T[], item: T): T[] {
  // Array literals: exact size, packed, allocated inline (Array#concat cost 0.1 s on 1M).
  switch (list.length) {
    case 0:
      return [item];
    case 1:
      return [list[0], item];
    case 2:
      return [list[0], list[1], item];
    case 3:
      return [list[0], list[1], list[2], item];
    case 4:
      return [list[0], list[1], list[2], list[3], item];
    default:
      list.push(item);
      return list;
  }
}

/** Lists a record on an interaction (when there is one); only with histories. */
function listRecord(ixn: Interaction | undefined, index: number): void {
  if (ixn) ixn.records.push(index);
}

/** Appends a state entry when `always` or when the state differs from the last; returns it, else null. */
function appendState(party: Party, state: string | null, stamp: Stamp, always: boolean): PartyStateEntry | null {
  if (state === null) return null;
  const last = party.states.length > 0 ? party.states[party.states.length - 1].state : null;
  if (!always && last === state) return null;
  const entry = { state: sharedState(state), at: stamp.at, index: stamp.index };
  party.states = appended(party.states, entry);
  return entry;
}

function applyPartyAdded(
  ixn: Interaction,
  stamp: Stamp,
  partyid: string | null,
  focusresource: string | null,
  state: string | null,
): void {
  if (partyid === null) return;
  const party = ixn.parties.get(partyid);
  if (party) {
    appendState(party, state, stamp, false);
    learnResource(party, focusresource, stamp.index);
    return;
  }
  ixn.parties.set(partyid, newParty(partyid, focusresource, state, stamp, stamp, false));
}

/** Whether the last `namedParty` created the party (module state, like `assocLink`). */
let partyCreated = false;

/** The party an event names, created (and diagnosed) when the interaction does not have it. */
function namedParty(
  state: TraceState,
  record: EventRecord,
  ixn: Interaction,
  stamp: Stamp,
  partyid: string | null,
  focusresource: string | null,
  partyState: string | null,
  role: string,
): Party | null {
  partyCreated = false;
  if (partyid === null) return null;
  const party = ixn.parties.get(partyid);
  if (party) {
    learnResource(party, focusresource, stamp.index);
    return party;
  }
  report(state, record, 'unknown-party', ixn.id,
    `${record.name} names ${role} ${partyid}${focusresource ? ` (${focusresource})` : ''}, which interaction ${ixn.id} does not have (never in interaction.added parties nor partyadded); created implicitly`);
  const created = newParty(partyid, focusresource, partyState, stamp, null, true);
  ixn.parties.set(partyid, created);
  partyCreated = true;
  return created;
}

function applyPartyChange(
  state: TraceState,
  record: EventRecord,
  ixn: Interaction,
  stamp: Stamp,
  effect: 'partystatechanged' | 'partydeleted',
): void {
  const data = record.data;
  const partyState = idText(data.partystate);
  const party = namedParty(state, record, ixn, stamp, idText(data.partyid), idText(data.focusresource), partyState, 'party');
  if (!party) return;
  const created = partyCreated;
  if (effect === 'partystatechanged') {
    if (!created) appendState(party, partyState, stamp, true);
  } else {
    const entry = created ? null : appendState(party, partyState, stamp, false);
    // The entry the event appended has the stamp's time and index: it serves as the stamp.
    if (party.deleted === null) party.deleted = entry ?? kept(stamp);
  }
}

function addLink(state: TraceState, ixn: Interaction | undefined, link: TraceState['links'][number]): void {
  const i = state.links.length;
  state.links.push(link);
  if (ixn) ixn.links = appended(ixn.links, i);
}

function applyPartyLink(
  state: TraceState,
  record: EventRecord,
  ixn: Interaction,
  stamp: Stamp,
  kind: 'divert' | 'singlesteptransfer',
  role: 'diverting' | 'transferring',
): void {
  const data = record.data;
  // Constant keys: a key built per event would be looked up by its text every time.
  const diverting = role === 'diverting';
  const partyid = idText(diverting ? data.divertingpartyid : data.transferringpartyid);
  const resource = idText(diverting ? data.divertingresource : data.transferringresource);
  const partyState = idText(diverting ? data.divertingpartystate : data.transferringpartystate);
  namedParty(state, record, ixn, stamp, partyid, resource, partyState, diverting ? 'diverting party' : 'transferring party');
  addLink(state, ixn, {
    kind,
    at: stamp.at,
    index: stamp.index,
    interactionid: ixn.id,
    from: partyid,
    to: idText(data.newdestination),
    type: null,
    session: record.session,
  });
}

function applyConference(state: TraceState, record: EventRecord, ixn: Interaction, stamp: Stamp): void {
  const data = record.data;
  const partyid = idText(data.conferencingpartyid);
  namedParty(state, record, ixn, stamp, partyid, idText(data.conferencingresource), idText(data.conferencingpartystate), 'conferencing party');
  const addedId = idText(data.addedpartyid);
  const addedResource = idText(data.addedresource);
  applyPartyAdded(ixn, stamp, addedId, addedResource, idText(data.addedpartystate));
  addLink(state, ixn, {
    kind: 'singlestepconference',
    at: stamp.at,
    index: stamp.index,
    interactionid: ixn.id,
    from: partyid,
    to: addedResource,
    type: null,
    session: record.session,
    partyid: addedId,
  });
}

/** `onmerge` names two interactions; both take part in the session's lifecycle. */
function applyMerge(state: TraceState, record: EventRecord): void {
  const data = record.data;
  const fromId = idText(data.frominteractionid);
  const toId = idText(data.tointeractionid);
  let to: Interaction | undefined;
  for (const id of [fromId, toId]) {
    if (id === null) continue;
    const ixn = associate(state, record, id, false);
    if (state.history) ixn.records.push(record.index);
    if (id === toId) to = ixn;
  }
  if (toId === null && fromId === null) return;
  const hints = isObject(data.hints) ? data.hints : null;
  const type: 'transfer' | 'conference' | null =
    hints && (hints.type === 'transfer' || hints.type === 'conference') ? hints.type : null;
  const link = {
    kind: 'merge' as const,
    at: record.time,
    index: record.index,
    interactionid: toId ?? fromId!,
    from: fromId,
    to: toId,
    type,
    session: record.session,
  };
  addLink(state, to, link);
  const from = fromId !== null && fromId !== toId ? state.interactions.get(fromId) : undefined;
  if (from) from.links = appended(from.links, state.links.length - 1);
}

function mergeUdata(ixn: Interaction, udata: unknown, index: number, history: boolean): void {
  if (!isObject(udata)) return;
  let any = false;
  for (const key of Object.keys(udata)) {
    any = true;
    const value = udata[key];
    if (value === null) delete ixn.udata[key];
    else ixn.udata[key] = value;
  }
  if (history && any) ixn.udataLog = appended(ixn.udataLog, { index, changes: udata });
}

// ---------------------------------------------------------------------------------------------
// Requests and results

function applyResult(state: TraceState, record: EventRecord, spec: EventSpec): void {
  const data = record.data;
  const action = spec.action!;
  const interactionid = idText(data.interactionid);
  let errorText: string | null = null;
  if (spec.effect === 'result-error' && data.error !== undefined && data.error !== null) {
    errorText = typeof data.error === 'string' ? data.error : JSON.stringify(data.error);
    if (!isDocumentedError(action, errorText)) {
      report(state, record, 'undocumented-error', interactionid,
        `error "${errorText}" is not a value the spec documents for ${action} (documented: ${documentedErrors(action).join(', ')})`);
    }
  }
  const requestid = idText(data.requestid);
  // Only the record lists (time travel) need the interaction itself: no lookup without them.
  const named = interactionid !== null && state.history ? state.interactions.get(interactionid) : undefined;
  if (requestid === null) {
    listRecord(named, record.index);
    return;
  }
  const sess = session(state, record.session);
  const request = sess.requests.get(requestid)?.shift();
  if (!request) {
    report(state, record, 'unmatched-result', interactionid,
      `${record.name} for requestid ${requestid} matches no unanswered action in session ${record.session}`);
    listRecord(named, record.index);
    return;
  }
  request.result = spec.effect === 'result-done' ? 'done' : 'error';
  request.error = errorText;
  request.description = spec.effect === 'result-error' ? stringOrNull(data.description) : null;
  request.resultIndex = record.index;
  request.resultAt = record.time;
  request.latencyMs = request.sent !== null && record.time !== null ? record.time - request.sent : null;
  if (!state.history) return;
  // Listed on the interaction of its request and on the one it names, when they differ.
  const ofRequest = request.interactionid !== null ? state.interactions.get(request.interactionid) : undefined;
  listRecord(ofRequest, record.index);
  if (named !== ofRequest) listRecord(named, record.index);
}

function stringOrNull(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function applyAction(state: TraceState, record: ActionRecord): void {
  const data = record.data;
  const spec = actionSpec(record.action);
  const interactionid = idText(data.interactionid);
  if (!spec) {
    report(state, record, 'unknown-action', interactionid,
      `action "${record.action}" is not an action of the interaction interface (${ACTION_NAMES.join(', ')})`);
  }
  const requestid = idText(data.requestid);
  if (requestid === null) {
    report(state, record, 'missing-attribute', interactionid,
      `action ${record.action} lacks requestid; it is kept but cannot be paired with its result`);
  }
  const sess = session(state, record.session);
  if (interactionid !== null) {
    const link = sess.interactions.get(interactionid);
    if (link?.status === 'deleted') {
      report(state, record, 'after-deleted', interactionid,
        `action ${record.action} on ${interactionid} after interaction.deleted in session ${record.session}`);
    } else if (link?.status === 'held') {
      if (link.notcontrolled) {
        report(state, record, 'action-after-notcontrolled', interactionid,
          `action ${record.action} on ${interactionid} after interaction.notcontrolled in session ${record.session}; the spec says attempts to control it now result in runtime errors`);
      } else if (!link.present) {
        report(state, record, 'action-before-present', interactionid,
          `action ${record.action} on ${interactionid} before its interaction.present in session ${record.session}; actions before present can result in runtime errors`);
      }
    }
    if (state.history) listRecord(state.interactions.get(interactionid), record.index);
  }
  if (requestid === null) return;
  const queue = sess.requests.get(requestid);
  if (queue !== undefined) {
    report(state, record, 'duplicate-requestid', interactionid,
      `requestid ${requestid} was already used by another action in session ${record.session}; results cannot tell them apart`);
  }
  const request: Request = {
    requestid,
    action: record.action,
    session: record.session,
    interactionid,
    sent: record.time,
    sentIndex: record.index,
    file: record.file,
    fileIndex: record.fileIndex,
    line: record.line,
    result: 'pending',
    error: null,
    description: null,
    latencyMs: null,
    resultIndex: -1,
    resultAt: null,
  };
  state.requests.push(request);
  if (queue !== undefined) queue.push(request);
  else sess.requests.set(requestid, [request]);
}

/** For messages: a time as text. */
export function timeText(ms: number | null): string {
  return formatIso(ms) ?? 'unknown time';
}
