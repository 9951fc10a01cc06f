/**
 * Permalinks: the trace URL, the cursor, the selection and the event-table filters in the URL
 * hash, so a copied link reopens the same view. The codec is pure (the UI reads and writes
 * `location`); keys are short and values stay readable (`#trace=/samples/a.ndjson&at=12&ixn=I1`).
 *
 * The cursor is a record index, which is stable because parsing and merging are deterministic for
 * the same files. `name` is kept for traces read from local files (no URL), so opening that file
 * again can land on the linked record.
 */
import { FAMILY_COLOURS } from '../model/catalogue';
import type { RecordFamily } from '../model/recordColumns';
import type { Severity } from '../model/types';
import { clearFilters, getFilters, setFilters, TIME_FORMATS, type FiltersState, type TimeFormat } from './filters';
import { selectInteraction, selectParty, setCursor, useStore } from './store';

export interface Permalink {
  /** URL the trace is read from, as written (relative to the page is fine). */
  trace: string | null;
  /** Name of the trace shown when the link was made (local files have no URL). */
  name: string | null;
  /** Record index of the cursor. */
  cursor: number | null;
  interaction: string | null;
  party: string | null;
  /** Only the filters that differ from "no filter". */
  filters: Partial<FiltersState>;
}

export const EMPTY_PERMALINK: Permalink = { trace: null, name: null, cursor: null, interaction: null, party: null, filters: {} };

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const FAMILIES = Object.keys(FAMILY_COLOURS) as RecordFamily[];

/** Encodes a value for a `key=value` pair, leaving `/`, `:` and `@` readable. */
function enc(value: string): string {
  return encodeURIComponent(value).replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%40/g, '@');
}

/** A list as `a,b`; commas and percent signs inside items are escaped first. */
function encList(items: readonly string[]): string {
  return enc(items.map((i) => i.replace(/[%,]/g, (c) => encodeURIComponent(c))).join(','));
}

function decList(text: string): string[] {
  return text
    .split(',')
    .filter((i) => i !== '')
    .map((i) => safeDecode(i));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function encodePermalink(link: Permalink): string {
  const parts: string[] = [];
  const put = (key: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') parts.push(`${key}=${value}`);
  };
  put('trace', link.trace !== null ? enc(link.trace) : null);
  if (link.trace === null) put('name', link.name !== null ? enc(link.name) : null);
  put('at', link.cursor !== null && link.cursor >= 0 ? String(link.cursor) : null);
  put('ixn', link.interaction !== null ? enc(link.interaction) : null);
  put('party', link.party !== null && link.interaction !== null ? enc(link.party) : null);
  const f = link.filters;
  put('q', f.text ? enc(f.text) : null);
  put('family', f.families?.length ? encList(f.families) : null);
  put('event', f.names?.length ? encList(f.names) : null);
  put('fixn', f.interaction ? enc(f.interaction) : null);
  put('fparty', f.party ? enc(f.party) : null);
  put('fsession', f.session ? enc(f.session) : null);
  put('sev', f.minSeverity ?? null);
  put('time', f.timeFormat && f.timeFormat !== 'absolute' ? f.timeFormat : null);
  return parts.join('&');
}

/** Reads a hash (with or without `#`); unknown keys and invalid values are ignored. */
export function decodePermalink(hash: string): Permalink {
  const link: Permalink = { ...EMPTY_PERMALINK, filters: {} };
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq);
    const value = safeDecode(pair.slice(eq + 1));
    if (value === '') continue;
    switch (key) {
      case 'trace':
        link.trace = value;
        break;
      case 'name':
        link.name = value;
        break;
      case 'at':
        if (/^\d{1,15}$/.test(value)) link.cursor = Number(value);
        break;
      case 'ixn':
        link.interaction = value;
        break;
      case 'party':
        link.party = value;
        break;
      case 'q':
        link.filters.text = value;
        break;
      case 'family': {
        const families = decList(value).filter((f): f is RecordFamily => (FAMILIES as string[]).includes(f));
        if (families.length > 0) link.filters.families = families;
        break;
      }
      case 'event':
        link.filters.names = decList(value);
        break;
      case 'fixn':
        link.filters.interaction = value;
        break;
      case 'fparty':
        link.filters.party = value;
        break;
      case 'fsession':
        link.filters.session = value;
        break;
      case 'sev':
        if ((SEVERITIES as string[]).includes(value)) link.filters.minSeverity = value as Severity;
        break;
      case 'time':
        if ((TIME_FORMATS as readonly string[]).includes(value)) link.filters.timeFormat = value as TimeFormat;
        break;
    }
  }
  if (link.interaction === null) link.party = null;
  return link;
}

/** True when the link says anything about the view (not just which trace). */
export function hasView(link: Permalink): boolean {
  return link.cursor !== null || link.interaction !== null || Object.keys(link.filters).length > 0;
}

/** The permalink of what is on screen now. */
export function currentPermalink(): Permalink {
  const s = useStore.getState();
  const f = getFilters();
  const filters: Partial<FiltersState> = {};
  if (f.text.trim() !== '') filters.text = f.text;
  if (f.families.length > 0) filters.families = f.families;
  if (f.names.length > 0) filters.names = f.names;
  if (f.interaction !== null) filters.interaction = f.interaction;
  if (f.party !== null) filters.party = f.party;
  if (f.session !== null) filters.session = f.session;
  if (f.minSeverity !== null) filters.minSeverity = f.minSeverity;
  if (f.timeFormat !== 'absolute') filters.timeFormat = f.timeFormat;
  return {
    trace: s.source?.url ?? null,
    name: s.source?.name ?? null,
    cursor: s.records.length > 0 ? s.cursor : null,
    interaction: s.selectedInteraction,
    party: s.selectedParty,
    filters,
  };
}

/** Puts the view of a link on the trace on screen: cursor (else the last record), selection, filters. */
export function applyPermalink(link: Permalink): void {
  const { records } = useStore.getState();
  setCursor(link.cursor ?? records.length - 1);
  if (link.interaction !== null && link.party !== null) selectParty(link.interaction, link.party);
  else selectInteraction(link.interaction);
  clearFilters();
  setFilters({ timeFormat: 'absolute', ...link.filters });
}
