/**
 * What every picture of the trace reads from the store: the trace and its records (with the
 * version that says they changed), the time-travel cursor and the selection. One narrow,
 * shallow-compared selector, shared so the views cannot drift apart.
 */
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/store';

export function useViewInputs() {
  return useStore(
    useShallow((s) => ({
      trace: s.trace,
      records: s.records,
      version: s.version,
      cursor: s.cursor,
      selectedInteraction: s.selectedInteraction,
      selectedParty: s.selectedParty,
    })),
  );
}
