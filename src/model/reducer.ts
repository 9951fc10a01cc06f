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
  KeptInteraction,
  KeptLink,
  KeptParty,
  HELD,
  KeptRequest,
  NOTCONTROLLED,
  PRESENT,
  type LifecycleKind,
  type SessionState,
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

function newInteraction(state: TraceState, id: string, record: TraceRecord, implicit: boolean): KeptInteraction {
  return new KeptInteraction(state.columns, id, record.index, implicit, bareRecord());
}

/** Applies a record (event or action) to the state. Rejected lines go through `addRejected`. */
export function apply(state: TraceState, record: TraceRecord): TraceState {
  record.index = state.recordCount++;
  state.columns.times.set(record.index, record.time);
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
  const hold = assocHold;
  const afterDeleted = assocAfterDeleted;
  ixn.listRecord(record.index);
  const index = record.index;
  switch (spec.effect) {
    case 'added':
      applyAdded(state, record, ixn);
      break;
    case 'deleted':
    case 'present':
    case 'notcontrolled':
    case 'abandoned':
    case 'restored':
      if (!afterDeleted) applyLifecycle(state, record, ixn, assocSession!, hold, spec.effect);
      break;
    case 'partyadded':
      applyPartyAdded(state, ixn, index, idText(data.partyid), idText(data.focusresource), idText(data.partystate));
      break;
    case 'partystatechanged':
    case 'partydeleted':
      applyPartyChange(state, record, ixn, spec.effect);
      break;
    case 'udatachanged':
      mergeUdata(state, ixn, data.udata, index);
      break;
    case 'divert':
      applyPartyLink(state, record, ixn, 'divert', 'diverting');
      break;
    case 'singlesteptransfer':
      applyPartyLink(state, record, ixn, 'singlesteptransfer', 'transferring');
      break;
    case 'singlestepconference':
      applyConference(state, record, ixn);
      break;
    default:
      break;
  }
}

/**
 * What the last `associate` found besides the interaction: the session's hold on it (`HELD`,
 * `PRESENT`, `NOTCONTROLLED` bits), and whether the event came after the session deleted it.
 * Module state instead of a result object per event (a million of them on a 1M trace); read
 * right after the call.
 */
let assocHold = HELD;
let assocAfterDeleted = false;
/** The session of the last `associate`, whose hold `applyLifecycle` changes. */
let assocSession: SessionState | null = null;

/**
 * Finds or makes the session's hold on an interaction. "An event naming an interaction the
 * session does not hold creates the association"; after `interaction.deleted` in that session
 * only a new `interaction.added` starts over, anything else is `after-deleted`.
 */
function associate(state: TraceState, record: EventRecord, id: string, isAdded: boolean): KeptInteraction {
  const sess = session(state, record.session);
  assocSession = sess;
  let ixn = state.interactions.get(id);
  const hold = sess.interactions.get(id);
  if (hold !== undefined && (hold & HELD) !== 0) {
    if (isAdded) {
      report(state, record, 'duplicate-added', id,
        `interaction.added for ${id}, which session ${record.session} already holds (no interaction.deleted since it was added)`);
    }
    assocHold = hold;
    assocAfterDeleted = false;
    return ixn!;
  }
  if (hold !== undefined && !isAdded) {
    report(state, record, 'after-deleted', id,
      `${record.name} names ${id} after interaction.deleted in session ${record.session}; the interaction is no longer in _genesys.ixn.interactions[] (a new interaction.added would start over)`);
    assocHold = hold;
    assocAfterDeleted = true;
    return ixn!;
  }
  const isNew = !ixn;
  if (!ixn) {
    ixn = newInteraction(state, id, record, !isAdded);
    state.interactions.set(id, ixn);
  }
  if (!isAdded) {
    report(state, record, 'unknown-interaction', id,
      `${record.name} names ${id}, which session ${record.session} never added (no interaction.added before it); ${isNew ? 'created implicitly' : 'associated implicitly'}`);
  }
  sess.interactions.set(id, HELD);
  if (!ixn.sessions.includes(record.session)) ixn.sessions = appended(ixn.sessions, record.session);
  ixn.held++;
  ixn.deletedIndex = -1;
  if (state.history) state.columns.addLifecycle(ixn.n, record.session, 'added', !isAdded, record.index);
  assocHold = HELD;
  assocAfterDeleted = false;
  return ixn;
}

