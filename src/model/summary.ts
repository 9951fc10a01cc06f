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
  const states = p.states;
  return {
    partyid: p.partyid,
    focusresource: p.focusresource,
    state: states.length > 0 ? states[states.length - 1].state : null,
    added: p.added ? formatIso(p.added.at) : null,
    deleted: p.deleted ? formatIso(p.deleted.at) : null,
    states: states.map((s) => ({ state: s.state, at: formatIso(s.at) })),
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

/** The counts that open the summary. */
export interface SummaryCounts {
  records: number;
  events: number;
  actions: number;
  rejected: number;
}

/** The counts that open the summary, of one state (`records` counts rejected lines too). */
export function summaryCounts(state: TraceState): SummaryCounts {
  return { records: state.recordCount + state.rejected, events: state.events, actions: state.actions, rejected: state.rejected };
}

/**
 * One section of the summary: its items and how each becomes JSON text. An item may also be a
 * run of several items already written as UTF-8 bytes, separated by commas (see `src/model/split.ts`).
 */
export interface SummarySection<T> {
  items: Iterable<T>;
  json: (item: T) => string | Uint8Array;
}

/** `JSON.stringify(summarizeDiagnostic(d))`. */
export const diagnosticJson = (d: Diagnostic): string => JSON.stringify(summarizeDiagnostic(d));

/**
 * The same JSON as `JSON.stringify(summarize(state))`, produced in pieces of about `chunkChars`
 * so a million-event trace never needs its whole summary in memory at once.
 */
export function summaryJsonChunks(state: TraceState, chunkChars = 1 << 16): Generator<string> {
  return summaryJsonChunksOf(
    summaryCounts(state),
    { items: state.interactions.values(), json: interactionJson },
    { items: state.links, json: linkJson },
    { items: state.requests, json: requestJson },
    sortedDiagnostics(state),
    chunkChars,
  ) as Generator<string>;
}

/**
 * The summary's JSON from its parts, in pieces of about `chunkChars`: text, and the byte runs of
 * sections that have them as they are. `summaryJsonChunks` for one state; the CLI for a file
 * reduced in two parts (`src/cli/split.ts`).
 */
export function* summaryJsonChunksOf<I, L, R>(
  counts: SummaryCounts,
  interactions: SummarySection<I>,
  links: SummarySection<L>,
  requests: SummarySection<R>,
  diagnostics: Iterable<Diagnostic>,
  chunkChars = 1 << 16,
): Generator<string | Uint8Array> {
  const out = new SummaryWriter(counts, chunkChars);
  yield* out.section('interactions', interactions);
  yield* out.section('links', links);
  yield* out.section('requests', requests);
  yield* out.section('diagnostics', { items: diagnostics, json: diagnosticJson });
  yield out.end();
}

/** Writes the summary's JSON section by section, item by item, in pieces of about `chunkChars`. */
export class SummaryWriter {
  private buffer: string;
  private first = true;
  private inList = false;

  constructor(
    counts: SummaryCounts,
    private readonly chunkChars = 1 << 16,
  ) {
    this.buffer = `{"records":${counts.records},"events":${counts.events},"actions":${counts.actions},"rejected":${counts.rejected}`;
  }

  /** Opens the list `key` (the previous one is closed). */
  open(key: string): void {
    this.buffer += `${this.inList ? ']' : ''},"${key}":[`;
    this.inList = true;
    this.first = true;
  }

  /** Adds an item, or a run of items as bytes, to the open list; returns the pieces ready, if any. */
  add(piece: string | Uint8Array): (string | Uint8Array)[] | null {
    const comma = this.first ? '' : ',';
    this.first = false;
    if (typeof piece !== 'string') {
      const text = this.buffer + comma;
      this.buffer = '';
      return [text, piece];
    }
    this.buffer += comma + piece;
    if (this.buffer.length < this.chunkChars) return null;
    const text = this.buffer;
    this.buffer = '';
    return [text];
  }

  /** A whole section: opens it and adds every item. */
  *section<T>(key: string, section: SummarySection<T>): Generator<string | Uint8Array> {
    this.open(key);
    const json = section.json;
    for (const item of section.items) {
      const ready = this.add(json(item));
      if (ready !== null) yield* ready;
    }
  }

  /** What is buffered so far (to write it before a wait). */
  take(): string {
    const text = this.buffer;
    this.buffer = '';
    return text;
  }

  /** What is left, with the closing brackets. */
  end(): string {
    const text = this.buffer + (this.inList ? ']' : '') + '}';
    this.buffer = '';
    this.inList = false;
    return text;
  }
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
export function interactionJson(ixn: Interaction): string {
  let parties = '';
  for (const p of ixn.parties.values()) {
    let states = '';
    const list = p.states;
    for (const st of list) states += (states ? ',{"state":' : '{"state":') + str(st.state) + ',"at":' + time(st.at) + '}';
    const state = list.length > 0 ? list[list.length - 1].state : null;
    parties += `${parties ? ',' : ''}{"partyid":${str(p.partyid)},"focusresource":${str(p.focusresource)},"state":${str(state)},"added":${stampTime(p.added)},"deleted":${stampTime(p.deleted)},"states":[${states}]}`;
  }
  const a = ixn.abandoned;
  const abandoned = a === null ? 'null' : `{"at":${time(a.at)},"focusresource":${str(a.focusresource)},"reason":${str(a.reason)}}`;
  const deleted = ixn.held === 0 ? stampTime(ixn.deleted) : 'null';
  return (
    `{"id":${str(ixn.id)},"sessions":${JSON.stringify(ixn.sessions)},"media":${str(ixn.media)},"implicit":${ixn.implicit},` +
    `"added":${stampTime(ixn.added)},"present":${stampTime(ixn.present)},"notcontrolled":${stampTime(ixn.notcontrolled)},` +
    `"deleted":${deleted},"abandoned":${abandoned},"udata":${JSON.stringify(ixn.udata)},"parties":[${parties}]}`
  );
}

/** `JSON.stringify(summarizeLink(l))`, built by hand like `interactionJson`. */
export function linkJson(l: Link): string {
  return `{"kind":"${l.kind}","at":${time(l.at)},"interactionid":${str(l.interactionid)},"from":${str(l.from)},"to":${str(l.to)},"type":${str(l.type)}}`;
}

/** `JSON.stringify(summarizeRequest(r))`, built by hand like `interactionJson`. */
export function requestJson(r: Request): string {
  return (
    `{"requestid":${str(r.requestid)},"action":${str(r.action)},"session":${str(r.session)},"interactionid":${str(r.interactionid)},` +
      `"sent":${time(r.sent)},"result":"${r.result}","error":${str(r.error)},"description":${str(r.description)},"latencyMs":${r.latencyMs === null ? 'null' : r.latencyMs}}`
  );
}
