import type { Records } from '../model/records';
import type { TraceRecord } from '../model/types';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { TraceParser } from '../model/parser';
import { inlineWorker } from '../ingest/loadController';
import { getFilters, setFilters } from './filters';
import {
  appendRecords,
  cancelLoad,
  configureLoader,
  loadSources,
  notifyTrace,
  openFiles,
  resetTrace,
  selectInteraction,
  selectParty,
  setCursor,
  urlFileName,
  useStore,
} from './store';

const all = (records: Records): TraceRecord[] => Array.from({ length: records.length }, (_, i) => records.get(i));

const line = (ts: string, name: string, data: Record<string, unknown>) => JSON.stringify({ ts, session: 'S1', name, data });
const A = [
  line('2026-01-01T00:00:00.000Z', 'interaction.added', { interactionid: 'I1' }),
  line('2026-01-01T00:00:02.000Z', 'interaction.present', { interactionid: 'I1' }),
  JSON.stringify({ ts: '2026-01-01T00:00:03.000Z', session: 'S1', action: 'redirect', data: { requestid: 'R1', interactionid: 'I1', to: '7001' } }),
].join('\n');
const B = line('2026-01-01T00:00:01.000Z', 'interaction.added', { interactionid: 'I2' });

const file = (name: string, content: string | Uint8Array) => new File([content as BlobPart], name);

function parse(text: string) {
  const p = new TraceParser('t.ndjson');
  return p.push(text).records.concat(p.end().records);
}

beforeEach(() => {
  configureLoader({ createWorker: inlineWorker, schedule: (cb) => setTimeout(cb, 0), batchSize: 2, chunk: 1 });
  resetTrace();
});

describe('trace actions', () => {
  it('appendRecords numbers records, keeps them and bumps version; resetTrace empties and bumps traceVersion', () => {
    const v0 = useStore.getState().version;
    const tv0 = useStore.getState().traceVersion;
    appendRecords(parse(A));
    const s = useStore.getState();
    expect(all(s.records).map((r) => r.index)).toEqual([0, 1, 2]);
    expect(s.trace.interactions.has('I1')).toBe(true);
    expect(s.version).toBe(v0 + 1);
    expect(s.recordCount).toBe(3);
    resetTrace();
    expect(useStore.getState().records.length).toBe(0);
    expect(useStore.getState().recordCount).toBe(0);
    expect(useStore.getState().trace.interactions.size).toBe(0);
    expect(useStore.getState().traceVersion).toBe(tv0 + 1);
  });

  it('appendRecords with notify false applies silently', () => {
    const v0 = useStore.getState().version;
    appendRecords(parse(A), [], 0, { notify: false });
    expect(useStore.getState().records.length).toBe(3);
    expect(useStore.getState().version).toBe(v0);
    // The count shown beside the views waits for them to be told.
    expect(useStore.getState().recordCount).toBe(0);
    notifyTrace();
    expect(useStore.getState()).toMatchObject({ version: v0 + 1, recordCount: 3 });
  });

  it('setCursor clamps to the records; selection follows interaction then party', () => {
    appendRecords(parse(A));
    setCursor(99);
    expect(useStore.getState().cursor).toBe(2);
    setCursor(-5);
    expect(useStore.getState().cursor).toBe(-1);
    selectParty('I1', 'P1');
    expect(useStore.getState()).toMatchObject({ selectedInteraction: 'I1', selectedParty: 'P1' });
    selectInteraction('I2');
    expect(useStore.getState()).toMatchObject({ selectedInteraction: 'I2', selectedParty: null });
  });
});

