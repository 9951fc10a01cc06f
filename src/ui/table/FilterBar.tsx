/**
 * The event table's filter bar: free text, event family/name, interaction, party, session,
 * problems, the time format, and how many records the filters show out of all of them.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EventFamily } from '../../model/catalogue';
import type { RecordFamily } from '../../model/recordColumns';
import type { Interaction } from '../../model/state';
import type { Severity } from '../../model/types';
import { isFilterActive } from '../../model/filter';
import {
  clearFilters,
  setFilters,
  setInteractionFilter,
  setMinSeverity,
  setPartyFilter,
  setSessionFilter,
  setTextFilter,
  setTimeFormat,
  TIME_FORMATS,
  useFilters,
  type TimeFormat,
} from '../../store/filters';
import { useStore } from '../../store/store';
import { useRecordFilter, useTraceIndex } from './traceIndex';
import { shortName } from './Row';

const FAMILIES: readonly (EventFamily | 'action' | 'other')[] = ['lifecycle', 'party', 'link', 'data', 'result', 'action', 'other'];
const TIME_LABELS: Record<TimeFormat, [string, string]> = {
  absolute: ['Abs', 'Absolute time of day (UTC)'],
  relative: ['Rel', 'Time since the first record of the trace'],
  delta: ['Δ', 'Time since the row above'],
};
const TEXT_DEBOUNCE_MS = 150;

function TextFilter() {
  const text = useFilters((s) => s.text);
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);
  useEffect(() => {
    if (draft === text) return;
    const t = setTimeout(() => setTextFilter(draft), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [draft]);
  return (
    <input
      type="search"
      className="evt-search"
      placeholder="Filter: name, id, resource, text…"
      aria-label="Filter records by text"
      title="Every word must appear in the record's name, session or data (case-insensitive)"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') setTextFilter(draft);
        if (e.key === 'Escape') setDraft('');
      }}
    />
  );
}

function EventFilter({ names }: { names: readonly string[] }) {
  const { families, selectedNames } = useFilters(useShallow((s) => ({ families: s.families, selectedNames: s.names })));
  const value = families.length === 1 ? `f:${families[0]}` : selectedNames.length === 1 ? `n:${selectedNames[0]}` : '';
  const sorted = useMemo(() => [...names].sort(), [names]);
  return (
    <select
      aria-label="Filter by event family or name"
      title="Show one event family or one event name"
      value={value}
      onChange={(e) => {
        const v = e.target.value;
        if (v.startsWith('f:')) setFilters({ families: [v.slice(2) as RecordFamily], names: [] });
        else if (v.startsWith('n:')) setFilters({ names: [v.slice(2)], families: [] });
        else setFilters({ families: [], names: [] });
      }}
    >
      <option value="">All events</option>
      <optgroup label="Family">
        {FAMILIES.map((f) => (
          <option key={f} value={`f:${f}`}>
            {f === 'action' ? 'actions (requests)' : f}
          </option>
        ))}
      </optgroup>
      <optgroup label="Name">
        {sorted.map((n) => (
          <option key={n} value={`n:${n}`}>
            {shortName(n)}
          </option>
        ))}
      </optgroup>
    </select>
  );
}

const SUGGESTIONS = 50;

interface IdFilterProps {
  label: string;
  placeholder: string;
  title: string;
  value: string | null;
  set(id: string | null): void;
  /** Ids to suggest, in trace order (read lazily: only the first matches are taken). */
  ids(): Iterable<string>;
  /** Whether the text names an id of the trace (then it applies as typed). */
  has(id: string): boolean;
}

/**
 * An id box with suggestions: a trace can hold tens of thousands of interactions (and of
 * parties, when ids are unique per call), too many for a select. The filter applies when the
 * text names an id of the trace, or on Enter whatever it says.
 */
