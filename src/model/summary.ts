/**
 * The summary object of trace-format.md section 4, exactly as `ixnscope summarize --json`
 * prints it. Key order follows the contract so the JSON reads the same as its example.
 */
import { sortedDiagnostics } from './reducer';
import type { Interaction, Link, LinkKind, Party, Request, RequestResult, TraceState } from './state';
import { formatIso, TimeTexts } from './time';
import type { Diagnostic, Severity } from './types';

export interface PartySummary {
  partyid: string;
  focusresource: string | null;
  state: string | null;
  added: string | null;
  deleted: string | null;
  states: { state: string; at: string | null }[];
}

export interface InteractionSummary {
  id: string;
  sessions: string[];
  media: string | null;
  implicit: boolean;
  added: string | null;
  present: string | null;
  notcontrolled: string | null;
  deleted: string | null;
  abandoned: { at: string | null; focusresource: string | null; reason: string | null } | null;
  udata: Record<string, unknown>;
  parties: PartySummary[];
}

export interface LinkSummary {
  kind: LinkKind;
  at: string | null;
  interactionid: string;
  from: string | null;
  to: string | null;
  type: 'transfer' | 'conference' | null;
}

export interface RequestSummary {
  requestid: string;
  action: string;
  session: string;
  interactionid: string | null;
  sent: string | null;
  result: RequestResult;
  error: string | null;
  description: string | null;
  latencyMs: number | null;
}

export interface DiagnosticSummary {
  severity: Severity;
  rule: string;
  file: string;
  line: number;
  interactionid: string | null;
  message: string;
  session: string | null;
}

export interface Summary {
  records: number;
  events: number;
  actions: number;
  rejected: number;
  interactions: InteractionSummary[];
  links: LinkSummary[];
  requests: RequestSummary[];
  diagnostics: DiagnosticSummary[];
}

export function summarizeParty(p: Party): PartySummary {
  return {
    partyid: p.partyid,
    focusresource: p.focusresource,
    state: p.states.length > 0 ? p.states[p.states.length - 1].state : null,
    added: p.added ? formatIso(p.added.at) : null,
    deleted: p.deleted ? formatIso(p.deleted.at) : null,
    states: p.states.map((s) => ({ state: s.state, at: formatIso(s.at) })),
  };
}

/** A copy of user data as a plain object; `Object.fromEntries` defines keys such as `__proto__` as data. */
export function udataObject(udata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(udata).map((k) => [k, udata[k]]));
}

export function summarizeInteraction(ixn: Interaction): InteractionSummary {
  return {
    id: ixn.id,
    sessions: [...ixn.sessions],
    media: ixn.media,
    implicit: ixn.implicit,
    added: ixn.added ? formatIso(ixn.added.at) : null,
    present: ixn.present ? formatIso(ixn.present.at) : null,
    notcontrolled: ixn.notcontrolled ? formatIso(ixn.notcontrolled.at) : null,
    deleted: ixn.held === 0 && ixn.deleted ? formatIso(ixn.deleted.at) : null,
    abandoned: ixn.abandoned
      ? { at: formatIso(ixn.abandoned.at), focusresource: ixn.abandoned.focusresource, reason: ixn.abandoned.reason }
      : null,
    udata: udataObject(ixn.udata),
    parties: [...ixn.parties.values()].map(summarizeParty),
  };
}

export function summarizeLink(l: Link): LinkSummary {
  return { kind: l.kind, at: formatIso(l.at), interactionid: l.interactionid, from: l.from, to: l.to, type: l.type };
}

export function summarizeRequest(r: Request): RequestSummary {
  return {
    requestid: r.requestid,
    action: r.action,
    session: r.session,
    interactionid: r.interactionid,
    sent: formatIso(r.sent),
    result: r.result,
    error: r.error,
    description: r.description,
    latencyMs: r.latencyMs,
  };
}

export function summarizeDiagnostic(d: Diagnostic): DiagnosticSummary {
  return {
    severity: d.severity,
    rule: d.rule,
    file: d.file,
    line: d.line,
    interactionid: d.interactionid,
    message: d.message,
    session: d.session,
  };
}

/** The section-4 summary of a finished trace (call `finish` first for pending requests). */
export function summarize(state: TraceState): Summary {
  return {
    records: state.recordCount + state.rejected,
    events: state.events,
    actions: state.actions,
    rejected: state.rejected,
    interactions: [...state.interactions.values()].map(summarizeInteraction),
    links: state.links.map(summarizeLink),
    requests: state.requests.map(summarizeRequest),
    diagnostics: sortedDiagnostics(state).map(summarizeDiagnostic),
  };
}

