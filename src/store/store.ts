/**
 * The app's one zustand store, built from slices. The trace state is the model's append-only
 * `TraceState`, mutated in place by the reducer as batches arrive; `version` changes with every
 * batch so selectors and memos know when to recompute. Actions live at module level so the
 * ingest worker's message handler and the live client call them without hooks.
 *
 * CONTRACT shared by all views (extend, do not rename):
 *   trace, records, version, cursor, selectedInteraction, selectedParty
 *   appendRecords(), resetTrace(), setCursor(), selectInteraction(), selectParty()
 */
import { create } from 'zustand';
import { addRejected, apply, createTrace } from '../model/reducer';
import type { TraceState } from '../model/state';
import type { Diagnostic, TraceRecord } from '../model/types';

export interface TraceSlice {
  /** The reconstructed trace, mutated in place; read it together with `version`. */
  trace: TraceState;
  /** Every kept record, in trace order; `records[i].index === i`. */
  records: TraceRecord[];
  /** Bumped whenever `trace`/`records` changed. */
  version: number;
}

export interface CursorSlice {
  /** Index of the record the views show the state after; -1 before the first record. */
  cursor: number;
}

export interface SelectionSlice {
  selectedInteraction: string | null;
  selectedParty: string | null;
}

export type StoreState = TraceSlice & CursorSlice & SelectionSlice;

export const useStore = create<StoreState>()(() => ({
  trace: createTrace(),
  records: [],
  version: 0,
  cursor: -1,
  selectedInteraction: null,
  selectedParty: null,
}));

/** Applies a batch of parsed records (and the diagnostics of rejected lines) to the trace. */
export function appendRecords(records: readonly TraceRecord[], rejected: readonly Diagnostic[] = [], rejectedCount = 0): void {
  const { trace, records: all, version } = useStore.getState();
  addRejected(trace, rejected, rejectedCount);
  for (const r of records) {
    apply(trace, r);
    all.push(r);
  }
  useStore.setState({ version: version + 1 });
}

export function resetTrace(): void {
  useStore.setState({
    trace: createTrace(),
    records: [],
    version: useStore.getState().version + 1,
    cursor: -1,
    selectedInteraction: null,
    selectedParty: null,
  });
}

export function setCursor(index: number): void {
  const max = useStore.getState().records.length - 1;
  useStore.setState({ cursor: Math.max(-1, Math.min(index, max)) });
}

export function selectInteraction(id: string | null): void {
  useStore.setState({ selectedInteraction: id, selectedParty: null });
}

export function selectParty(interactionId: string, partyId: string | null): void {
  useStore.setState({ selectedInteraction: interactionId, selectedParty: partyId });
}
