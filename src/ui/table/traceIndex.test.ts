import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../model/analyze';
import { filterRecords, NO_FILTER, type RecordFilter } from '../../model/filter';
import { buildTraceIndex } from '../../model/recordColumns';
import { RecordList } from '../../model/records';
import { apply, createTrace } from '../../model/reducer';
import { rowsFor } from './traceIndex';

describe('rowsFor on a trace that grows', () => {
  it('gives the rows a full filter gives at every batch, and rows handed out earlier never change', () => {
    const text = readFileSync(new URL('../../../public/samples/mixed-10k.ndjson', import.meta.url), 'utf8');
    const all = parseInput({ name: 'mixed-10k.ndjson', content: text }, 0).records;
    for (const f of [{}, { families: ['party' as const] }, { text: 'established' }]) {
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
