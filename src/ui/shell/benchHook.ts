/**
 * A test hook for `npm run bench` (bench/browser.ts): with `?bench=1` in the URL it installs
 * `window.__ixnscopeBench`, which reads the store and drives the cursor and the table filters the
 * way the UI does, then waits for the next painted frame so the bench times what a person sees.
 * Without `?bench=1` it does nothing.
 */
import { getFilters, recordFilterOf, setInteractionFilter, setPartyFilter, setTextFilter, clearFilters } from '../../store/filters';
import { setCursor, useStore, type LoadStatus } from '../../store/store';
import { rowsFor } from '../table/traceIndex';
import { spareLoadWorker } from '../../ingest/loadController';
import { pageWarming } from '../../store/warmPage';

export interface BenchHook {
  /** Records in the trace, load status, cursor. */
  state(): { records: number; status: LoadStatus; cursor: number; version: number };
  /**
   * The next load's worker: started and warming up, warm, or not started yet (the page starts
   * it when idle). The bench times loads with it warm, as a person picking a file finds it.
   */
  loadWorker(): 'none' | 'warming' | 'warm';
  /** `performance.now()` when the last load ended as 'done' (null before). */
  loadedAt(): number | null;
  /** Moves the cursor, waits for the frame after the update to be painted; returns the ms taken. */
  scrub(index: number): Promise<number>;
  /** Sets the text filter, waits for the table's row count and the painted frame. */
  filterText(text: string): Promise<{ ms: number; shown: number }>;
  /** Sets the interaction filter, as `filterText`. */
  filterInteraction(id: string | null): Promise<{ ms: number; shown: number }>;
  /** Sets the party filter, as `filterText`. */
  filterParty(id: string | null): Promise<{ ms: number; shown: number }>;
  clearFilters(): Promise<void>;
  /** The interaction naming the most records, and how many it names. */
  busiestInteraction(): { id: string; records: number } | null;
  /** The first party id of interaction `id`, null when it has none. */
  firstParty(id: string): string | null;
}

/** Resolves after the next frame was painted: rAF runs before paint, a task queued from it after. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    }),
  );
}

function shownRows(): number {
  const { trace, records, version } = useStore.getState();
  return rowsFor(trace, records, version, recordFilterOf(getFilters())).length;
}

async function timedFilter(change: () => void): Promise<{ ms: number; shown: number }> {
  const start = performance.now();
  change();
  await nextPaint();
  // The table computed its rows while rendering; this reads the same cached result.
  const shown = shownRows();
  return { ms: performance.now() - start, shown };
}

function install(): void {
  let loadedAt: number | null = null;
  useStore.subscribe((s, prev) => {
    if (s.load.status === 'done' && prev.load.status !== 'done') loadedAt = performance.now();
    if (s.load.status === 'loading') loadedAt = null;
  });
  const hook: BenchHook = {
    state() {
      const s = useStore.getState();
      return { records: s.records.length, status: s.load.status, cursor: s.cursor, version: s.version };
    },
    loadedAt: () => loadedAt,
    // Warm once the page has applied the warm-up's batches too.
    loadWorker: () => (spareLoadWorker() === 'warm' && pageWarming() ? 'warming' : spareLoadWorker()),
    async scrub(index) {
      const start = performance.now();
      setCursor(index);
      await nextPaint();
      return performance.now() - start;
    },
    filterText: (text) => timedFilter(() => setTextFilter(text)),
    filterInteraction: (id) => timedFilter(() => setInteractionFilter(id)),
    filterParty: (id) => timedFilter(() => setPartyFilter(id)),
    async clearFilters() {
      clearFilters();
      await nextPaint();
    },
    firstParty(id) {
      const ixn = useStore.getState().trace.interactions.get(id);
      return ixn ? (ixn.parties.keys().next().value ?? null) : null;
    },
    busiestInteraction() {
      let best: { id: string; records: number } | null = null;
      for (const [id, ixn] of useStore.getState().trace.interactions) {
        if (!best || ixn.records.length > best.records) best = { id, records: ixn.records.length };
      }
      return best;
    },
  };
  (window as unknown as { __ixnscopeBench: BenchHook }).__ixnscopeBench = hook;
}

if (typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('bench') === '1') install();