/**
 * The same JSON as `JSON.stringify(summarize(state))`, produced in pieces of about `chunkChars`
 * so a million-event trace never needs its whole summary in memory at once.
 */
export function* summaryJsonChunks(state: TraceState, chunkChars = 1 << 16): Generator<string> {
  let buffer = `{"records":${state.recordCount + state.rejected},"events":${state.events},"actions":${state.actions},"rejected":${state.rejected}`;
  function* list<T>(key: string, items: Iterable<T>, toJson: (item: T) => unknown): Generator<string> {
    buffer += `,"${key}":[`;
    let first = true;
    for (const item of items) {
      const json = toJson(item);
      buffer += (first ? '' : ',') + (json instanceof RawJson ? json.text : JSON.stringify(json));
      first = false;
      if (buffer.length >= chunkChars) {
        yield buffer;
        buffer = '';
      }
    }
    buffer += ']';
  }
  yield* list('interactions', state.interactions.values(), interactionJson);
  yield* list('links', state.links, linkJson);
  yield* list('requests', state.requests, requestJson);
  yield* list('diagnostics', sortedDiagnostics(state), summarizeDiagnostic);
  yield buffer + '}';
}

/** JSON text built by hand, taken as is by `summaryJsonChunks`. */
class RawJson {
  constructor(readonly text: string) {}
}

/**
 * A string as JSON. Ids, states and names are short plain text, quoted as they are: checking
 * their characters costs less than a call into JSON.stringify, which takes the rest.
 */
function str(v: string | null): string {
  if (v === null) return 'null';
  const n = v.length;
  if (n > 64) return JSON.stringify(v);
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    // Control characters, quote, backslash and surrogates (lone ones are escaped) need JSON.stringify.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(v);
  }
  return '"' + v + '"';
}
/** `"YYYY-MM-DDTHH:MM:SS.mmmZ"`: `formatIso` quoted, without a concatenation per time. */
const quotedTimes = new TimeTexts((second) => '"' + second, (mmm) => `.${mmm}Z"`);

/** A time as a JSON string, or null. */
function time(ms: number | null): string {
  return ms === null ? 'null' : quotedTimes.text(ms);
}
const stampTime = (s: { at: number | null } | null): string => (s === null ? 'null' : time(s.at));

/**
 * `JSON.stringify(summarizeInteraction(ixn))` without the intermediate objects: building a
 * million parties' summaries was a third of the CLI's output time. summary.test.ts checks both
 * agree on every sample.
 */
function interactionJson(ixn: Interaction): RawJson {
  let parties = '';
  for (const p of ixn.parties.values()) {
    let states = '';
    for (const st of p.states) states += (states ? ',{"state":' : '{"state":') + str(st.state) + ',"at":' + time(st.at) + '}';
    const state = p.states.length > 0 ? p.states[p.states.length - 1].state : null;
    parties += `${parties ? ',' : ''}{"partyid":${str(p.partyid)},"focusresource":${str(p.focusresource)},"state":${str(state)},"added":${stampTime(p.added)},"deleted":${stampTime(p.deleted)},"states":[${states}]}`;
  }
  const a = ixn.abandoned;
  const abandoned = a === null ? 'null' : `{"at":${time(a.at)},"focusresource":${str(a.focusresource)},"reason":${str(a.reason)}}`;
  const deleted = ixn.held === 0 ? stampTime(ixn.deleted) : 'null';
  return new RawJson(
    `{"id":${str(ixn.id)},"sessions":${JSON.stringify(ixn.sessions)},"media":${str(ixn.media)},"implicit":${ixn.implicit},` +
      `"added":${stampTime(ixn.added)},"present":${stampTime(ixn.present)},"notcontrolled":${stampTime(ixn.notcontrolled)},` +
      `"deleted":${deleted},"abandoned":${abandoned},"udata":${JSON.stringify(ixn.udata)},"parties":[${parties}]}`,
  );
}

function linkJson(l: Link): RawJson {
  return new RawJson(`{"kind":"${l.kind}","at":${time(l.at)},"interactionid":${str(l.interactionid)},"from":${str(l.from)},"to":${str(l.to)},"type":${str(l.type)}}`);
}

function requestJson(r: Request): RawJson {
  return new RawJson(
    `{"requestid":${str(r.requestid)},"action":${str(r.action)},"session":${str(r.session)},"interactionid":${str(r.interactionid)},` +
      `"sent":${time(r.sent)},"result":"${r.result}","error":${str(r.error)},"description":${str(r.description)},"latencyMs":${r.latencyMs === null ? 'null' : r.latencyMs}}`,
  );
}
