/**
 * The event table's filters and time format, a store of their own so that typing in a filter box
 * re-renders only what reads filters. Setters live at module level so the permalink code (URL
 * hash) and tests set filters without hooks; `getFilters()` reads them without subscribing.
 */
import { create } from 'zustand';
import { NO_FILTER, type RecordFilter } from '../model/filter';
import type { RecordFamily } from '../model/recordColumns';
import type { Severity } from '../model/types';

/** How the time column reads: wall clock (UTC), since the first record, or since the row before. */
export type TimeFormat = 'absolute' | 'relative' | 'delta';

export const TIME_FORMATS: readonly TimeFormat[] = ['absolute', 'relative', 'delta'];

export interface FiltersState extends RecordFilter {
  timeFormat: TimeFormat;
}

const INITIAL: FiltersState = { ...NO_FILTER, timeFormat: 'absolute' };

export const useFilters = create<FiltersState>()(() => ({ ...INITIAL }));

/** The current filters and time format, without subscribing. */
export function getFilters(): FiltersState {
  return useFilters.getState();
}

/** The record filter part alone (what `filterRecords` takes). */
export function recordFilterOf(s: FiltersState): RecordFilter {
  return {
    text: s.text,
    families: s.families,
    names: s.names,
    interaction: s.interaction,
    party: s.party,
    session: s.session,
    minSeverity: s.minSeverity,
  };
}

export function setFilters(patch: Partial<FiltersState>): void {
  useFilters.setState(patch);
}

export function setTextFilter(text: string): void {
  useFilters.setState({ text });
}

export function setFamilies(families: readonly RecordFamily[]): void {
  useFilters.setState({ families: [...families] });
}

export function setNames(names: readonly string[]): void {
  useFilters.setState({ names: [...names] });
}

export function setInteractionFilter(interaction: string | null): void {
  useFilters.setState({ interaction: interaction === '' ? null : interaction });
}

export function setPartyFilter(party: string | null): void {
  useFilters.setState({ party: party === '' ? null : party });
}

export function setSessionFilter(session: string | null): void {
  useFilters.setState({ session: session === '' ? null : session });
}

export function setMinSeverity(minSeverity: Severity | null): void {
  useFilters.setState({ minSeverity });
}

export function setTimeFormat(timeFormat: TimeFormat): void {
  useFilters.setState({ timeFormat });
}

/** Clears every record filter; the time format stays. */
export function clearFilters(): void {
  useFilters.setState({ ...NO_FILTER });
}

/** Back to the initial state (tests, loading a new trace). */
export function resetFilters(): void {
  useFilters.setState({ ...INITIAL });
}
