import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../model/analyze';
import { filterRecords, NO_FILTER, type RecordFilter } from '../../model/filter';
import { buildTraceIndex } from '../../model/recordColumns';
import { RecordList } from '../../model/records';
import { apply, createTrace } from '../../model/reducer';
import { appendRecords, resetTrace, useStore } from '../../store/store';
import { onIndexExtended, rowsFor, traceIndexFor } from './traceIndex';

const mixed10k = () =>
  parseInput({ name: 'mixed-10k.ndjson', content: readFileSync(new URL('../../../public/samples/mixed-10k.ndjson', import.meta.url), 'utf8') }, 0).records;
/** No filter, one that reads the records' names, one that reads their texts. */
const FILTERS = [{}, { families: ['party' as const] }, { text: 'established' }];

describe('rowsFor on a trace that grows', () => {
  it('gives the rows a full filter gives at every batch, and rows handed out earlier never change', () => {
    const all = mixed10k();
    for (const f of FILTERS) {
      const filter: RecordFilter = { ...NO_FILTER, ...f };
      const trace = createTrace();
      const records = new RecordList();
      const seen: { rows: Int32Array; copy: number[] }[] = [];
      let version = 0;
      for (let first = 0; first < all.length; first += 777) {
        const batch = all.slice(first, first + 777);
        for (const r of batch) apply(trace, r);
        records.append(batch);
        const rows = rowsFor(trace, records, ++version, filter);
        const want = filterRecords(records, trace, buildTraceIndex(trace, records), filter);
        expect(Array.from(rows), `${JSON.stringify(f)} at ${records.length}`).toEqual(Array.from(want));
        seen.push({ rows, copy: Array.from(rows) });
      }
      expect(seen.length).toBeGreaterThan(10);
      for (const { rows, copy } of seen) expect(Array.from(rows)).toEqual(copy);
    }
  });
});

describe('rowsFor while a load runs ahead of the views', () => {
  it('lists only the records the views were told of, then the rest once told, for any filter', () => {
    const all = mixed10k();
    for (const f of FILTERS) {
      const filter: RecordFilter = { ...NO_FILTER, ...f };
      const trace = createTrace();
      const records = new RecordList();
      for (const r of all.slice(0, 6000)) apply(trace, r);
      records.append(all.slice(0, 6000));
      // Told of 4000 records; 2000 more are in the list already.
      const told = rowsFor(trace, records, 1, filter, 4000);
      const want = Array.from(filterRecords(records, trace, buildTraceIndex(trace, records), filter)).filter((i) => i < 4000);
      expect(want.length, JSON.stringify(f)).toBeGreaterThan(0);
      expect(Array.from(told), JSON.stringify(f)).toEqual(want);
      const later = rowsFor(trace, records, 2, filter, 6000);
      expect(Array.from(later), JSON.stringify(f)).toEqual(Array.from(filterRecords(records, trace, buildTraceIndex(trace, records), filter)));
    }
  });
});

describe('the trace index while records are applied', () => {
  it('keeps up with each batch applied, before the views are told: the next redraw finds it built, as a full build makes it', () => {
    const all = mixed10k();
    resetTrace();
    let extended = 0;
    const stop = onIndexExtended(() => extended++);
    appendRecords(all.slice(0, 500));
    const { trace, records, version } = useStore.getState();
    expect(traceIndexFor(trace, records, version).timeCeiling.length).toBe(500);
    for (let first = 500; first < 5000; first += 900) {
      appendRecords(all.slice(first, first + 900), [], 0, { notify: false });
      // Same version, no redraw: the cached index already holds the batch.
      const index = traceIndexFor(trace, records, version);
      expect(index.timeCeiling.length).toBe(records.length);
      const full = buildTraceIndex(trace, records);
      expect(Array.from(index.timeCeiling)).toEqual(Array.from(full.timeCeiling));
      expect([...index.requestBySent.keys()]).toEqual([...full.requestBySent.keys()]);
      expect(index.problemIndexes).toEqual(full.problemIndexes);
    }
    expect(extended).toBe(5);
    stop();
    appendRecords(all.slice(5000, 5100), [], 0, { notify: false });
    expect(extended).toBe(5);
    resetTrace();
  });
});