function IdFilter({ label, placeholder, title, value, set, ids, has }: IdFilterProps) {
  const version = useStore((s) => s.version);
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const listId = `evt-suggest-${label.replace(/\W+/g, '-').toLowerCase()}`;
  const suggestions = useMemo(() => {
    const needle = draft.toLowerCase();
    const out: string[] = [];
    for (const id of ids()) {
      if (id === draft) continue;
      if (needle === '' || id.toLowerCase().includes(needle)) out.push(id);
      if (out.length >= SUGGESTIONS) break;
    }
    return out;
  }, [ids, version, draft]);
  const partial = draft !== '' && draft !== value && !has(draft);
  return (
    <>
      <input
        type="search"
        className={`evt-id-filter${partial ? ' is-partial' : ''}`}
        list={listId}
        placeholder={placeholder}
        aria-label={label}
        title={title}
        value={draft}
        onChange={(e) => {
          const v = e.target.value;
          setDraft(v);
          if (v === '') set(null);
          else if (has(v)) set(v);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') set(draft.trim() || null);
          if (e.key === 'Escape') {
            setDraft('');
            set(null);
          }
        }}
      />
      <datalist id={listId}>
        {suggestions.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
    </>
  );
}

function* partyIds(interactions: Iterable<Interaction>): Generator<string> {
  const seen = new Set<string>();
  for (const ixn of interactions) {
    for (const id of ixn.parties.keys()) {
      if (seen.has(id)) continue;
      seen.add(id);
      yield id;
    }
  }
}

export function FilterBar({ shown }: { shown: number }) {
  const { trace, total } = useStore(useShallow((s) => ({ trace: s.trace, total: s.recordCount })));
  const index = useTraceIndex();
  const filter = useRecordFilter();
  const timeFormat = useFilters((s) => s.timeFormat);
  const interactionIds = useCallback(() => trace.interactions.keys(), [trace]);
  const hasInteraction = useCallback((id: string) => trace.interactions.has(id), [trace]);
  // Parties of the filtered interaction when there is one, else of the whole trace.
  const scope = useCallback(
    (): Iterable<Interaction> => {
      const one = filter.interaction !== null ? trace.interactions.get(filter.interaction) : undefined;
      return one ? [one] : trace.interactions.values();
    },
    [trace, filter.interaction],
  );
  const partyIdsInScope = useCallback(() => partyIds(scope()), [scope]);
  const hasParty = useCallback((id: string) => {
    for (const ixn of scope()) if (ixn.parties.has(id)) return true;
    return false;
  }, [scope]);
  const active = isFilterActive(filter);

  return (
    <div className="evt-filters" role="toolbar" aria-label="Event filters">
      <TextFilter />
      <EventFilter names={index.names} />
      <IdFilter
        label="Filter by interaction"
        placeholder="Interaction id"
        title="Show the records of one interaction: type or pick its id (Enter applies any text)"
        value={filter.interaction}
        set={setInteractionFilter}
        ids={interactionIds}
        has={hasInteraction}
      />
      <IdFilter
        label="Filter by party"
        placeholder="Party id"
        title="Show the records naming one party id in any role (partyid, divertingpartyid, parties[] …)"
        value={filter.party}
        set={setPartyFilter}
        ids={partyIdsInScope}
        has={hasParty}
      />
      <select
        aria-label="Filter by session"
        title="Show the records of one SCXML session"
        value={filter.session ?? ''}
        onChange={(e) => setSessionFilter(e.target.value || null)}
      >
        <option value="">All sessions</option>
        {filter.session !== null && !index.sessions.includes(filter.session) && <option value={filter.session}>{filter.session}</option>}
        {index.sessions.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by problems"
        title="Show only records with problems of at least this severity"
        value={filter.minSeverity ?? ''}
        onChange={(e) => setMinSeverity((e.target.value || null) as Severity | null)}
      >
        <option value="">Any record</option>
        <option value="info">With problems</option>
        <option value="warning">Problems ≥ warning</option>
        <option value="error">Errors only</option>
      </select>
      <div className="evt-seg" role="group" aria-label="Time format">
        {TIME_FORMATS.map((f) => (
          <button
            key={f}
            type="button"
            className={f === timeFormat ? 'on' : undefined}
            aria-pressed={f === timeFormat}
            title={TIME_LABELS[f][1]}
            onClick={() => setTimeFormat(f)}
          >
            {TIME_LABELS[f][0]}
          </button>
        ))}
      </div>
      <span className="evt-count" aria-live="polite" data-testid="event-count">
        {`${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} shown`}
      </span>
      {active && (
        <button type="button" className="evt-clear" onClick={clearFilters} title="Clear every filter">
          Clear
        </button>
      )}
    </div>
  );
}
