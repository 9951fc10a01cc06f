import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { partyStateColour } from '../../model/catalogue';
import type { Severity } from '../../model/types';
import { setInteractionFilter } from '../../store/filters';
import { selectInteraction, useStore } from '../../store/store';
import { formatDuration } from '../shell/format';
import { SeverityIcon } from '../shell/SeverityIcon';
import { interactionRowAt, lifetimeOf } from './interactionRows';

export const ROW_HEIGHT = 44;

const LINK_LABEL: Record<string, string> = {
  divert: 'divert',
  singlesteptransfer: 'single-step transfer',
  singlestepconference: 'single-step conference',
};

const STATUS_LABEL = {
  added: 'added',
  present: 'present',
  notcontrolled: 'not controlled',
  deleted: 'deleted',
} as const;

interface RowProps {
  id: string;
  rowIndex: number;
  worst: Severity | null;
  top: number;
}

/** One interaction: reads its own slice of the store so the list re-renders only on its ids. */
export const InteractionRow = memo(function InteractionRow({ id, rowIndex, worst, top }: RowProps) {
  const { trace, records, version, cursor, selected } = useStore(
    useShallow((s) => ({
      trace: s.trace,
      records: s.records,
      version: s.version,
      cursor: s.cursor,
      selected: s.selectedInteraction === id,
    })),
  );
  const ixn = trace.interactions.get(id);
  const view = useMemo(() => (ixn ? interactionRowAt(trace, ixn, cursor) : null), [trace, ixn, cursor, version]);
  const life = useMemo(() => (ixn ? lifetimeOf(ixn, records) : null), [ixn, records, version]);
  if (!ixn || !view || !life) return null;

  const status = view.status;
  const resources = view.parties.map((p) => p.focusresource ?? p.partyid);
  const partiesTitle = view.parties
    .map((p) => `${p.partyid}  ${p.focusresource ?? '(no resource)'}  ${p.state ?? ''}${p.deleted ? ' (deleted)' : ''}`)
    .join('\n');
  return (
    <div
      id={`ixn-row-${rowIndex}`}
      className={`ixn-row${selected ? ' is-selected' : ''}${status === null ? ' is-future' : ''}`}
      role="option"
      aria-selected={selected}
      data-testid="interaction-row"
      data-interaction={id}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => selectInteraction(id)}
    >
      <div className="ixn-line">
        <span className={`status-dot st-${status ?? 'future'}`} aria-hidden="true" />
        <span className="ixn-id mono" title={id}>
          {id}
        </span>
        {ixn.media && (
          <span className="chip" title={ixn.type ? `media ${ixn.media}, type ${ixn.type}` : `media ${ixn.media}`}>
            {ixn.media}
          </span>
        )}
        {ixn.type && <span className="ixn-type subtle">{ixn.type}</span>}
        <span className="grow" />
        <span className="ixn-sessions mono subtle" title={`Sessions: ${ixn.sessions.join(', ')}`}>
          {ixn.sessions.length === 1 ? ixn.sessions[0] : `${ixn.sessions.length} sessions`}
        </span>
        <span className="ixn-life mono" title={life.open ? 'Lifetime so far: still held by a session at the end of the trace' : 'Lifetime: from added to deleted'}>
          {life.ms === null ? '—' : formatDuration(life.ms)}
          {life.open ? '+' : ''}
        </span>
        {ixn.problems > 0 && worst !== null && (
          <span className={`problem-badge sev-${worst}`} title={`${ixn.problems} problem${ixn.problems === 1 ? '' : 's'}`}>
            <SeverityIcon severity={worst} />
            {ixn.problems}
          </span>
        )}
      </div>
      <div className="ixn-line ixn-line-2">
        <span className={`ixn-status st-${status ?? 'future'}`}>{status === null ? 'not yet' : STATUS_LABEL[status]}</span>
        <span className="ixn-party-count subtle" title={partiesTitle || 'No parties yet'}>
          {view.parties.length} {view.parties.length === 1 ? 'party' : 'parties'}
        </span>
        {resources.length > 0 && (
          <span className="ixn-resources mono" title={partiesTitle}>
            {view.parties.map((p, i) => (
              <span key={p.partyid} className={p.deleted ? 'is-gone' : undefined}>
                <span className="party-swatch" style={{ background: partyStateColour(p.state) }} />
                {resources[i]}
              </span>
            ))}
          </span>
        )}
        {(view.merges.length > 0 || view.otherLinks.length > 0) && (
          <span className="ixn-links">
            {view.merges.map((m, i) => (
              <span
                key={i}
                className="chip chip-link"
                title={m.direction === 'into' ? `interaction.onmerge: ${m.other ?? '?'} was merged into ${id}${m.type ? ` (hints.type ${m.type})` : ''}` : `interaction.onmerge: merged into ${m.other ?? '?'}${m.type ? ` (hints.type ${m.type})` : ''}`}
              >
                merge{m.type ? ` ${m.type}` : ''} {m.direction === 'into' ? '←' : '→'} {m.other ?? '?'}
              </span>
            ))}
            {view.otherLinks.map(([kind, n]) => (
              <span key={kind} className="chip chip-link" title={`${n} ${kind} link${n === 1 ? '' : 's'} so far`}>
                {LINK_LABEL[kind]}
                {n > 1 ? ` ×${n}` : ''}
              </span>
            ))}
          </span>
        )}
        <button
          type="button"
          className="row-action"
          title="Show only this interaction's records in the event table"
          aria-label={`Filter the table to ${id}`}
          onClick={(e) => {
            e.stopPropagation();
            selectInteraction(id);
            setInteractionFilter(id);
          }}
        >
          <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
            <path d="M1 2h10L7 6.5V10L5 11V6.5z" fill="currentColor" />
          </svg>
        </button>
      </div>
    </div>
  );
});