function applyAdded(state: TraceState, record: EventRecord, ixn: KeptInteraction): void {
  const data = record.data;
  const index = record.index;
  if (ixn.addedIndex === -1) ixn.addedIndex = index;
  const media = typeof data.media === 'string' ? data.media : null;
  const type = typeof data.type === 'string' ? data.type : null;
  if (media !== null || type !== null) {
    if (media !== null) ixn.media = media;
    if (type !== null) ixn.type = type;
    if (state.history) state.columns.addMedia(ixn.n, ixn.media, ixn.type, index);
  }
  if (Array.isArray(data.parties)) {
    for (const p of data.parties) {
      if (!isObject(p)) continue;
      const partyid = idText(p.partyid);
      if (partyid === null) continue;
      const partyState = idText(p.partystate);
      const existing = ixn.parties.get(partyid);
      if (existing) {
        appendState(existing, partyState, index, false);
        learnResource(existing, idText(p.focusresource), index);
      } else {
        ixn.parties.set(partyid, newParty(state, partyid, idText(p.focusresource), partyState, index, false, false));
      }
    }
  }
  mergeUdata(state, ixn, data.udata, index);
}

function applyLifecycle(state: TraceState, record: EventRecord, ixn: KeptInteraction, sess: SessionState, hold: number, kind: LifecycleKind): void {
  const data = record.data;
  const index = record.index;
  switch (kind) {
    case 'present':
      sess.interactions.set(ixn.id, (hold | PRESENT) & ~NOTCONTROLLED);
      if (ixn.presentIndex === -1) ixn.presentIndex = index;
      break;
    case 'notcontrolled':
      sess.interactions.set(ixn.id, hold | NOTCONTROLLED);
      if (ixn.notcontrolledIndex === -1) ixn.notcontrolledIndex = index;
      break;
    case 'deleted':
      if ((hold & (PRESENT | NOTCONTROLLED)) === PRESENT) {
        report(state, record, 'deleted-without-notcontrolled', ixn.id,
          `interaction.deleted for ${ixn.id} after interaction.present with no interaction.notcontrolled between; the platform publishes notcontrolled before deleted`);
      }
      sess.interactions.set(ixn.id, hold & ~HELD);
      ixn.held--;
      if (ixn.held === 0) ixn.deletedIndex = index;
      break;
    case 'abandoned':
      if (ixn.abandonedIndex === -1) {
        ixn.abandonedIndex = index;
        ixn.abandonedFocus = idText(data.focusresource);
        ixn.abandonedReason = idText(data.reason);
      }
      break;
    default:
      break;
  }
  if (state.history) state.columns.addLifecycle(ixn.n, record.session, kind, false, index);
}

function newParty(
  state: TraceState,
  partyid: string,
  focusresource: string | null,
  partyState: string | null,
  index: number,
  added: boolean,
  implicit: boolean,
): KeptParty {
  const party = new KeptParty(state.columns, partyid, focusresource, focusresource === null ? Infinity : index, implicit, index);
  if (added) party.addedIndex = index;
  if (partyState !== null) party.addState(partyState, index);
  return party;
}

/** A party's resource, when an event tells it for the first time. */
function learnResource(party: KeptParty, focusresource: string | null, index: number): void {
  if (party.focusresource !== null || focusresource === null) return;
  party.focusresource = focusresource;
  party.focusIndex = index;
}