describe('loading', () => {
  it('loads a file, finishes the trace (pending request) and puts the cursor on the last record', async () => {
    expect(await openFiles([file('a.ndjson', A)])).toBe('done');
    const s = useStore.getState();
    expect(s.records.length).toBe(3);
    expect(s.cursor).toBe(2);
    expect(s.source).toMatchObject({ name: 'a.ndjson', url: null });
    expect(s.load.status).toBe('done');
    expect(s.trace.diagnostics.map((d) => d.rule)).toContain('pending-request');
  });

  it('a gzipped file loads the same', async () => {
    await openFiles([file('a.ndjson.gz', gzipSync(A))]);
    expect(all(useStore.getState().records).map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('replaces the trace, or adds to it by re-merging every file by time', async () => {
    await openFiles([file('a.ndjson', A)]);
    await openFiles([file('b.ndjson', B)]);
    expect(all(useStore.getState().records).map((r) => `${r.file}:${r.line}`)).toEqual(['b.ndjson:1']);
    await openFiles([file('a.ndjson', A)]);
    await openFiles([file('b.ndjson', B)], { add: true });
    const s = useStore.getState();
    expect(all(s.records).map((r) => `${r.file}:${r.line}`)).toEqual(['a.ndjson:1', 'b.ndjson:1', 'a.ndjson:2', 'a.ndjson:3']);
    expect(all(s.records).map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(s.source?.name).toBe('a.ndjson + 1 more');
  });

  it('a trace replacing the old one starts with no filters; adding files keeps them, as does a file that cannot be read', async () => {
    await openFiles([file('a.ndjson', A)]);
    setFilters({ text: 'present', interaction: 'I1', timeFormat: 'delta' });
    await openFiles([file('b.ndjson', B)], { add: true });
    expect(getFilters()).toMatchObject({ text: 'present', interaction: 'I1' });
    await openFiles([file('missing.ndjson.gz', new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 1, 2]))]);
    expect(useStore.getState().load.keptPrevious).toBe(true);
    expect(getFilters()).toMatchObject({ text: 'present', interaction: 'I1' });
    await openFiles([file('b.ndjson', B)]);
    expect(getFilters()).toMatchObject({ text: '', interaction: null, timeFormat: 'delta' });
  });

  it('the cursor follows the end while loading, and stays where the person put it', async () => {
    const big = Array.from({ length: 300 }, (_, i) => line(new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), 'interaction.added', { interactionid: `I${i}` })).join('\n');
    configureLoader({ createWorker: inlineWorker, schedule: (cb) => setTimeout(cb, 0), batchSize: 50, chunk: 10, sliceMs: 0, notifyEveryMs: 0 });
    const seen: number[] = [];
    const stop = useStore.subscribe((s) => seen.push(s.cursor));
    await openFiles([file('big.ndjson', big)]);
    stop();
    expect(useStore.getState().cursor).toBe(299);
    expect(new Set(seen).size).toBeGreaterThan(3); // it moved along while records arrived

    let moved = false;
    const tv0 = useStore.getState().traceVersion;
    const stop2 = useStore.subscribe((s) => {
      if (!moved && s.traceVersion > tv0 && s.records.length > 100) {
        moved = true;
        setCursor(5);
      }
    });
    await openFiles([file('big.ndjson', big)]);
    stop2();
    expect(useStore.getState().cursor).toBe(5);
  });

  it('onLoaded replaces the default cursor placement', async () => {
    await openFiles([file('a.ndjson', A)], { onLoaded: () => setCursor(0) });
    expect(useStore.getState().cursor).toBe(0);
  });

  it('cancel keeps what was applied and says so', async () => {
    const big = Array.from({ length: 400 }, (_, i) => line(new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), 'interaction.added', { interactionid: `I${i}` })).join('\n');
    configureLoader({ createWorker: inlineWorker, schedule: (cb) => setTimeout(cb, 0), batchSize: 50, chunk: 10, sliceMs: 0, notifyEveryMs: 0 });
    const loading = openFiles([file('big.ndjson', big)]);
    await new Promise<void>((resolve) => {
      const stop = useStore.subscribe((s) => {
        if (s.records.length > 0) {
          stop();
          resolve();
        }
      });
    });
    cancelLoad();
    expect(await loading).toBe('cancelled');
    const s = useStore.getState();
    expect(s.load).toMatchObject({ status: 'cancelled', partial: true, keptPrevious: false });
    expect(s.records.length).toBe(s.load.kept);
    expect(s.records.length).toBeGreaterThan(0);
    expect(s.records.length).toBeLessThan(400);
  });

  it('a file that cannot be read leaves the previous trace and names the file', async () => {
    await openFiles([file('a.ndjson', A)]);
    const status = await loadSources([{ kind: 'url', name: 'gone.ndjson', url: 'http://127.0.0.1:9/gone.ndjson' }]);
    expect(status).toBe('error');
    const s = useStore.getState();
    expect(s.load.error?.file).toBe('gone.ndjson');
    expect(s.load.keptPrevious).toBe(true);
    expect(s.records.length).toBe(3);
    expect(s.source?.name).toBe('a.ndjson');
  });

  it('urlFileName names a URL by its last segment', () => {
    expect(urlFileName('/samples/consult-transfer.ndjson?x=1')).toBe('consult-transfer.ndjson');
    expect(urlFileName('https://h/a%20b.ndjson.gz')).toBe('a b.ndjson.gz');
  });
});
