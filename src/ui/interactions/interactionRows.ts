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
  /**
   * Search texts by position in `ids`, gathered in idle time (`gatherSearchTexts`) or at the first
   * filter of this version of the trace, whichever comes first; `texts.length` says how far.
   */
  texts: string[];
  /** Reads `trace.interactions` in `ids` order while gathering. */
  cursor: Iterator<Interaction> | null;
}

export function indexInteractions(trace: TraceState): InteractionIndex {
  const ids = [...trace.interactions.keys()];
  const worst = new Map<string, Severity>();
  for (const d of trace.diagnostics) {
    if (d.interactionid === null) continue;
    const w = worst.get(d.interactionid);
    if (w === undefined || SEVERITY_RANK[d.severity] > SEVERITY_RANK[w]) worst.set(d.interactionid, d.severity);
  }
  return { trace, ids, worst, texts: [], cursor: null };
}

interface SearchText {
  text: string;
  /** What the text was made from: the interaction's fields it reads change only these ways. */
  parties: number;
  resources: number;
  sessions: readonly string[];
  media: string | null;
  type: string | null;
}

/**
 * Each interaction's search text, kept while the fields it is made from stay as they were (the
 * reducer replaces `sessions` when it grows, adds parties, and sets a party's resource once), so
 * a new version of a trace remakes only the texts of interactions that changed.
 */
const searchTexts = new WeakMap<Interaction, SearchText>();

/** Lower-case text a filter term is matched against: id, media, type, sessions, parties, resources. */
function searchText(ixn: Interaction): string {
  let resources = 0;
  for (const p of ixn.parties.values()) if (p.focusresource !== null) resources++;
  const kept = searchTexts.get(ixn);
  if (
    kept !== undefined &&
    kept.parties === ixn.parties.size &&
    kept.resources === resources &&
    kept.sessions === ixn.sessions &&
    kept.media === ixn.media &&
    kept.type === ixn.type
  ) {
    return kept.text;
  }
  let text = `${ixn.id} ${ixn.media ?? ''} ${ixn.type ?? ''}`;
  for (const s of ixn.sessions) text += ` ${s}`;
  for (const p of ixn.parties.values()) text += ` ${p.partyid} ${p.focusresource ?? ''}`;
  text = text.toLowerCase();
  searchTexts.set(ixn, { text, parties: ixn.parties.size, resources, sessions: ixn.sessions, media: ixn.media, type: ixn.type });
  return text;
}

/**
 * Gathers search texts until `more()` says stop or all are gathered (returns true then). The
 * interaction list calls it in idle time, so the first keystroke of a filter over a million-record
 * trace finds them ready (making them all took 137 ms in Node at 64k interactions; checking kept
 * ones for a new version of the trace, 43 ms).
 */
export function gatherSearchTexts(index: InteractionIndex, more: () => boolean = () => true): boolean {
  const { texts, ids } = index;
  if (texts.length >= ids.length) return true;
  index.cursor ??= index.trace.interactions.values();
  while (texts.length < ids.length) {
    for (let n = 0; n < 256 && texts.length < ids.length; n++) {
      const next = index.cursor.next();
      if (next.done) return true;
      texts.push(searchText(next.value));
    }
    if (texts.length < ids.length && !more()) return false;
  }
  return true;
}

/**
 * Ids whose search text holds every whitespace-separated term of `filter`. The texts are gathered
 * once per version of the trace (`index.texts`): later keystrokes read a flat array of strings
 * (1M trace in Node: 41-49 ms a keystroke when each interaction was visited, about 1-6 ms now).
 */
export function filterInteractions(index: InteractionIndex, filter: string): string[] {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return index.ids;
  gatherSearchTexts(index);
  const { texts } = index;
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    let all = true;
    for (const t of terms) {
      if (!text.includes(t)) {
        all = false;
        break;
      }
    }
    if (all) out.push(index.ids[i]);
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
  const deleted = ixn.deleted;
  let end = deleted?.at ?? null;
  const open = deleted === null;
  const last = ixn.lastRecord;
  if (end === null && last >= 0) end = last < records.length ? records.time(last) : null;
  return { ms: start !== null && end !== null ? Math.max(0, end - start) : null, open };
}