/**
 * `list` with `item` at the end, for the lists still kept as arrays (an interaction's sessions and
 * links: one or two each). An array grown by push reserves 17 slots: lists of up to five are
 * copied at their exact size instead. Callers store the result; a short list is never changed in
 * place.
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
function listRecord(ixn: KeptInteraction | undefined, index: number): void {
  if (ixn) ixn.listRecord(index);
}

/** Appends a state entry when `always` or when the state differs from the last; returns whether it did. */
function appendState(party: KeptParty, partyState: string | null, index: number, always: boolean): boolean {
  if (partyState === null) return false;
  if (!always && party.lastState === partyState) return false;
  party.addState(partyState, index);
  return true;
}

function applyPartyAdded(
  state: TraceState,
  ixn: KeptInteraction,
  index: number,
  partyid: string | null,
  focusresource: string | null,
  partyState: string | null,
): void {
  if (partyid === null) return;
  const party = ixn.parties.get(partyid);
  if (party) {
    appendState(party, partyState, index, false);
    learnResource(party, focusresource, index);
    return;
  }
  ixn.parties.set(partyid, newParty(state, partyid, focusresource, partyState, index, true, false));
}

/** Whether the last `namedParty` created the party (module state, like `assocHold`). */
let partyCreated = false;

/** The party an event names, created (and diagnosed) when the interaction does not have it. */
function namedParty(
  state: TraceState,
  record: EventRecord,
  ixn: KeptInteraction,
  partyid: string | null,
  focusresource: string | null,
  partyState: string | null,
  role: string,
): KeptParty | null {
  partyCreated = false;
  if (partyid === null) return null;
  const party = ixn.parties.get(partyid);
  if (party) {
    learnResource(party, focusresource, record.index);
    return party;
  }
  report(state, record, 'unknown-party', ixn.id,
    `${record.name} names ${role} ${partyid}${focusresource ? ` (${focusresource})` : ''}, which interaction ${ixn.id} does not have (never in interaction.added parties nor partyadded); created implicitly`);
  const created = newParty(state, partyid, focusresource, partyState, record.index, false, true);
  ixn.parties.set(partyid, created);
  partyCreated = true;
  return created;
}

function applyPartyChange(state: TraceState, record: EventRecord, ixn: KeptInteraction, effect: 'partystatechanged' | 'partydeleted'): void {
  const data = record.data;
  const partyState = idText(data.partystate);
  const party = namedParty(state, record, ixn, idText(data.partyid), idText(data.focusresource), partyState, 'party');
  if (!party) return;
  const created = partyCreated;
  if (effect === 'partystatechanged') {
    if (!created) appendState(party, partyState, record.index, true);
  } else {
    if (!created) appendState(party, partyState, record.index, false);
    if (party.deletedIndex === -1) party.deletedIndex = record.index;
  }
}

function addLink(state: TraceState, ixn: KeptInteraction | undefined, link: KeptLink): void {
  const i = state.links.length;
  state.links.push(link);
  if (ixn) ixn.links = appended(ixn.links, i);
}

function applyPartyLink(
  state: TraceState,
  record: EventRecord,
  ixn: KeptInteraction,
  kind: 'divert' | 'singlesteptransfer',
  role: 'diverting' | 'transferring',
): void {
  const data = record.data;
  // Constant keys: a key built per event would be looked up by its text every time.
  const diverting = role === 'diverting';
  const partyid = idText(diverting ? data.divertingpartyid : data.transferringpartyid);
  const resource = idText(diverting ? data.divertingresource : data.transferringresource);
  const partyState = idText(diverting ? data.divertingpartystate : data.transferringpartystate);
  namedParty(state, record, ixn, partyid, resource, partyState, diverting ? 'diverting party' : 'transferring party');
  addLink(state, ixn, new KeptLink(state.columns.times, kind, record.index, ixn.id, partyid, idText(data.newdestination), null, record.session));
}

function applyConference(state: TraceState, record: EventRecord, ixn: KeptInteraction): void {
  const data = record.data;
  const partyid = idText(data.conferencingpartyid);
  namedParty(state, record, ixn, partyid, idText(data.conferencingresource), idText(data.conferencingpartystate), 'conferencing party');
  const addedId = idText(data.addedpartyid);
  const addedResource = idText(data.addedresource);
  applyPartyAdded(state, ixn, record.index, addedId, addedResource, idText(data.addedpartystate));
  addLink(state, ixn, new KeptLink(state.columns.times, 'singlestepconference', record.index, ixn.id, partyid, addedResource, null, record.session, addedId));
}

