/**
 * The inspector: everything about the record at the cursor. Its problems, the request it sent or
 * answered, what it changed in the reconstructed state, the interaction as the SCXML data model
 * (`_genesys.ixn.interactions[id]`) sees it after this record, and the raw record as JSON text.
 */
import { useMemo, type CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FAMILY_COLOURS, eventSpec } from '../../model/catalogue';
import { recordColumns, requestOf } from '../../model/recordColumns';
import { useStore } from '../../store/store';
import { useTraceIndex } from '../table/traceIndex';
import { isoText } from '../table/timeFormat';
import { InteractionState } from './InteractionState';
import { RecordChanges } from './RecordChanges';
import { RecordJson } from './RecordJson';
import { RecordProblems } from './RecordProblems';
import { RequestCard } from './RequestCard';
import { Section } from './Section';
import './Inspector.css';

export function Inspector() {
  const { cursor, records, trace, version, selectedInteraction } = useStore(
    useShallow((s) => ({ cursor: s.cursor, records: s.records, trace: s.trace, version: s.version, selectedInteraction: s.selectedInteraction })),
  );
  const index = useTraceIndex();
  const record = cursor >= 0 && cursor < records.length ? records.get(cursor) : null;
  const cols = useMemo(() => (record ? recordColumns(record, requestOf(index, record.index)) : null), [record, index]);

  if (records.length === 0) {
    return (
      <div className="insp">
        <div className="insp-empty">Open a trace; the record at the cursor is inspected here.</div>
      </div>
    );
  }
  if (!record || !cols) {
    return (
      <div className="insp">
        <div className="insp-empty">No record selected. Click a row or press ↓ in the table.</div>
      </div>
    );
  }
  // Interactions to show: those the record names, then the selected one.
  const ids = [cols.interactionid, cols.otherInteractionid, selectedInteraction].filter(
    (id, i, all): id is string => id !== null && all.indexOf(id) === i,
  );
  const named = ids.filter((id) => id === cols.interactionid || id === cols.otherInteractionid);
  const spec = record.kind === 'event' ? eventSpec(record.name) : undefined;
  const request = requestOf(index, record.index);
  const diagnostics = index.diagnosticsByRecord.get(record.index) ?? [];

  return (
    <div className="insp">
      <header className="insp-head">
        <div className="insp-title">
          <span className="insp-num">#{record.index + 1}</span>
          <span className="insp-name" style={{ '--family': FAMILY_COLOURS[cols.family] } as CSSProperties} data-testid="inspector-name">
            {record.kind === 'action' ? `▶ ${cols.name}` : cols.name}
          </span>
        </div>
        <div className="insp-meta">
          <span title="Record time (UTC)">{isoText(record.time)}</span>
          <span title="SCXML session">session {record.session}</span>
          <span title="Source file and line">
            {record.file}:{record.line}
          </span>
        </div>
        {spec && <div className="insp-desc">{spec.description}</div>}
      </header>
      <div className="insp-scroll">
        {diagnostics.length > 0 && (
          <Section title={`Problems (${diagnostics.length})`} id="problems">
            <RecordProblems diagnostics={diagnostics} />
          </Section>
        )}
        {request && (
          <Section title={record.kind === 'action' ? 'Request and its result' : 'Result of request'} id="request">
            <RequestCard request={request} recordIndex={record.index} />
          </Section>
        )}
        <Section title="What this record changed" id="changes">
          <RecordChanges trace={trace} ids={named} cursor={record.index} version={version} />
        </Section>
        {ids.map((id) => (
          <Section key={id} title={`State after #${record.index + 1}${id === selectedInteraction && !named.includes(id) ? ' (selected interaction)' : ''}`} id={`state-${id}`}>
            <InteractionState trace={trace} id={id} cursor={record.index} version={version} />
          </Section>
        ))}
        <Section title="Raw record" id="raw">
          <RecordJson raw={record.raw} />
        </Section>
      </div>
    </div>
  );
}
