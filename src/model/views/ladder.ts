/**
 * The call-flow ladder (sequence diagram, as in sngrep / Wireshark's flow graph / Homer): the
 * SCXML sessions and the resources (devices) of the selected interactions as columns, one row
 * per record in trace order. Requests are arrows session -> destination and their results come
 * back; diverts, single-step transfers/conferences and merges are arrows between resources;
 * party changes are notes on the party's resource column.
 *
 * A consult and its primary are one call to the reader, so the interactions given are extended
 * with every interaction merged with them (`withMerged`) and drawn in one ladder.
 */
import { eventSpec, type EventFamily } from '../catalogue';
import { idText } from '../ids';
import { asRecords, type Records } from '../records';
import type { Request, TraceState } from '../state';
import { recordName, type TraceRecord } from '../types';
import { linkLabel } from './graph';
import { countUpTo } from '../timeTravel';
import { requestsOf, withMerged } from './scope';

export interface LadderColumn {
  /** `s:<session>` or `r:<resource>` */
  key: string;
  label: string;
  kind: 'session' | 'resource';
}

export interface LadderRow {
  /** Record index. */
  index: number;
  time: number | null;
  /** The interaction the record names (`interactionid`, or `tointeractionid` for a merge). */
  interactionId: string | null;
  /** Event or action name. */
  name: string;
  /** `arrow` from one column to another, or a `note` on one column. */
  kind: 'arrow' | 'note';
  from: number;
  /** Column the arrow points at; equals `from` for a note. */
  to: number;
  text: string;
  /** Party state a note reports (colours it). */
  state: string | null;
  family: EventFamily | 'action' | 'other';
  /** A failed request or its error result. */
  error: boolean;
}

export interface Ladder {
  /** Interactions drawn: the ones asked for plus those merged with them. */
  interactionIds: string[];
  columns: LadderColumn[];
  rows: LadderRow[];
  /** Row of the record at the cursor, else the last row before it; -1 when none. */
  cursorRow: number;
}

/** One row's content before columns get numbers. */
interface RowDraft {
  kind: 'arrow' | 'note';
  from: string;
  to: string;
  text: string;
  state: string | null;
  error: boolean;
}

const sessionKey = (s: string) => `s:${s}`;
const resourceKey = (r: string) => `r:${r}`;

function text(value: unknown): string | null {
  return idText(value);
}

function partyResource(trace: TraceState, interactionId: string | null, partyId: string | null): string | null {
  if (interactionId === null || partyId === null) return null;
  return trace.interactions.get(interactionId)?.parties.get(partyId)?.focusresource ?? null;
}

