/**
 * The event table: every record of the trace (events and actions), filtered but never lost
 * ("n of m shown"). The selected row is the cursor every view follows.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useStore } from '../../store/store';
import { COLUMNS, COMPACT_HIDDEN, COMPACT_BELOW_PX, gridTemplate, totalWidth } from './columns';
import { FilterBar } from './FilterBar';
import { TableBody } from './TableBody';
import { TableHeader } from './TableHeader';
import { useFilteredRows, useTraceIndex } from './traceIndex';
import './EventTable.css';

export function EventTable() {
  const rows = useFilteredRows();
  const index = useTraceIndex();
  const total = useStore((s) => s.recordCount);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const showFile = index.files.length > 1;
  const compact = useCompact();
  const columns = useMemo(
    () => COLUMNS.filter((c) => (c.id !== 'file' || showFile) && !(compact.on && COMPACT_HIDDEN.has(c.id))),
    [showFile, compact.on],
  );
  const [scrollLeft, setScrollLeft] = useState(0);
  const resize = useCallback((id: string, width: number) => setWidths((w) => ({ ...w, [id]: width })), []);
  // The record number column fits the largest number (7 digits for a million records).
  const sized = useMemo(() => ({ index: Math.max(36, 14 + String(total).length * 7.5), ...widths }), [total, widths]);
  const style = {
    '--evt-cols': gridTemplate(columns, sized),
    '--evt-width': `${totalWidth(columns, sized)}px`,
  } as CSSProperties;

  return (
    <section className="evt" style={style} aria-label="Event table" ref={compact.ref} data-compact={compact.on || undefined}>
      <FilterBar shown={rows.length} />
      <TableHeader columns={columns} widths={sized} onResize={resize} scrollLeft={scrollLeft} />
      {total === 0 ? (
        <div className="evt-empty">No records yet. Open a trace to list its events and actions here.</div>
      ) : rows.length === 0 ? (
        <div className="evt-empty">No record matches the filters ({total.toLocaleString('en-US')} hidden). Clear a filter to see them.</div>
      ) : (
        <TableBody rows={rows} index={index} columns={columns} onScrollLeft={setScrollLeft} />
      )}
    </section>
  );
}

/**
 * A narrow table drops the party, resource and state columns: the summary says the same
 * ("P3 7001 → established") and stays on screen instead of scrolling off to the right.
 */
function useCompact(): { ref: (el: HTMLElement | null) => void; on: boolean } {
  const [on, setOn] = useState(false);
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => () => observer.current?.disconnect(), []);
  const ref = useCallback((el: HTMLElement | null) => {
    observer.current?.disconnect();
    if (!el) return;
    observer.current = new ResizeObserver(([entry]) => setOn(entry.contentRect.width < COMPACT_BELOW_PX));
    observer.current.observe(el);
  }, []);
  return { ref, on };
}
