/**
 * One row of the event table. Cells are derived here, lazily, only for the rows on screen; a
 * row re-renders when its record, the index (a new batch) or its own highlight changes.
 */
import { memo, useMemo, type CSSProperties } from 'react';
import { FAMILY_COLOURS, partyStateColour } from '../../model/catalogue';
import { recordColumns, requestOf, type TraceIndex } from '../../model/recordColumns';
import type { TraceRecord } from '../../model/types';
import type { TimeFormat } from '../../store/filters';
import { useStore } from '../../store/store';
import { isoText, timeCellText } from './timeFormat';
import { ProblemMarker } from './ProblemMarker';
import type { ColumnDef, ColumnId } from './columns';

export interface RowProps {
  record: TraceRecord;
  index: TraceIndex;
  top: number;
  /** Zebra stripe by position among the shown rows. */
  odd: boolean;
  timeFormat: TimeFormat;
  /** Time of the row shown above (for delta times). */
  previousTime: number | null;
  /** The columns shown, in order (stable identity: rows skip re-rendering). */
  columns: readonly ColumnDef[];
}

/** `interaction.partyadded` → `partyadded`, `error.interaction.redirect` → `error.redirect`. */
export function shortName(name: string): string {
  return name.replace(/(^|\.)interaction\./, '$1');
}

function RowImpl({ record, index, top, odd, timeFormat, previousTime, columns }: RowProps) {
  const cols = useMemo(() => recordColumns(record, requestOf(index, record.index)), [record, index]);
  // Each row subscribes to its own highlight: moving the cursor re-renders two rows, not the page.
  const isCursor = useStore((s) => s.cursor === record.index);
  const inSelection = useStore(
    (s) => s.selectedInteraction !== null && (s.selectedInteraction === cols.interactionid || s.selectedInteraction === cols.otherInteractionid),
  );
  const request = record.kind === 'action' ? index.requestBySent.get(record.index) : undefined;
  const diagnostics = index.diagnosticsByRecord.get(record.index);
  const isError = cols.family === 'result' && record.kind === 'event' && record.name.startsWith('error.');
  const colour = isError ? 'var(--error)' : FAMILY_COLOURS[cols.family];
  const nameText = record.kind === 'action' ? `▶ ${cols.name}` : shortName(cols.name);
  const className = `evt-row${isCursor ? ' is-cursor' : ''}${inSelection ? ' in-selection' : ''}${odd ? ' odd' : ''}`;
  const style: CSSProperties = { transform: `translateY(${top}px)` };
  const time = timeCellText(record.time, timeFormat, index.startTime, previousTime);
  const where = `${record.file}:${record.line}`;
  const hasState = columns.some((c) => c.id === 'state');
  const resultBadge = request && <span className={`evt-result r-${request.result}`}>{request.result}</span>;

  const cell = (id: ColumnId) => {
    switch (id) {
      case 'problem':
        return (
          <div key={id} className="evt-cell c-problem" role="cell">
            {diagnostics && <ProblemMarker diagnostics={diagnostics} />}
          </div>
        );
      case 'index':
        return (
          <div key={id} className="evt-cell c-index" role="cell" title={`record ${record.index + 1}, ${where}`}>
            {record.index + 1}
          </div>
        );
      case 'time':
        return (
          <div key={id} className="evt-cell c-time" role="cell" title={isoText(record.time)}>
            {time}
          </div>
        );
      case 'name':
        return (
          <div
            key={id}
            className={`evt-cell c-name${record.kind === 'action' ? ' is-action' : ''}`}
            role="cell"
            style={{ '--family': colour } as CSSProperties}
            title={`${record.kind === 'action' ? `action ${cols.name}` : cols.name} (${cols.family})`}
          >
            {nameText}
          </div>
        );
      case 'interaction':
        return (
          <div key={id} className="evt-cell" role="cell">
            {cols.interactionid !== null && (
              <button
                type="button"
                className="evt-ixn"
                data-ixn={cols.interactionid}
                tabIndex={-1}
                title={`Show only ${cols.interactionid}${cols.otherInteractionid ? ` (merged from ${cols.otherInteractionid})` : ''}`}
              >
                {cols.interactionid}
              </button>
            )}
          </div>
        );
      case 'party':
        return text(id, cols.partyid);
      case 'resource':
        return text(id, cols.resource);
      case 'state':
        return (
          <div key={id} className="evt-cell c-state" role="cell" title={cols.state ?? undefined}>
            {cols.state !== null && (
              <>
                <span className="evt-dot" style={{ background: partyStateColour(cols.state) }} />
                {cols.state}
              </>
            )}
            {resultBadge}
          </div>
        );
      case 'summary':
        return (
          <div key={id} className="evt-cell c-summary" role="cell" title={cols.summary}>
            {!hasState && resultBadge}
            {!hasState && resultBadge && ' '}
            {cols.summary}
          </div>
        );
      case 'requestid':
        return text(id, cols.requestid);
      case 'session':
        return text(id, record.session);
      case 'file':
        return (
          <div key={id} className="evt-cell c-file" role="cell" title={where}>
            {where}
          </div>
        );
    }
  };

  return (
    <div className={className} style={style} data-row={record.index} role="row" aria-selected={isCursor}>
      {columns.map((c) => cell(c.id))}
    </div>
  );
}

function text(id: ColumnId, value: string | null) {
  return (
    <div key={id} className="evt-cell" role="cell" title={value ?? undefined}>
      {value}
    </div>
  );
}

export const Row = memo(RowImpl);
