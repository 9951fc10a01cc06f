/**
 * The text report of `ixnscope summarize` (without `--json`), piece by piece: its header, an
 * interaction's block, a request on no known interaction, a diagnostic. `summarize.ts` puts them
 * together for one state, `split.ts` for a file reduced in two parts.
 */
import { printable } from '../model/parser';
import { sortedDiagnostics } from '../model/reducer';
import type { Interaction, Link, Request, TraceState } from '../model/state';
import { TimeTexts } from '../model/time';
import type { Diagnostic } from '../model/types';

/** `YYYY-MM-DD HH:MM:SS.mmm` (a year beyond 9999 keeps its sign and digits) and `HH:MM:SS.mmm`. */
const dateTimes = new TimeTexts((second) => second.replace('T', ' '), (mmm) => `.${mmm}`);
const clocks = new TimeTexts((second) => second.slice(second.indexOf('T') + 1), (mmm) => `.${mmm}`);

/** A stamp's time as `YYYY-MM-DD HH:MM:SS.mmm`, or `-`. */
function st(stamp: { at: number | null } | null): string {
  return stamp === null || stamp.at === null ? '-' : dateTimes.text(stamp.at);
}

/** The time of day `HH:MM:SS.mmm`, or empty when unknown. */
function clock(ms: number | null): string {
  return ms === null ? '' : clocks.text(ms);
}

/** The requests of each interaction (in the order sent), and those on no interaction the state knows. */
export function requestsByInteraction(state: TraceState): { byInteraction: Map<Interaction, Request[]>; orphans: Request[] } {
  // Keyed by the interaction object: one lookup of the id text per request.
  const byInteraction = new Map<Interaction, Request[]>();
  const orphans: Request[] = [];
  for (const r of state.requests) {
    const ixn = r.interactionid !== null ? state.interactions.get(r.interactionid) : undefined;
    if (!ixn) orphans.push(r);
    else {
      const list = byInteraction.get(ixn);
      if (list) list.push(r);
      else byInteraction.set(ixn, [r]);
    }
  }
  return { byInteraction, orphans };
}

/** Totals of the report's first three lines. */
export interface ReportCounts {
  records: number;
  events: number;
  actions: number;
  rejected: number;
  interactions: number;
  links: number;
  requests: number;
}

/** The report's first three lines. */
export function reportHeader(c: ReportCounts, diagnostics: readonly Diagnostic[]): string[] {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return [
    `${c.records} records: ${c.events} events, ${c.actions} actions, ${c.rejected} rejected`,
    `${c.interactions} interactions, ${c.links} links, ${c.requests} requests`,
    `${counts.error} errors, ${counts.warning} warnings, ${counts.info} info`,
  ];
}

/** An interaction's block of the report (a blank line first), pushed onto `out`. */
export function interactionBlock(out: string[], state: TraceState, ixn: Interaction, requests: readonly Request[] | undefined): void {
  // Read from the state directly: building summary objects for a million-event report cost more
  // than writing it.
  out.push('');
  const flags = [ixn.media ?? 'media unknown', `sessions ${ixn.sessions.join(', ') || '-'}`];
  if (ixn.implicit) flags.push('implicit (never added)');
  const deleted = ixn.held === 0 ? ixn.deleted : null;
  out.push(`interaction ${ixn.id}  (${flags.join('; ')})`);
  out.push(`  added ${st(ixn.added)}  present ${st(ixn.present)}  notcontrolled ${st(ixn.notcontrolled)}  deleted ${st(deleted)}`);
  if (ixn.abandoned) out.push(`  abandoned ${st(ixn.abandoned)} by ${ixn.abandoned.focusresource ?? '?'}: ${ixn.abandoned.reason ?? ''}`);
  if (hasKeys(ixn.udata)) out.push(`  udata ${JSON.stringify(ixn.udata)}`);
  for (const p of ixn.parties.values()) {
    let history = '';
    for (const entry of p.states) history += `${history ? ' -> ' : ''}${entry.state} @${clock(entry.at)}`;
    const end = p.deleted && p.deleted.at !== null ? `  [deleted ${clock(p.deleted.at)}]` : '';
    out.push(`  party ${p.partyid} ${p.focusresource ?? '?'}: ${history || '(no state)'}${end}`);
  }
  for (const li of ixn.links) out.push(`  ${linkText(state.links[li])}`);
  for (const r of requests ?? []) out.push(`  ${requestText(r)}`);
}

/** The line of a request on no known interaction. */
export function orphanLine(r: Request): string {
  return `  ${requestText(r)}`;
}

/** The line of a diagnostic. */
export function diagnosticLine(d: Diagnostic): string {
  return `  ${d.file}:${d.line}: ${d.severity} ${d.rule}: ${d.message}`;
}

/** Whether user data has a key, without listing them (udata objects have no inherited keys). */
function hasKeys(udata: Record<string, unknown>): boolean {
  for (const key in udata) if (Object.hasOwn(udata, key)) return true;
  return false;
}

/** Control characters but the line feed (and bidi/line-separator marks), as `printable` escapes them. */
const UNPRINTABLE_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Report lines as terminal text: control characters from the trace are shown escaped, never sent.
 * One scan of the joined chunk decides; only a chunk with such a character (or a line feed inside
 * a line) is escaped line by line.
 */
export function textOf(lines: string[]): string {
  const text = lines.join('\n') + '\n';
  let feeds = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) feeds++;
  if (feeds === lines.length && !UNPRINTABLE_BUT_LF.test(text)) return text;
  return lines.map(printable).join('\n') + '\n';
}

function linkText(l: Link): string {
  const what = l.kind === 'merge' ? `merge${l.type ? ` (${l.type})` : ''}: ${l.from} -> ${l.to}` : `${l.kind}: ${l.from ?? '?'} -> ${l.to ?? '?'}`;
  return `${clock(l.at)} ${what}`;
}

function requestText(r: Request): string {
  const result = r.result === 'error' ? `error ${r.error ?? ''}${r.description ? ` (${r.description})` : ''}` : r.result;
  const latency = r.latencyMs === null ? '' : ` in ${r.latencyMs} ms`;
  return `${clock(r.sent)} request ${r.requestid} ${r.action} [${r.session}]: ${result}${latency}`;
}

/** The human report: one block per interaction, then diagnostics; streamed per interaction. */
export function* reportChunks(state: TraceState): Generator<string> {
  const { byInteraction, orphans } = requestsByInteraction(state);
  const out = reportHeader(
    {
      records: state.recordCount + state.rejected,
      events: state.events,
      actions: state.actions,
      rejected: state.rejected,
      interactions: state.interactions.size,
      links: state.links.length,
      requests: state.requests.length,
    },
    state.diagnostics,
  );
  for (const interaction of state.interactions.values()) {
    interactionBlock(out, state, interaction, byInteraction.get(interaction));
    if (out.length > 2000) yield textOf(out.splice(0));
  }
  if (orphans.length > 0) {
    out.push('', 'requests on no known interaction:');
    for (const r of orphans) out.push(orphanLine(r));
  }
  if (state.diagnostics.length > 0) {
    out.push('', 'diagnostics:');
    for (const d of sortedDiagnostics(state)) {
      out.push(diagnosticLine(d));
      if (out.length > 2000) yield textOf(out.splice(0));
    }
  }
  yield textOf(out);
}
