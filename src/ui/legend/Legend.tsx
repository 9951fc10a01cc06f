/**
 * Legend strip of a view: the party-state colours in use (from the catalogue), the link kinds
 * with their line styles, and whatever marks the view adds. Swatches carry their meaning as
 * text too, so colour is never the only cue.
 */
import { partyStateColour } from '../../model/catalogue';
import type { LinkKind } from '../../model/state';
import type { InteractionStatus } from '../../model/timeTravel';
import { LINK_KINDS, LINK_STYLES, STATUS_COLOURS, STATUS_LABELS } from './colours';
import './frame.css';
import './legend.css';

export interface LegendProps {
  /** Party states to explain (the ones the view shows). */
  states: readonly string[];
  /** Link kinds to explain; all by default. */
  links?: readonly LinkKind[];
  /** Interaction statuses (timeline header lanes). */
  statuses?: readonly InteractionStatus[];
  /** Extra entries: a swatch element and its text. */
  extra?: { key: string; swatch: React.ReactNode; text: string }[];
}

function LinkSwatch({ kind }: { kind: LinkKind }) {
  const s = LINK_STYLES[kind];
  return (
    <svg width="28" height="10" aria-hidden="true" className="legend-line">
      <line x1="1" y1="5" x2="22" y2="5" stroke={s.colour} strokeWidth={s.width} strokeDasharray={s.dash.join(' ') || undefined} />
      <path d="M21 1 L27 5 L21 9 Z" fill={s.colour} />
    </svg>
  );
}

export function Legend({ states, links = LINK_KINDS, statuses, extra }: LegendProps) {
  return (
    <div className="legend" aria-label="Legend">
      {states.length > 0 && (
        <ul className="legend-group" aria-label="Party states">
          <li className="legend-title">States</li>
          {states.map((s) => (
            <li key={s} title={`party state ${s}`}>
              <span className="legend-swatch" style={{ background: partyStateColour(s) }} aria-hidden="true" />
              {s}
            </li>
          ))}
        </ul>
      )}
      {statuses && statuses.length > 0 && (
        <ul className="legend-group" aria-label="Interaction status">
          <li className="legend-title">Interaction</li>
          {statuses.map((s) => (
            <li key={s} title={STATUS_LABELS[s]}>
              <span className="legend-swatch legend-swatch-status" style={{ background: STATUS_COLOURS[s] }} aria-hidden="true" />
              {s === 'notcontrolled' ? 'not controlled' : s}
            </li>
          ))}
        </ul>
      )}
      {links.length > 0 && (
        <ul className="legend-group" aria-label="Link kinds">
          <li className="legend-title">Links</li>
          {links.map((k) => (
            <li key={k} title={LINK_STYLES[k].description}>
              <LinkSwatch kind={k} />
              {LINK_STYLES[k].label}
            </li>
          ))}
        </ul>
      )}
      {extra && extra.length > 0 && (
        <ul className="legend-group" aria-label="Marks">
          {extra.map((e) => (
            <li key={e.key}>
              {e.swatch}
              {e.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
