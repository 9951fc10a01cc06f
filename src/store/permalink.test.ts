import { beforeEach, describe, expect, it } from 'vitest';
import { TraceParser } from '../model/parser';
import { getFilters, resetFilters, setFilters } from './filters';
import { applyPermalink, currentPermalink, decodePermalink, EMPTY_PERMALINK, encodePermalink, type Permalink } from './permalink';
import { appendRecords, resetTrace, selectParty, setCursor, useStore } from './store';

const full: Permalink = {
  trace: '/samples/consult-transfer.ndjson',
  name: null,
  cursor: 12,
  interaction: 'I-1001',
  party: 'P2',
  filters: {
    text: 'redirect & more=yes #1',
    families: ['party', 'action'],
    names: ['interaction.partyadded', 'odd,name%'],
    interaction: 'I 2',
    party: 'P/3',
    session: 'S1',
    minSeverity: 'warning',
    timeFormat: 'delta',
  },
};

beforeEach(() => {
  resetTrace();
  resetFilters();
});

describe('permalink codec', () => {
  it('round-trips every field, including separators inside values', () => {
    expect(decodePermalink(`#${encodePermalink(full)}`)).toEqual(full);
  });

  it('keeps the trace URL and ids readable', () => {
    expect(encodePermalink({ ...EMPTY_PERMALINK, trace: '/samples/a.ndjson', cursor: 3, interaction: 'I-1' })).toBe(
      'trace=/samples/a.ndjson&at=3&ixn=I-1',
    );
  });

  it('keeps a local trace name only when there is no URL', () => {
    expect(encodePermalink({ ...EMPTY_PERMALINK, name: 'a.ndjson', cursor: 0 })).toBe('name=a.ndjson&at=0');
    expect(encodePermalink({ ...EMPTY_PERMALINK, trace: 'https://x/a.ndjson', name: 'a.ndjson' })).toBe('trace=https://x/a.ndjson');
  });

  it('ignores unknown keys, malformed pairs and invalid values', () => {
    const link = decodePermalink('#at=-1&at=x&sev=fatal&time=weird&family=bogus,party&party=P1&zz=1&=q&%E0%A4%A=1&q=%E0%A4%A');
    expect(link.cursor).toBeNull();
    expect(link.party).toBeNull(); // a party means nothing without its interaction
    expect(link.filters).toEqual({ families: ['party'], text: '%E0%A4%A' });
  });

  it('an empty hash is the empty link', () => {
    expect(decodePermalink('')).toEqual(EMPTY_PERMALINK);
    expect(encodePermalink(EMPTY_PERMALINK)).toBe('');
  });
});

describe('permalink and the stores', () => {
  const text = [
    '{"ts":"2026-01-01T00:00:00Z","session":"S1","name":"interaction.added","data":{"interactionid":"I1"}}',
    '{"ts":"2026-01-01T00:00:01Z","session":"S1","name":"interaction.present","data":{"interactionid":"I1"}}',
    '{"ts":"2026-01-01T00:00:02Z","session":"S1","name":"interaction.deleted","data":{"interactionid":"I1"}}',
  ].join('\n');
  const load = () => {
    const p = new TraceParser('t.ndjson');
    appendRecords(p.push(text).records.concat(p.end().records));
    useStore.setState({ source: { name: 't.ndjson', files: [], url: '/t.ndjson' } });
  };

  it('captures the view and applies it back after a reload', () => {
    load();
    setCursor(1);
    selectParty('I1', 'P1');
    setFilters({ text: 'present', timeFormat: 'relative' });
    const hash = encodePermalink(currentPermalink());

    resetTrace();
    resetFilters();
    load();
    applyPermalink(decodePermalink(hash));
    expect(useStore.getState()).toMatchObject({ cursor: 1, selectedInteraction: 'I1', selectedParty: 'P1' });
    expect(getFilters()).toMatchObject({ text: 'present', timeFormat: 'relative', interaction: null });
  });

  it('a link without a cursor lands at the end, and clears filters it does not name', () => {
    load();
    setFilters({ session: 'S9' });
    applyPermalink({ ...EMPTY_PERMALINK, trace: '/t.ndjson' });
    expect(useStore.getState().cursor).toBe(2);
    expect(getFilters().session).toBeNull();
  });
});
