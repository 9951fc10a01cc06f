/**
 * Call-flow ladder tab (sngrep / Wireshark flow graph style): sessions and resources as columns,
 * one row per record of the selected interaction(s) and everything merged with them. The row at
 * the cursor is selected; clicking a row (or ↑/↓) moves the cursor. Rows are virtualized.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { partyStateColour } from '../../model/catalogue';
import { LadderBuilder, type Ladder, type LadderRow } from '../../model/views/ladder';
import { ladderOrigin, ladderText } from '../../model/views/ladderText';
import { viewScope } from '../../model/views/scope';
import { taskScheduler } from '../../ingest/loadController';
import { selectInteraction, setCursor, useStore } from '../../store/store';
import { exportName } from '../export/download';
import { ExportMenu } from '../export/ExportMenu';
import { ladderSvg } from '../export/ladderSvg';
import { readTheme } from '../export/theme';
import { textOn } from '../legend/colours';
import { Legend } from '../legend/Legend';
import { HEADER_H, IXN_W, labelBox, ladderGeometry, ROW_H, rowTime, TIME_W, type LadderGeometry, type TimeMode } from './geometry';
import './ladder.css';

/** Reading rows in the render that asks for them; what is left goes on in slices of `SLICE_MS`. */
const FIRST_SLICE_MS = 40;
const SLICE_MS = 12;

const TIME_MODES: { mode: TimeMode; label: string; title: string }[] = [
  { mode: 'absolute', label: 'Clock', title: 'Absolute time of day, UTC' },
  { mode: 'relative', label: '+first', title: 'Seconds since the first row' },
  { mode: 'delta', label: '+prev', title: 'Seconds since the previous row' },
];

