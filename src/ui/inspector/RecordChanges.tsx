/** What the record at the cursor changed: the diff of its interactions before and after it. */
import { useMemo } from 'react';
import { changeText, diffInteraction, type Change } from '../../model/diff';
import type { TraceState } from '../../model/state';
import { interactionAt } from '../../model/timeTravel';

const MARK: Partial<Record<Change['kind'], string>> = {
  'interaction-added': '+',
  'party-added': '+',
  'udata-set': '=',
  'link-added': '⇢',
  'party-deleted': '−',
  'udata-removed': '−',
  'interaction-gone': '−',
};

interface Props {
  trace: TraceState;
  ids: readonly string[];
  cursor: number;
  /** Trace batch: the state grows in place, so memos key on it. */
  version: number;
}

export function RecordChanges({ trace, ids, cursor, version }: Props) {
  const changes = useMemo(
    () => ids.flatMap((id) => diffInteraction(interactionAt(trace, id, cursor - 1), interactionAt(trace, id, cursor))),
    [trace, ids.join('\u0000'), cursor, version],
  );
  if (ids.length === 0) return <p className="insp-none">The record names no interaction.</p>;
  if (changes.length === 0) return <p className="insp-none">No change to {ids.join(' or ')} (the reconstructed state is the same as before).</p>;
  const several = ids.length > 1;
  return (
    <ul className="insp-changes" data-testid="record-changes">
      {changes.map((c, i) => (
        <li key={i} className={`insp-change k-${c.kind}`}>
          <span className="insp-change-mark">{MARK[c.kind] ?? '→'}</span>
          {several && <span className="insp-change-ixn">{c.interactionid}</span>}
          <span>{changeText(c)}</span>
        </li>
      ))}
    </ul>
  );
}
