import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearFilters,
  getFilters,
  recordFilterOf,
  resetFilters,
  setFamilies,
  setInteractionFilter,
  setMinSeverity,
  setPartyFilter,
  setSessionFilter,
  setTextFilter,
  setTimeFormat,
  useFilters,
} from './filters';
import { isFilterActive } from '../model/filter';

beforeEach(() => resetFilters());

describe('filters store', () => {
  it('starts with no filter and absolute times', () => {
    const f = getFilters();
    expect(isFilterActive(recordFilterOf(f))).toBe(false);
    expect(f.timeFormat).toBe('absolute');
  });

  it('sets each filter and reads it back without a component', () => {
    setTextFilter('divert');
    setFamilies(['party', 'link']);
    setInteractionFilter('I1');
    setPartyFilter('P2');
    setSessionFilter('S1');
    setMinSeverity('warning');
    expect(recordFilterOf(getFilters())).toEqual({
      text: 'divert',
      families: ['party', 'link'],
      names: [],
      interaction: 'I1',
      party: 'P2',
      session: 'S1',
      minSeverity: 'warning',
    });
  });

  it('treats an empty id as no filter', () => {
    setInteractionFilter('');
    setPartyFilter('');
    setSessionFilter('');
    expect(isFilterActive(recordFilterOf(getFilters()))).toBe(false);
  });

  it('clears the record filters but keeps the time format', () => {
    setTimeFormat('delta');
    setInteractionFilter('I1');
    setTextFilter('x');
    clearFilters();
    expect(isFilterActive(recordFilterOf(getFilters()))).toBe(false);
    expect(getFilters().timeFormat).toBe('delta');
  });

  it('notifies subscribers of a change', () => {
    const seen: (string | null)[] = [];
    const stop = useFilters.subscribe((s) => seen.push(s.interaction));
    setInteractionFilter('I9');
    stop();
    expect(seen).toEqual(['I9']);
  });
});
