/**
 * What a record changed in an interaction: the difference between the interaction as the data
 * model saw it before the record (`interactionAt(index - 1)`) and after it (`interactionAt(index)`).
 * The inspector lists these, as Redux DevTools shows the diff of an action.
 */
import { valueText } from './recordColumns';
import type { InteractionView, PartyView } from './timeTravel';

export type ChangeKind =
  | 'interaction-added'
  | 'interaction-gone'
  | 'status'
  | 'media'
  | 'session'
  | 'party-added'
  | 'party-state'
  | 'party-deleted'
  | 'udata-set'
  | 'udata-removed'
  | 'link-added'
  | 'abandoned';

export interface Change {
  kind: ChangeKind;
  interactionid: string;
  /** What changed: a party id, a udata key, a session id, `status`, `media`... */
  subject: string;
  /** Value before, as text; null when there was none. */
  from: string | null;
  /** Value after, as text; null when it is gone. */
  to: string | null;
}

function partyLabel(p: PartyView): string {
  return p.focusresource ? `${p.partyid} (${p.focusresource})` : p.partyid;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Changes from `before` to `after` (either may be null: not there yet / not any more). */
export function diffInteraction(before: InteractionView | null, after: InteractionView | null): Change[] {
  if (after === null) {
    return before === null ? [] : [{ kind: 'interaction-gone', interactionid: before.id, subject: before.id, from: before.status, to: null }];
  }
  const id = after.id;
  const changes: Change[] = [];
  const push = (kind: ChangeKind, subject: string, from: string | null, to: string | null) =>
    changes.push({ kind, interactionid: id, subject, from, to });

  if (before === null) {
    push('interaction-added', id, null, [after.media, after.type].filter(Boolean).join(' ') || after.status);
  } else if (before.status !== after.status) {
    push('status', 'status', before.status, after.status);
  }
  const beforeMedia = before?.media ?? null;
  if (before !== null && beforeMedia !== after.media) push('media', 'media', beforeMedia, after.media);

  const beforeSessions = new Map((before?.sessions ?? []).map((s) => [s.session, s]));
  for (const s of after.sessions) {
    const text = sessionText(s);
    const old = beforeSessions.get(s.session);
    const oldText = old ? sessionText(old) : null;
    if (oldText !== text) push('session', s.session, oldText, text);
  }

  const beforeParties = new Map((before?.parties ?? []).map((p) => [p.partyid, p]));
  for (const p of after.parties) {
    const old = beforeParties.get(p.partyid);
    if (!old) {
      push('party-added', partyLabel(p), null, p.state);
      continue;
    }
    if (old.state !== p.state) push('party-state', partyLabel(p), old.state, p.state);
    if (old.deleted === null && p.deleted !== null) push('party-deleted', partyLabel(p), p.state, null);
  }

  const oldUdata = before?.udata ?? {};
  for (const key of Object.keys(after.udata)) {
    const had = Object.hasOwn(oldUdata, key);
    if (!had || !sameValue(oldUdata[key], after.udata[key])) {
      push('udata-set', key, had ? valueText(oldUdata[key]) : null, valueText(after.udata[key]));
    }
  }
  for (const key of Object.keys(oldUdata)) {
    if (!Object.hasOwn(after.udata, key)) push('udata-removed', key, valueText(oldUdata[key]), null);
  }

  const oldLinks = new Set(before?.links ?? []);
  for (const link of after.links) {
    if (oldLinks.has(link)) continue;
    const what = link.kind === 'merge' ? `merge${link.type ? ` (${link.type})` : ''}` : link.kind;
    push('link-added', what, link.from, link.to);
  }

  if ((before?.abandoned ?? null) === null && after.abandoned !== null) {
    push('abandoned', after.abandoned.focusresource ?? id, null, after.abandoned.reason ?? 'abandoned');
  }
  return changes;
}

function sessionText(s: InteractionView['sessions'][number]): string {
  if (s.status === 'deleted') return 'deleted';
  if (s.notcontrolled) return 'notcontrolled';
  return s.present ? 'present' : 'added';
}

/** One line for a change, e.g. `P3 (7001) ringing → established`. */
export function changeText(c: Change): string {
  switch (c.kind) {
    case 'interaction-added':
      return `interaction ${c.interactionid} appears (${c.to})`;
    case 'interaction-gone':
      return `interaction ${c.interactionid} is gone`;
    case 'party-added':
      return `party ${c.subject} added${c.to ? ` as ${c.to}` : ''}`;
    case 'party-deleted':
      return `party ${c.subject} deleted`;
    case 'udata-set':
      return c.from === null ? `udata ${c.subject} = ${c.to}` : `udata ${c.subject}: ${c.from} → ${c.to}`;
    case 'udata-removed':
      return `udata ${c.subject} removed (was ${c.from})`;
    case 'link-added':
      return `${c.subject}: ${c.from ?? '?'} → ${c.to ?? '?'}`;
    case 'abandoned':
      return `abandoned at ${c.subject}: ${c.to}`;
    case 'session':
      return `session ${c.subject}: ${c.from ?? '—'} → ${c.to}`;
    default:
      return `${c.subject}: ${c.from ?? '—'} → ${c.to ?? '—'}`;
  }
}
