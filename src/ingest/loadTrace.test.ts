import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyze } from '../model/analyze';
import type { TraceRecord } from '../model/types';
import { RecordDecoder } from './batchCodec';
import { loadTrace } from './loadTrace';
import type { BatchMessage, LoadSource, WorkerMessage } from './protocol';

const line = (ts: string, name: string, ixn = 'I1', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ts, session: 'S1', name, data: { interactionid: ixn, ...extra } });

const A = [
  line('2026-01-01T00:00:00.000Z', 'interaction.added'),
  line('2026-01-01T00:00:02.000Z', 'interaction.present'),
  'not json',
  line('2026-01-01T00:00:04.000Z', 'interaction.deleted'),
].join('\n');
const B = [
  line('2026-01-01T00:00:01.000Z', 'interaction.added', 'I2'),
  line('2026-01-01T00:00:03.000Z', 'interaction.present', 'I2'),
].join('\n');

const blob = (name: string, content: string | Uint8Array): LoadSource => ({
  kind: 'blob',
  name,
  blob: new Blob([content as BlobPart]),
});

async function run(sources: LoadSource[], batchSize = 1000): Promise<WorkerMessage[]> {
  const out: WorkerMessage[] = [];
  // structuredClone: a posted message is a copy, as between a worker and the page.
  await loadTrace(sources, (m) => out.push(structuredClone(m)), { batchSize, progressEveryMs: 0 });
  return out;
}

const batches = (messages: WorkerMessage[]) => messages.filter((m): m is BatchMessage => m.type === 'batch');
const records = (messages: WorkerMessage[]): TraceRecord[] => {
  const decoder = new RecordDecoder();
  return batches(messages).flatMap((b) => decoder.decode(b.records));
};
const where = (r: TraceRecord) => `${r.file}:${r.line}`;

describe('loadTrace', () => {
  it('streams one file in batches of the asked size, rejected lines included, and ends with done', async () => {
    const messages = await run([blob('a.ndjson', A)], 2);
    expect(batches(messages).map((b) => b.records.count)).toEqual([2, 1]);
    expect(records(messages).map(where)).toEqual(['a.ndjson:1', 'a.ndjson:2', 'a.ndjson:4']);
    const rejected = batches(messages).flatMap((b) => b.rejected);
    expect(rejected).toMatchObject([{ rule: 'parse-error', file: 'a.ndjson', line: 3, recordIndex: -1 }]);
    expect(batches(messages).reduce((n, b) => n + b.rejectedCount, 0)).toBe(1);
    const before = performance.timeOrigin + performance.now();
    expect(messages.at(-1)).toEqual({ type: 'done', records: 3, rejected: 1, bytes: A.length, finishedAt: expect.any(Number) });
    // On the clock the page shares, when the worker finished: before this test read it.
    expect((messages.at(-1) as { finishedAt: number }).finishedAt).toBeLessThanOrEqual(before);
  });

  it('reports progress in bytes of the file and records read', async () => {
    const messages = await run([blob('a.ndjson', A)]);
    const last = messages.filter((m) => m.type === 'progress').at(-1);
    expect(last).toEqual({ type: 'progress', bytesRead: A.length, bytesTotal: A.length, recordsRead: 4, file: 'a.ndjson' });
  });

  it('reads a gzipped file by its magic bytes, whatever its name', async () => {
    const plain = records(await run([blob('a.ndjson', A)]));
    const zipped = records(await run([blob('a.ndjson', gzipSync(A))]));
    expect(zipped.map(where)).toEqual(plain.map(where));
    expect(zipped.map((r) => r.raw)).toEqual(plain.map((r) => r.raw));
  });

  it('loses no record when a chunk holds several batches', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => line(new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), 'interaction.added', `I${i}`)).join('\n');
    const got = records(await run([blob('many.ndjson', many)], 7));
    expect(got.map((r) => r.line)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('reads a JSON array in batches once it has parsed whole, elements numbered as lines', async () => {
    const elements = Array.from({ length: 25 }, (_, i) => JSON.parse(line(new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), 'interaction.added', `I${i}`)));
    const messages = await run([blob('a.json', JSON.stringify(elements, null, 1))], 10);
    expect(batches(messages).map((b) => b.records.count)).toEqual([10, 10, 5]);
    expect(records(messages).map(where)).toEqual(elements.map((_, i) => `a.json:${i + 1}`));
    expect(records(messages).map((r) => r.raw)).toEqual(elements);
    expect(messages.at(-1)).toMatchObject({ type: 'done', records: 25, rejected: 0 });
  });

  it('merges several files by time, each keeping its own order, as the model does', async () => {
    const messages = await run([blob('a.ndjson', A), blob('b.ndjson', B)], 2);
    expect(records(messages).map(where)).toEqual(['a.ndjson:1', 'b.ndjson:1', 'a.ndjson:2', 'b.ndjson:2', 'a.ndjson:4']);
    const expected = analyze([{ name: 'a.ndjson', content: A }, { name: 'b.ndjson', content: B }]);
    expect(records(messages).length).toBe(expected.recordCount);
    expect(records(messages).map((r) => r.fileIndex)).toEqual([0, 1, 0, 1, 0]);
  });

  it('names the file and the reason when a gzip stream is broken, keeping what was read of one file', async () => {
    const zipped = gzipSync(A.repeat(200));
    const broken = zipped.slice(0, zipped.length - 30);
    const messages = await run([blob('broken.ndjson.gz', broken)]);
    const end = messages.at(-1);
    expect(end).toMatchObject({ type: 'error', file: 'broken.ndjson.gz' });
    expect((end as { reason: string }).reason.length).toBeGreaterThan(0);
    // The records read before the break were sent, in order.
    const kept = records(messages);
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.map((r) => r.line)).toEqual([...kept.map((r) => r.line)].sort((a, b) => a - b));
  });

  it('names the URL when it cannot be fetched', async () => {
    const messages = await run([{ kind: 'url', name: 'x.ndjson', url: 'http://127.0.0.1:9/x.ndjson' }]);
    expect(messages.at(-1)).toMatchObject({ type: 'error', file: 'x.ndjson' });
    expect((messages.at(-1) as { reason: string }).reason).toContain('http://127.0.0.1:9/x.ndjson');
  });

  it('reads a URL', async () => {
    const url = `data:application/x-ndjson,${encodeURIComponent(B)}`;
    const messages = await run([{ kind: 'url', name: 'b.ndjson', url }]);
    expect(records(messages).map(where)).toEqual(['b.ndjson:1', 'b.ndjson:2']);
    expect(messages.at(-1)).toMatchObject({ type: 'done', records: 2 });
  });
});

describe('loadTrace from a URL that serves a web page', () => {
  it('refuses an HTML page and says so', async () => {
    const url = `data:text/html,${encodeURIComponent('<!doctype html><title>app</title>')}`;
    const out: WorkerMessage[] = [];
    await loadTrace([{ kind: 'url', name: 'page.ndjson', url }], (m) => out.push(m));
    expect(out.at(-1)).toMatchObject({ type: 'error', file: 'page.ndjson' });
    expect((out.at(-1) as { reason: string }).reason).toContain('HTML page');
    expect(out.some((m) => m.type === 'batch')).toBe(false);
  });
});
