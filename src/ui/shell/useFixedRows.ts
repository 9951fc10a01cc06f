/**
 * Virtual rows of one fixed height: which rows are on screen follows from the scroll offset by a
 * division, so a change of row count costs nothing. @tanstack/react-virtual rebuilds a
 * measurement object per row whenever the count changes; while a million-record trace streams
 * in, the table's count changes a few times a second, and those rebuilds (a million objects each,
 * plus a forced layout) were 10% of the page's load time and the longest tasks of the load. The
 * table's rows never vary in height, so it needs none of that.
 */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface FixedRow {
  index: number;
  /** Offset of the row's top in the scrolled canvas, px. */
  start: number;
}

export interface FixedRows {
  items: FixedRow[];
  totalSize: number;
  /**
   * Scrolls the least needed to show row `index` whole ('auto'), or puts it at the top ('start');
   * false when the rows are not laid out yet (nothing could be shown).
   */
  scrollToIndex(index: number, options?: { align?: 'auto' | 'start' }): boolean;
}

/** The rows [first, last) to render for a viewport, with `overscan` rows on each side. */
export function visibleRange(count: number, rowHeight: number, scrollTop: number, viewport: number, overscan: number): [number, number] {
  if (count === 0) return [0, 0];
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return [Math.min(first, last), last];
}

/** The scrollTop that shows row `index` whole, moving as little as possible; null when it shows already. */
export function revealOffset(index: number, rowHeight: number, scrollTop: number, viewport: number, align: 'auto' | 'start'): number | null {
  const top = index * rowHeight;
  if (align === 'start') return top;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return Math.max(0, top + rowHeight - viewport);
  return null;
}

export function useFixedRows(count: number, rowHeight: number, scrollRef: RefObject<HTMLElement | null>, overscan = 8): FixedRows {
  const [view, setView] = useState({ top: 0, height: 0 });
  // The last scroll offset and height seen, for scrollToIndex: reading them from the element
  // would force a layout each time the rows change while a trace streams in.
  const seen = useRef(view);
  const pendingTop = useRef<number | null>(null);
  const scrollFrame = useRef(0);
  // After a jump the rows on screen render alone, and the overscan around them two frames later,
  // once they were painted: a scrub lays out the table's rows on screen, not 16 more besides (a
  // 1M trace's scrubs went from 44 to 34 ms median on a slow machine). The overscan only serves
  // scrolling on from there; jumps in a row (a drag along the scrubber) leave it off until they
  // stop.
  const [padded, setPadded] = useState(true);
  const padFrame = useRef(0);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      const top = el.scrollTop;
      const height = el.clientHeight;
      seen.current = { top, height };
      setView((v) => (v.top === top && v.height === height ? v : { top, height }));
    };
    read();
    // Scroll events come at most once a frame; reading in the event keeps rows in step with the
    // scrollbar (a frame later would show blank rows while dragging).
    const onScroll = () => read();
    el.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(() => {
      if (frame === 0) frame = requestAnimationFrame(read);
    });
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      resize.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [scrollRef]);

  useLayoutEffect(
    () => () => {
      if (padFrame.current !== 0) cancelAnimationFrame(padFrame.current);
      if (scrollFrame.current !== 0) cancelAnimationFrame(scrollFrame.current);
    },
    [],
  );

  const [first, last] = visibleRange(count, rowHeight, view.top, view.height, padded ? overscan : 0);
  const items: FixedRow[] = [];
  for (let i = first; i < last; i++) items.push({ index: i, start: i * rowHeight });

  const scrollToIndex = useCallback(
    (index: number, options?: { align?: 'auto' | 'start' }) => {
      const el = scrollRef.current;
      if (!el || index < 0) return false;
      const { top, height } = seen.current;
      if (height === 0) return false; // not laid out yet: nothing is on screen to move
      const to = revealOffset(index, rowHeight, top, height, options?.align ?? 'auto');
      if (to !== null && to !== top) {
        seen.current = { top: to, height };
        // A jump: none of the rows on screen stays. Pad again two frames after the last jump
        // (the first is the one that paints the new rows).
        if (Math.abs(to - top) >= height) {
          setPadded(false);
          cancelAnimationFrame(padFrame.current);
          padFrame.current = requestAnimationFrame(() => {
            padFrame.current = requestAnimationFrame(() => {
              padFrame.current = 0;
              setPadded(true);
            });
          });
        }
        // The rows of the new offset render now, so the frame that scrolls also shows them; from
        // the scroll event they would come a task later, and a busy page (a trace streaming in)
        // painted an empty table in between.
        setView({ top: to, height });
        // Scrolled at the next frame, not now: right after React changed the rows, setting
        // scrollTop would force a layout in the middle of the task (a stream of records moves the
        // cursor, and this, every few hundred milliseconds). Later calls in the frame win.
        pendingTop.current = to;
        if (scrollFrame.current === 0) {
          scrollFrame.current = requestAnimationFrame(() => {
            scrollFrame.current = 0;
            if (pendingTop.current !== null && scrollRef.current) scrollRef.current.scrollTop = pendingTop.current;
            pendingTop.current = null;
          });
        }
      }
      return true;
    },
    [scrollRef, rowHeight],
  );

  return { items, totalSize: count * rowHeight, scrollToIndex };
}
