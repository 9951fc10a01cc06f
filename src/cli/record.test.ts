import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startRecording } from './record';
import { startRelay, type Relay } from './relay';
import { loadReplay, startServe, type Served } from './serve';

const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
});

function sink(): { out: PassThrough; lines: () => Record<string, unknown>[] } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk.toString()));
  return { out, lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function publish(relay: Relay, from: number, count: number): Promise<void> {
  const body = Array.from({ length: count }, (_, i) => JSON.stringify({ name: 'interaction.udata.changed', n: from + i, data: { interactionid: 'I1' } })).join('\n');
  const res = await fetch(`http://127.0.0.1:${relay.port}/publish`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
  expect(res.status).toBe(200);
}

describe('record', () => {
  it('writes a served replay as NDJSON with seq and stops at end', async () => {
    const served: Served = await startServe({ replay: await loadReplay(['public/samples/consult-transfer.ndjson']), port: 0, speed: null });
    closers.push(served);
    const { out, lines } = sink();
    const recording = startRecording({ url: served.url, out });
    expect(await recording.done).toBe(0);
    expect(lines().map((l) => l.seq)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(lines()[0]).toMatchObject({ ts: '2026-11-24T10:00:00.000Z', name: 'interaction.added' });
  });

  it('resumes by seq after its connection is dropped: nothing lost, nothing twice', async () => {
    const relay = await startRelay({ port: 0 });
    closers.push(relay);
    const { out, lines } = sink();
    const logs: string[] = [];
    const recording = startRecording({ url: relay.url, out, log: (l) => logs.push(l) });
    await until(() => relay.stats().viewers === 1, 'the recorder');
    await publish(relay, 1, 50);
    await until(() => recording.count() === 50, 'first 50');
    relay.dropViewers();
    await until(() => relay.stats().viewers === 0, 'the drop');
    await publish(relay, 51, 50); // published while the recorder is away
    await until(() => recording.count() === 100, 'all 100');
    recording.stop();
    expect(await recording.done).toBe(0);
    expect(lines().map((l) => l.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(lines().map((l) => l.n)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(logs.some((l) => /resuming after seq 50/.test(l))).toBe(true);
  });

  it('gives up with exit 1 when the server refuses it', async () => {
    const relay = await startRelay({ port: 0, token: 'tok' });
    closers.push(relay);
    const recording = startRecording({ url: relay.url, out: new PassThrough() });
    expect(await recording.done).toBe(1);
  });
});
