/**
 * What the interaction list shows, derived from the trace: the static part once per store version
 * (ids, search text, worst problem), the cursor-dependent part per visible row.
 */
import type { Interaction, TraceState } from '../../model/state';
import { interactionStatusAt, partyAt, type InteractionStatus, type PartyView } from '../../model/timeTravel';
import { SEVERITY_RANK, type Severity, type TraceRecord } from '../../model/types';
import { asRecords, type Records } from '../../model/records';

export interface InteractionIndex {
  trace: TraceState;
  ids: string[];
  /** Most severe diagnostic naming the interaction. */
  worst: Map<string, Severity>;
}

export function indexInteractions(trace: TraceState): InteractionIndex {
  const ids = [...trace.interactions.keys()];
  const worst = new Map<string, Severity>();
  for (const d of trace.diagnostics) {
    if (d.interactionid === null) continue;
    const w = worst.get(d.interactionid);
    if (w === undefined || SEVERITY_RANK[d.severity] > SEVERITY_RANK[w]) worst.set(d.interactionid, d.severity);
  }
  return { trace, ids, worst };
}

/** Lower-case text a filter term is matched against: id, media, type, sessions, parties, resources. */
function searchText(ixn: Interaction): string {
  const words = [ixn.id, ixn.media ?? '', ixn.type ?? '', ...ixn.sessions];
  for (const p of ixn.parties.values()) words.push(p.partyid, p.focusresource ?? '');
  return words.join(' ').toLowerCase();
}

/** Ids whose search text holds every whitespace-separated term of `filter` (built only when filtering). */
export function filterInteractions(index: InteractionIndex, filter: string): string[] {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return index.ids;
  const out: string[] = [];
  for (const ixn of index.trace.interactions.values()) {
    const text = searchText(ixn);
    if (terms.every((t) => text.includes(t))) out.push(ixn.id);
  }
  return out;
}

export interface MergeAt {
  /** `into`: this interaction received the merge; `from`: it was merged into `other`. */
  direction: 'into' | 'from';
  other: string | null;
  type: 'transfer' | 'conference' | null;
}

export interface InteractionRowView {
  /** Null before the interaction's first record. */
  status: InteractionStatus | null;
  parties: PartyView[];
  merges: MergeAt[];
  /** Diverts, single-step transfers and conferences up to the cursor: [kind, count], in order of first. */
  otherLinks: [string, number][];
}

export function interactionRowAt(trace: TraceState, ixn: Interaction, cursor: number): InteractionRowView {
  const status = interactionStatusAt(ixn, cursor);
  const parties: PartyView[] = [];
  for (const p of ixn.parties.values()) {
    const view = partyAt(p, cursor);
    if (view) parties.push(view);
  }
  const merges: MergeAt[] = [];
  const otherCounts = new Map<string, number>();
  for (const li of ixn.links) {
    const link = trace.links[li];
    if (!link || link.index > cursor) continue;
    if (link.kind !== 'merge') {
      otherCounts.set(link.kind, (otherCounts.get(link.kind) ?? 0) + 1);
      continue;
    }
    const into = link.interactionid === ixn.id;
    merges.push({ direction: into ? 'into' : 'from', other: into ? link.from : link.interactionid, type: link.type });
  }
  return { status, parties, merges, otherLinks: [...otherCounts] };
}

/** From added (or first record) to deleted (or its last record); `open` while a session holds it at the end. */
export function lifetimeOf(ixn: Interaction, list: Records | readonly TraceRecord[]): { ms: number | null; open: boolean } {
  const records = asRecords(list);
  const start = ixn.added?.at ?? ixn.firstAt;
  let end = ixn.deleted?.at ?? null;
  const open = ixn.deleted === null;
  if (end === null && ixn.records.length > 0) {
    const last = ixn.records[ixn.records.length - 1];
    end = last < records.length ? records.time(last) : null;
  }
  return { ms: start !== null && end !== null ? Math.max(0, end - start) : null, open };
}