function udataText(udata: unknown): string {
  if (typeof udata !== 'object' || udata === null || Array.isArray(udata)) return '';
  return Object.entries(udata as Record<string, unknown>)
    .map(([k, v]) => `${k}=${v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

/** Where a request points: its `to`, else its `from`, else nothing (a note on the session). */
function requestTarget(data: Record<string, unknown>): string | null {
  return text(data.to) ?? text(data.from) ?? text(data.location);
}

function draftOf(trace: TraceState, records: Records, record: TraceRecord, ixnId: string | null, bySent: Map<number, Request>, byResult: Map<number, Request>): RowDraft {
  const d = record.data;
  const session = sessionKey(record.session);
  const note = (col: string, body: string, state: string | null = null, error = false): RowDraft => ({
    kind: 'note', from: col, to: col, text: body, state, error,
  });
  const arrow = (from: string, to: string, body: string, error = false): RowDraft =>
    from === to ? note(from, body, null, error) : { kind: 'arrow', from, to, text: body, state: null, error };

  if (record.kind === 'action') {
    const request = bySent.get(record.index);
    const id = text(d.requestid);
    const target = requestTarget(d);
    const failed = request?.result === 'error';
    const body = [record.action, id, target !== null && text(d.to) !== null ? `to ${target}` : null].filter(Boolean).join(' ');
    return target !== null ? arrow(session, resourceKey(target), body, failed) : note(session, body, null, failed);
  }

  const spec = eventSpec(record.name);
  if (spec?.family === 'result') {
    const request = byResult.get(record.index);
    const failed = spec.effect === 'result-error';
    const detail = failed
      ? `: ${[text(d.error), text(d.description)].filter(Boolean).join(' ')}`
      : request?.latencyMs != null ? ` (${request.latencyMs} ms)` : '';
    const body = `${spec.label} ${text(d.requestid) ?? ''}${detail}`.replace(/ +$/, '');
    const target = request && request.sentIndex < records.length ? requestTarget(records.get(request.sentIndex).data) : null;
    return target !== null ? arrow(resourceKey(target), session, body, failed) : note(session, body, null, failed);
  }

  switch (spec?.effect) {
    case 'partyadded':
    case 'partystatechanged':
    case 'partydeleted': {
      const party = text(d.partyid) ?? '?';
      const res = text(d.focusresource) ?? partyResource(trace, ixnId, party);
      const state = text(d.partystate);
      const body =
        spec.effect === 'partyadded' ? `${party} added (${state ?? '?'})`
        : spec.effect === 'partydeleted' ? `${party} deleted (${state ?? '?'})`
        : `${party} → ${state ?? '?'}`;
      return note(res !== null ? resourceKey(res) : session, body, state);
    }
    case 'divert':
    case 'singlesteptransfer': {
      const role = spec.effect === 'divert' ? 'diverting' : 'transferring';
      const party = text(d[`${role}partyid`]);
      const from = text(d[`${role}resource`]) ?? partyResource(trace, ixnId, party);
      const to = text(d.newdestination);
      const body = `${linkLabel(spec.effect, null)} ${party ?? '?'} → ${to ?? '?'}`;
      if (from === null || to === null) return note(session, body);
      return arrow(resourceKey(from), resourceKey(to), body);
    }
    case 'singlestepconference': {
      const party = text(d.conferencingpartyid);
      const from = text(d.conferencingresource) ?? partyResource(trace, ixnId, party);
      const to = text(d.addedresource);
      const body = `${linkLabel('singlestepconference', null)} ${party ?? '?'} adds ${text(d.addedpartyid) ?? '?'} ${to ?? '?'}`;
      if (from === null || to === null) return note(session, body);
      return arrow(resourceKey(from), resourceKey(to), body);
    }
    case 'merge': {
      const hints = d.hints as Record<string, unknown> | undefined;
      const type = hints?.type === 'transfer' || hints?.type === 'conference' ? hints.type : null;
      const body = `${linkLabel('merge', type)} ${text(d.frominteractionid) ?? '?'} → ${text(d.tointeractionid) ?? '?'}`;
      const from = text(d.activeresource);
      const to = text(d.heldresource);
      if (from === null || to === null) return note(session, body);
      return arrow(resourceKey(from), resourceKey(to), body);
    }
    case 'added': {
      const kind = [text(d.media), text(d.type)].filter(Boolean).join(' ');
      return note(session, `added${kind ? ` (${kind})` : ''}`);
    }
    case 'abandoned': {
      const res = text(d.focusresource);
      const body = `abandoned${text(d.reason) ? ` (${text(d.reason)})` : ''}`;
      return note(res !== null ? resourceKey(res) : session, body, null, true);
    }
    case 'udatachanged':
      return note(session, `udata ${udataText(d.udata)}`.trim());
    case 'present':
    case 'notcontrolled':
    case 'deleted':
    case 'restored':
      return note(session, spec.label);
    default:
      return note(session, recordName(record));
  }
}

function familyOf(record: TraceRecord): LadderRow['family'] {
  if (record.kind === 'action') return 'action';
  return eventSpec(record.name)?.family ?? 'other';
}

function interactionOf(record: TraceRecord, request: Request | undefined): string | null {
  return text(record.data.interactionid) ?? text(record.data.tointeractionid) ?? request?.interactionid ?? null;
}

/**
 * Indexes of the records naming any of `ids`, ascending, each once. An interaction's list is
 * ascending already (a record naming it twice is in it twice): one interaction's costs a pass,
 * not a set and a sort (200k records of one call: the set and the sort were a third of its ladder).
 */
function recordsOf(trace: TraceState, ids: readonly string[]): number[] {
  const lists = ids.map((id) => trace.interactions.get(id)!.records);
  let all = lists.length === 1 ? lists[0] : null;
  if (all === null) {
    // Typed arrays sort by value.
    all = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
    let at = 0;
    for (const l of lists) {
      all.set(l, at);
      at += l.length;
    }
    all.sort();
  }
  const out: number[] = [];
  for (const i of all) if (out.length === 0 || out[out.length - 1] !== i) out.push(i);
  return out;
}

/**
 * Builds a ladder a slice at a time: one call with 200k records reads each of them (half a second),
 * so the view works on it between frames (`build(more)`) instead of in one task.
 */
export class LadderBuilder {
  readonly interactionIds: string[];
  private readonly records: Records;
  private readonly sorted: number[];
  private readonly bySent = new Map<number, Request>();
  private readonly byResult = new Map<number, Request>();
  private readonly sessionCols: string[] = [];
  private readonly resourceCols: string[] = [];
  private readonly seen = new Set<string>();
  private readonly drafts: { record: TraceRecord; draft: RowDraft; ixn: string | null }[] = [];
  /** Position in `sorted` of the next record to read. */
  private next = 0;
  private built: Omit<Ladder, 'cursorRow'> | null = null;

  constructor(
    private readonly trace: TraceState,
    list: Records | readonly TraceRecord[],
    interactionIds: readonly string[],
  ) {
    this.records = asRecords(list);
    this.interactionIds = withMerged(trace, interactionIds);
    this.sorted = recordsOf(trace, this.interactionIds);
    for (const i of requestsOf(trace, this.interactionIds)) {
      const r = trace.requests[i];
      this.bySent.set(r.sentIndex, r);
      if (r.resultIndex >= 0) this.byResult.set(r.resultIndex, r);
    }
  }

  /** Records read so far, of `total`. */
  get done(): number {
    return this.next;
  }

  get total(): number {
    return this.sorted.length;
  }

  get complete(): boolean {
    return this.built !== null;
  }

  /** Reads records while `more()` says there is time (asked every 500 records); true once the ladder is complete. */
  build(more: () => boolean = () => true): boolean {
    const { records, sorted, trace, bySent, byResult } = this;
    while (this.next < sorted.length) {
      const stop = Math.min(sorted.length, this.next + 500);
      for (; this.next < stop; this.next++) {
        const index = sorted[this.next];
        if (index >= records.length) continue;
        const record = records.get(index);
        const ixn = interactionOf(record, bySent.get(index) ?? byResult.get(index));
        const draft = draftOf(trace, records, record, ixn, bySent, byResult);
        this.use(sessionKey(record.session));
        // The parties an interaction starts with are columns from the first row on.
        if (Array.isArray(record.data.parties)) {
          for (const p of record.data.parties) {
            const res = typeof p === 'object' && p !== null ? text((p as Record<string, unknown>).focusresource) : null;
            if (res !== null) this.use(resourceKey(res));
          }
        }
        this.use(draft.from);
        this.use(draft.to);
        this.drafts.push({ record, draft, ixn });
      }
      if (this.next < sorted.length && !more()) return false;
    }
    this.finish();
    return true;
  }

  /** The ladder, with the row of the record at `cursor` (or the last before it): once complete. */
  ladder(cursor: number): Ladder {
    if (this.built === null) throw new Error('the ladder is not complete yet');
    return { ...this.built, cursorRow: countUpTo(this.built.rows, cursor) - 1 };
  }

  private use(key: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    (key.startsWith('s:') ? this.sessionCols : this.resourceCols).push(key);
  }

  private finish(): void {
    if (this.built !== null) return;
    const keys = [...this.sessionCols, ...this.resourceCols];
    const column = new Map(keys.map((k, i) => [k, i]));
    const columns: LadderColumn[] = keys.map((k) => ({
      key: k,
      label: k.slice(2),
      kind: k.startsWith('s:') ? 'session' : 'resource',
    }));
    const rows: LadderRow[] = this.drafts.map(({ record, draft, ixn }) => ({
      index: record.index,
      time: record.time,
      interactionId: ixn,
      name: recordName(record),
      kind: draft.kind,
      from: column.get(draft.from)!,
      to: column.get(draft.to)!,
      text: draft.text,
      state: draft.state,
      family: familyOf(record),
      error: draft.error,
    }));
    this.drafts.length = 0;
    this.built = { interactionIds: this.interactionIds, columns, rows };
  }
}

/** Ladder rows for `interactionIds` (and everything merged with them), with the cursor's row. */
export function ladderRows(trace: TraceState, list: Records | readonly TraceRecord[], interactionIds: readonly string[], cursor: number): Ladder {
  const builder = new LadderBuilder(trace, list, interactionIds);
  builder.build();
  return builder.ladder(cursor);
}