/** Row of the last record at or before the cursor (rows are in record order). */
function cursorRowOf(ladder: Ladder, cursor: number): number {
  let lo = 0;
  let hi = ladder.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ladder.rows[mid].index <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function RowDiagram({ row, geo }: { row: LadderRow; geo: LadderGeometry }) {
  const box = labelBox(geo, row);
  if (row.kind === 'arrow') {
    const a = geo.centres[row.from];
    const b = geo.centres[row.to];
    const dir = b > a ? 1 : -1;
    return (
      <>
        <svg className="ladder-arrow" width={geo.width} height={ROW_H} aria-hidden="true">
          <line x1={a} y1={22} x2={b - dir * 7} y2={22} />
          <path d={`M${b} 22 L${b - dir * 8} 17.5 L${b - dir * 8} 26.5 Z`} />
          <circle cx={a} cy={22} r={2.5} />
        </svg>
        <div className="ladder-label" style={{ left: box.left, width: box.width }} title={row.text}>
          {row.text}
        </div>
      </>
    );
  }
  const colour = row.state ? partyStateColour(row.state) : null;
  return (
    <div className="ladder-note-slot" style={{ left: box.left, width: box.width }}>
      <span
        className={`ladder-note${colour ? ' has-state' : ''}`}
        style={colour ? { background: colour, color: textOn(colour), borderColor: colour } : undefined}
        title={row.text}
      >
        {row.text}
      </span>
    </div>
  );
}

/** One task scheduler for every slice loop of this view (a MessageChannel each would stay alive). */
let sliceScheduler: ((callback: () => void) => void) | null = null;

export function LadderView() {
  const { trace, records, version, cursor, selectedInteraction } = useStore(
    useShallow((s) => ({
      trace: s.trace,
      records: s.records,
      version: s.version,
      cursor: s.cursor,
      selectedInteraction: s.selectedInteraction,
    })),
  );
  const [mode, setMode] = useState<TimeMode>('absolute');
  // The trace is mutated in place: `version` is what says it changed. The cursor is not an
  // input: it only picks the selected row below.
  const scope = useMemo(() => viewScope(trace, selectedInteraction), [trace, version, selectedInteraction]);
  // Rows are read in slices: a call of a few thousand records is read here, in this render; a
  // bigger one (200k records took half a second) goes on in tasks of ~12 ms, the view saying how
  // far it got, so the page keeps answering.
  const builder = useMemo(() => {
    const b = new LadderBuilder(trace, records, scope.ids);
    const until = performance.now() + FIRST_SLICE_MS;
    b.build(() => performance.now() < until);
    return b;
  }, [trace, records, version, scope]);
  const [, setRead] = useState(0);
  useEffect(() => {
    if (builder.complete) return;
    let stopped = false;
    let told = performance.now();
    const schedule = (sliceScheduler ??= taskScheduler());
    const step = () => {
      if (stopped) return;
      const until = performance.now() + SLICE_MS;
      const done = builder.build(() => performance.now() < until);
      if (done || performance.now() - told > 100) {
        told = performance.now();
        setRead(builder.done);
      }
      if (!done) schedule(step);
    };
    schedule(step);
    return () => {
      stopped = true;
    };
  }, [builder]);
  const complete = builder.complete;
  const ladder = useMemo(
    () => (complete ? builder.ladder(-1) : { interactionIds: builder.interactionIds, columns: [], rows: [], cursorRow: -1 }),
    [builder, complete],
  );
  const geo = useMemo(() => ladderGeometry(ladder), [ladder]);
  const origin = useMemo(() => ladderOrigin(ladder), [ladder]);
  const cursorRow = cursorRowOf(ladder, cursor);
  const exact = cursorRow >= 0 && ladder.rows[cursorRow].index === cursor;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: ladder.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 12,
    paddingStart: HEADER_H,
    scrollPaddingStart: HEADER_H,
  });
  useEffect(() => {
    if (cursorRow >= 0) virtualizer.scrollToIndex(cursorRow, { align: 'auto' });
  }, [cursorRow, virtualizer]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (ladder.rows.length === 0) return;
    let next = -2;
    if (e.key === 'ArrowDown') next = Math.min(ladder.rows.length - 1, cursorRow + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, exact ? cursorRow - 1 : cursorRow);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = ladder.rows.length - 1;
    if (next === -2) return;
    e.preventDefault();
    setCursor(ladder.rows[next].index);
  };

  const states = useMemo(() => [...new Set(ladder.rows.map((r) => r.state).filter((s): s is string => s !== null))], [ladder]);
  const title = ladder.interactionIds.join(' + ');
  const totalWidth = geo.margin + geo.width + 16;

  let empty: string | null = null;
  if (records.length === 0) empty = 'Open a trace to see its call flow.';
  else if (scope.tooMany) empty = `${scope.total.toLocaleString()} interactions: select one in the interaction list to see its call flow.`;
  else if (!complete) empty = `Reading the call flow of ${title}: ${builder.done.toLocaleString()} of ${builder.total.toLocaleString()} records…`;
  else if (ladder.rows.length === 0) empty = 'No interaction in this trace.';

  return (
    <section className="view ladder-view" aria-label="Call-flow ladder">
      <div className="view-toolbar">
        <span className="view-summary">
          <strong className="mono">{title || 'Ladder'}</strong>
          <span className="muted">
            {complete
              ? ` · ${ladder.rows.length.toLocaleString()} rows · ${ladder.columns.length} columns`
              : ` · reading ${builder.done.toLocaleString()} of ${builder.total.toLocaleString()} records`}
          </span>
        </span>
        {selectedInteraction !== null && (
          <button type="button" onClick={() => selectInteraction(null)} title="Clear the selection and show every interaction (when there are fewer than 30)">
            Show all
          </button>
        )}
        <div className="ladder-modes" role="radiogroup" aria-label="Time in the margin">
          {TIME_MODES.map((m) => (
            <button key={m.mode} type="button" role="radio" aria-checked={mode === m.mode} className={mode === m.mode ? 'is-on' : ''} title={m.title} onClick={() => setMode(m.mode)}>
              {m.label}
            </button>
          ))}
        </div>
        <span className="view-spacer" />
        <ExportMenu
          name={exportName('ladder', ladder.interactionIds)}
          disabled={ladder.rows.length === 0}
          svg={() => ladderSvg(ladder, readTheme(), mode, cursor)}
          text={() => ladderText(ladder)}
        />
      </div>
      {empty ? (
        <p className="view-empty">{empty}</p>
      ) : (
        <div
          ref={scrollRef}
          className="ladder-scroll"
          tabIndex={0}
          role="grid"
          aria-label={`Call flow of ${title}; arrow keys move the cursor`}
          aria-rowcount={ladder.rows.length}
          onKeyDown={onKeyDown}
          data-testid="ladder"
        >
          <div className="ladder-canvas" style={{ height: virtualizer.getTotalSize(), width: totalWidth }}>
            <div className="ladder-header" style={{ width: `max(${totalWidth}px, 100%)`, height: HEADER_H }} role="row">
              <div className="ladder-margin" style={{ width: geo.margin }}>
                <span style={{ width: TIME_W }} role="columnheader" title={TIME_MODES.find((m) => m.mode === mode)!.title}>
                  {mode === 'absolute' ? 'time (UTC)' : mode === 'relative' ? 'since first' : 'since previous'}
                </span>
                {geo.showInteraction && <span style={{ width: IXN_W }} role="columnheader">interaction</span>}
              </div>
              <div className="ladder-columns" style={{ width: geo.width }}>
                {ladder.columns.map((c, i) => (
                  <div key={c.key} className={`ladder-column-head is-${c.kind}`} style={{ left: geo.centres[i] - geo.columnWidth / 2, width: geo.columnWidth }} role="columnheader" title={`${c.kind === 'session' ? 'SCXML session' : 'resource'} ${c.label}`}>
                    <span className="ladder-column-kind">{c.kind === 'session' ? 'SCXML session' : 'resource'}</span>
                    <span className="ladder-column-label mono">{c.label}</span>
                  </div>
                ))}
              </div>
            </div>
            <svg className="ladder-lifelines" width={geo.width} height={virtualizer.getTotalSize() - HEADER_H} style={{ left: geo.margin, top: HEADER_H }} aria-hidden="true">
              {ladder.columns.map((c, i) => (
                <line key={c.key} x1={geo.centres[i]} x2={geo.centres[i]} y1={0} y2="100%" className={`is-${c.kind}`} />
              ))}
            </svg>
            {virtualizer.getVirtualItems().map((item) => {
              const row = ladder.rows[item.index];
              const selected = item.index === cursorRow;
              const cls = ['ladder-row', selected ? (exact ? 'is-cursor' : 'is-cursor-before') : '', row.index > cursor ? 'is-future' : '', row.error ? 'is-error' : '']
                .filter(Boolean).join(' ');
              return (
                <div
                  key={item.key}
                  className={cls}
                  style={{ transform: `translateY(${item.start}px)`, width: `max(${totalWidth}px, 100%)` }}
                  role="row"
                  aria-rowindex={item.index + 1}
                  aria-selected={selected}
                  data-testid="ladder-row"
                  data-index={row.index}
                  onClick={() => setCursor(row.index)}
                  title={`#${row.index + 1} ${row.name}`}
                >
                  <div className="ladder-margin mono" style={{ width: geo.margin }}>
                    <span style={{ width: TIME_W }}>{rowTime(ladder, item.index, mode, origin)}</span>
                    {geo.showInteraction && <span style={{ width: IXN_W }} title={row.interactionId ?? ''}>{row.interactionId}</span>}
                  </div>
                  <div className="ladder-diagram" style={{ width: geo.width }}>
                    <RowDiagram row={row} geo={geo} />
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      )}
      <Legend
        states={states}
        links={[]}
        extra={[
          { key: 'arrow', swatch: <span className="ladder-legend-arrow" aria-hidden="true">→</span>, text: 'request, result, divert, transfer, conference, merge' },
          { key: 'note', swatch: <span className="ladder-legend-note" aria-hidden="true" />, text: 'note: party change or interaction event' },
          { key: 'error', swatch: <span className="ladder-legend-error" aria-hidden="true">→</span>, text: 'failed request / error result' },
          { key: 'future', swatch: <span className="ladder-legend-future" aria-hidden="true" />, text: 'after the cursor' },
        ]}
      />
    </section>
  );
}
