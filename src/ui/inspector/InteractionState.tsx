/**
 * An interaction after the record at the cursor, as the SCXML data model sees it
 * (`_genesys.ixn.interactions[id]`): media, status per session, parties with their states,
 * user data and links. What the record itself changed is highlighted.
 */
import { useMemo } from 'react';
import { partyStateColour } from '../../model/catalogue';
import { valueText } from '../../model/recordColumns';
import type { TraceState } from '../../model/state';
import { countUpTo, interactionAt } from '../../model/timeTravel';
import { selectInteraction, setCursor } from '../../store/store';

interface Props {
  trace: TraceState;
  id: string;
  cursor: number;
  version: number;
}

/** A party's state history, the last few states when it is long (the tooltip has them all). */
function historyText(states: string[]): string {
  const SHOWN = 5;
  if (states.length <= SHOWN) return states.join(' → ');
  return `(${states.length - SHOWN} earlier) … → ${states.slice(-SHOWN).join(' → ')}`;
}

function Jump({ index }: { index: number }) {
  return (
    <button type="button" className="insp-jump" onClick={() => setCursor(index)} title={`Move the cursor to record ${index + 1}`}>
      #{index + 1}
    </button>
  );
}

export function InteractionState({ trace, id, cursor, version }: Props) {
  const view = useMemo(() => interactionAt(trace, id, cursor), [trace, id, cursor, version]);
  const changedKeys = useMemo(() => {
    const keys = new Set<string>();
    const ixn = trace.interactions.get(id);
    if (!ixn) return keys;
    const log = ixn.udataLog;
    const n = countUpTo(log, cursor);
    if (n > 0 && log[n - 1].index === cursor) for (const k of Object.keys(log[n - 1].changes)) keys.add(k);
    return keys;
  }, [trace, id, cursor, version]);

  const ixn = trace.interactions.get(id);
  const path = (
    <div className="insp-path mono" title="Path of this interaction in the SCXML data model">
      _genesys.ixn.interactions[<span className="insp-str">'{id}'</span>]
      <button type="button" className="insp-select" onClick={() => selectInteraction(id)} title="Select this interaction in every view">
        select
      </button>
    </div>
  );
  if (!view) {
    return (
      <div className="insp-state" data-testid={`state-${id}`}>
        {path}
        <p className="insp-none">
          Not in the data model yet at this record{ixn ? <> (first named at <Jump index={ixn.firstIndex} />)</> : ''}.
        </p>
      </div>
    );
  }
  const udataKeys = Object.keys(view.udata);
  return (
    <div className="insp-state" data-testid={`state-${id}`}>
      {path}
      <dl className="insp-kv">
        <dt>status</dt>
        <dd>
          <span className={`insp-badge s-${view.status}`}>{view.status}</span>
          {view.implicit && <span className="muted"> implicit (first named by an event other than interaction.added)</span>}
        </dd>
        <dt>media</dt>
        <dd>
          {view.media ?? <span className="muted">—</span>}
          {view.type && <span className="muted"> · {view.type}</span>}
        </dd>
        <dt>sessions</dt>
        <dd>
          {view.sessions.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            view.sessions.map((s) => (
              <span key={s.session} className="insp-session">
                {s.session}: {s.status === 'deleted' ? 'deleted' : s.notcontrolled ? 'notcontrolled' : s.present ? 'present' : 'added'}
              </span>
            ))
          )}
        </dd>
        {view.abandoned && (
          <>
            <dt>abandoned</dt>
            <dd className="insp-error">
              {view.abandoned.focusresource ?? ''} {view.abandoned.reason ?? ''} <Jump index={view.abandoned.index} />
            </dd>
          </>
        )}
      </dl>
      <table className="insp-table" aria-label={`Parties of ${id}`}>
        <thead>
          <tr>
            <th>party</th>
            <th>resource</th>
            <th>state</th>
            <th>history</th>
          </tr>
        </thead>
        <tbody>
          {view.parties.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                no parties
              </td>
            </tr>
          )}
          {view.parties.map((p) => {
            const changed = p.lastChange === cursor || p.deleted?.index === cursor;
            return (
              <tr key={p.partyid} className={`${changed ? 'is-changed' : ''}${p.deleted ? ' is-deleted' : ''}`} data-party={p.partyid}>
                <td className="mono">{p.partyid}</td>
                <td className="mono">{p.focusresource ?? '—'}</td>
                <td>
                  <span className="evt-dot" style={{ background: partyStateColour(p.state) }} />
                  {p.state ?? '—'}
                  {p.deleted && <span className="muted"> (deleted)</span>}
                </td>
                <td className="insp-history" title={p.states.map((s) => `${s.state} at #${s.index + 1}`).join('\n')}>
                  {historyText(p.states.map((s) => s.state))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="insp-table" aria-label={`User data of ${id}`}>
        <thead>
          <tr>
            <th>udata key</th>
            <th>value</th>
          </tr>
        </thead>
        <tbody>
          {udataKeys.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                no user data
              </td>
            </tr>
          )}
          {udataKeys.map((k) => (
            <tr key={k} className={changedKeys.has(k) ? 'is-changed' : undefined}>
              <td className="mono">{k}</td>
              <td className="mono insp-value" title={valueText(view.udata[k], 10_000)}>
                {valueText(view.udata[k], 200)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.links.length > 0 && (
        <ul className="insp-links" aria-label={`Links of ${id}`}>
          <li className="insp-links-head">links</li>
          {view.links.map((l, i) => (
            <li key={i} className={l.index === cursor ? 'is-changed' : undefined}>
              <span className="insp-link-kind">{l.kind === 'merge' && l.type ? `merge (${l.type})` : l.kind}</span> {l.from ?? '?'} → {l.to ?? '?'}{' '}
              <Jump index={l.index} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