/** `onmerge` names two interactions; both take part in the session's lifecycle. */
function applyMerge(state: TraceState, record: EventRecord): void {
  const data = record.data;
  const fromId = idText(data.frominteractionid);
  const toId = idText(data.tointeractionid);
  let to: KeptInteraction | undefined;
  for (const id of [fromId, toId]) {
    if (id === null) continue;
    const ixn = associate(state, record, id, false);
    ixn.listRecord(record.index);
    if (id === toId) to = ixn;
  }
  if (toId === null && fromId === null) return;
  const hints = isObject(data.hints) ? data.hints : null;
  const type: 'transfer' | 'conference' | null =
    hints && (hints.type === 'transfer' || hints.type === 'conference') ? hints.type : null;
  addLink(state, to, new KeptLink(state.columns.times, 'merge', record.index, toId ?? fromId!, fromId, toId, type, record.session));
  const from = fromId !== null && fromId !== toId ? state.interactions.get(fromId) : undefined;
  if (from) from.links = appended(from.links, state.links.length - 1);
}

function mergeUdata(state: TraceState, ixn: KeptInteraction, udata: unknown, index: number): void {
  if (!isObject(udata)) return;
  let any = false;
  for (const key of Object.keys(udata)) {
    any = true;
    const value = udata[key];
    if (value === null) delete ixn.udata[key];
    else ixn.udata[key] = value;
  }
  if (state.history && any) state.columns.addUdata(ixn.n, udata, index);
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
  const request = takeUnanswered(sess, requestid);
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
    const hold = sess.interactions.get(interactionid);
    if (hold !== undefined && (hold & HELD) === 0) {
      report(state, record, 'after-deleted', interactionid,
        `action ${record.action} on ${interactionid} after interaction.deleted in session ${record.session}`);
    } else if (hold !== undefined) {
      if ((hold & NOTCONTROLLED) !== 0) {
        report(state, record, 'action-after-notcontrolled', interactionid,
          `action ${record.action} on ${interactionid} after interaction.notcontrolled in session ${record.session}; the spec says attempts to control it now result in runtime errors`);
      } else if ((hold & PRESENT) === 0) {
        report(state, record, 'action-before-present', interactionid,
          `action ${record.action} on ${interactionid} before its interaction.present in session ${record.session}; actions before present can result in runtime errors`);
      }
    }
    if (state.history) listRecord(state.interactions.get(interactionid), record.index);
  }
  if (requestid === null) return;
  const used = sess.requests.get(requestid);
  if (used !== undefined) {
    report(state, record, 'duplicate-requestid', interactionid,
      `requestid ${requestid} was already used by another action in session ${record.session}; results cannot tell them apart`);
  }
  const request = new KeptRequest(state.columns.times, requestid, record.action, record.session, interactionid,
    record.index, record.file, record.fileIndex, record.line);
  state.requests.push(request);
  // The first use of a requestid maps to its request; a list of the unanswered ones is made only
  // when it is used again (see `SessionState.requests`).
  if (used === undefined) sess.requests.set(requestid, request);
  else if (Array.isArray(used)) used.push(request);
  else sess.requests.set(requestid, used.result === 'pending' ? [used, request] : [request]);
}

/** The session's oldest unanswered request with `requestid`, taken off its list; undefined for none. */
function takeUnanswered(sess: SessionState, requestid: string): KeptRequest | undefined {
  const used = sess.requests.get(requestid);
  if (used === undefined) return undefined;
  if (Array.isArray(used)) return used.shift();
  return used.result === 'pending' ? used : undefined;
}

/** For messages: a time as text. */
export function timeText(ms: number | null): string {
  return formatIso(ms) ?? 'unknown time';
}
