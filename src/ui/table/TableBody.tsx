/**
 * The virtualized rows: only the rows on screen (plus a small overscan) exist, each a fixed
 * 22px high and placed with translateY, so a million records scroll as smoothly as thirty
 * (`useFixedRows`: no per-row bookkeeping, so a growing trace costs nothing here).
 * Keyboard: ↑/↓ and j/k move the cursor through the shown rows, PageUp/PageDown by a page,
 * Home/End to the first/last shown row, Enter selects the row's interaction.
 */
import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { lowerBound, stepRow } from '../../model/filter';
import { recordColumns, requestOf, type TraceIndex } from '../../model/recordColumns';
import { useFilters, setInteractionFilter } from '../../store/filters';
import { selectInteraction, setCursor, useStore } from '../../store/store';
import { Row } from './Row';
import type { ColumnDef } from './columns';
import { useFixedRows } from '../shell/useFixedRows';

export const ROW_HEIGHT = 22;

interface Props {
  rows: Int32Array;
  index: TraceIndex;
  columns: readonly ColumnDef[];
  onScrollLeft(left: number): void;
}

export function TableBody({ rows, index, columns, onScrollLeft }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const records = useStore((s) => s.records);
  const timeFormat = useFilters((s) => s.timeFormat);
  const virtualizer = useFixedRows(rows.length, ROW_HEIGHT, scrollRef);
  const { scrollToIndex } = virtualizer;

  // Follow the cursor when it moves (keyboard, transport, other views): scroll it into view.
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const revealed = useRef({ cursor: -1, at: -1 });
  useEffect(() => {
    const reveal = (cursor: number) => {
      const at = lowerBound(rowsRef.current, cursor);
      if (at >= rowsRef.current.length || rowsRef.current[at] !== cursor) return;
      // Rows that grew behind the cursor (a trace streaming in) leave it where it was.
      if (revealed.current.cursor === cursor && revealed.current.at === at) return;
      if (scrollToIndex(at, { align: 'auto' })) revealed.current = { cursor, at };
    };
    reveal(useStore.getState().cursor);
    return useStore.subscribe((s, prev) => {
      if (s.cursor !== prev.cursor) reveal(s.cursor);
    });
  }, [scrollToIndex, rows]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const { cursor } = useStore.getState();
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    let target: number | null = null;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        target = stepRow(rows, cursor, 1);
        break;
      case 'ArrowUp':
      case 'k':
        target = stepRow(rows, cursor, -1);
        break;
      case 'PageDown':
        target = stepRow(rows, cursor, page);
        break;
      case 'PageUp':
        target = stepRow(rows, cursor, -page);
        break;
      case 'Home':
        target = rows.length > 0 ? rows[0] : null;
        break;
      case 'End':
        target = rows.length > 0 ? rows[rows.length - 1] : null;
        break;
      case 'Enter': {
        const record = cursor >= 0 && cursor < records.length ? records.get(cursor) : undefined;
        if (record) {
          const id = recordColumns(record, requestOf(index, cursor)).interactionid;
          if (id !== null) selectInteraction(id);
        }
        e.preventDefault();
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    if (target !== null) setCursor(target);
  };

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>('[data-row]');
    if (!row) return;
    setCursor(Number(row.dataset.row));
    const ixn = target.closest<HTMLElement>('[data-ixn]');
    if (ixn?.dataset.ixn) setInteractionFilter(ixn.dataset.ixn);
    scrollRef.current?.focus({ preventScroll: true });
  };

  const items = virtualizer.items;
  return (
    <div
      ref={scrollRef}
      className="evt-body"
      tabIndex={0}
      role="grid"
      aria-label="Records"
      aria-rowcount={rows.length}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onScroll={(e) => onScrollLeft(e.currentTarget.scrollLeft)}
    >
      <div className="evt-canvas" style={{ height: virtualizer.totalSize }}>
        {items.map((item) => {
          const recordIndex = rows[item.index];
          const previousTime = item.index > 0 ? records.time(rows[item.index - 1]) : null;
          return (
            <Row
              key={recordIndex}
              record={records.get(recordIndex)}
              index={index}
              top={item.start}
              odd={item.index % 2 === 1}
              timeFormat={timeFormat}
              previousTime={previousTime}
              columns={columns}
            />
          );
        })}
      </div>
    </div>
  );
}
