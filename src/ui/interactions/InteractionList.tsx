import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectInteraction, useStore } from '../../store/store';
import { formatCount } from '../shell/format';
import { useFixedRows } from '../shell/useFixedRows';
import { filterInteractions, gatherSearchTexts, indexInteractions } from './interactionRows';
import { InteractionRow, ROW_HEIGHT } from './InteractionRow';
import './interactions.css';

/**
 * Every interaction of the trace, in order of first appearance, with its state at the cursor.
 * Click (or arrow keys) selects one and every view follows. Virtualized: only visible rows render.
 */
export function InteractionList() {
  const { trace, version, selected } = useStore(
    useShallow((s) => ({ trace: s.trace, version: s.version, selected: s.selectedInteraction })),
  );
  const [filter, setFilter] = useState('');
  // trace is mutated in place: version says when it changed.
  const index = useMemo(() => indexInteractions(trace), [trace, version]);
  const ids = useMemo(() => filterInteractions(index, filter), [index, filter]);
  // The filter's search texts, gathered while the page is idle once a load has ended (a load's
  // idle moments are the worker's, and each batch would start them again): the first keystroke
  // over 64k interactions then reads them instead of making them all (a task of 100+ ms).
  const loading = useStore((s) => s.load.status === 'loading');
  useEffect(() => {
    if (loading || typeof requestIdleCallback !== 'function') return;
    let handle = 0;
    const step = (deadline: IdleDeadline) => {
      if (!gatherSearchTexts(index, () => deadline.timeRemaining() > 1)) handle = requestIdleCallback(step);
    };
    handle = requestIdleCallback(step);
    return () => cancelIdleCallback(handle);
  }, [index, loading]);
  const scroller = useRef<HTMLDivElement>(null);
  // Rows of one height, placed by a division: a list growing with a streaming trace costs no
  // per-row bookkeeping (see useFixedRows).
  const { items, totalSize, scrollToIndex } = useFixedRows(ids.length, ROW_HEIGHT, scroller, 6);

  // Keep the selection in view when another view selects an interaction.
  const selectedRow = selected === null ? -1 : ids.indexOf(selected);
  useEffect(() => {
    if (selectedRow >= 0) scrollToIndex(selectedRow, { align: 'auto' });
  }, [selectedRow, scrollToIndex]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (ids.length === 0) return;
    let next = -1;
    if (e.key === 'ArrowDown') next = Math.min(ids.length - 1, selectedRow + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, selectedRow < 0 ? 0 : selectedRow - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = ids.length - 1;
    else if (e.key === 'Escape') {
      selectInteraction(null);
      return;
    } else return;
    e.preventDefault();
    selectInteraction(ids[next]);
  };

  const total = index.ids.length;
  return (
    <section className="panel ixn-panel" aria-label="Interactions">
      <div className="panel-header">
        <h2 className="panel-title">Interactions</h2>
        <span className="panel-count" data-testid="interaction-count">
          {ids.length === total ? formatCount(total) : `${formatCount(ids.length)} of ${formatCount(total)}`}
        </span>
      </div>
      <div className="panel-toolbar">
        <input
          type="search"
          className="filter-input"
          placeholder="Filter id, media, party, resource…"
          aria-label="Filter interactions"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      <div
        ref={scroller}
        className="panel-scroll"
        role="listbox"
        aria-label="Interaction list"
        aria-activedescendant={selected !== null && selectedRow >= 0 ? `ixn-row-${selectedRow}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        {ids.length === 0 ? (
          <div className="panel-empty">{total === 0 ? 'No interactions in this trace.' : 'No interaction matches the filter.'}</div>
        ) : (
          <div className="virtual-space" style={{ height: totalSize }}>
            {items.map((item) => (
              <InteractionRow
                key={ids[item.index]}
                id={ids[item.index]}
                rowIndex={item.index}
                worst={index.worst.get(ids[item.index]) ?? null}
                top={item.start}
              />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
