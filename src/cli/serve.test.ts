import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeServerFrame, type LiveRecord, type ServerMessage } from '../model/live/protocol';
import { loadReplay, run, startServe, type Served, type ServeOptions } from './serve';

const SAMPLE = 'public/samples/consult-transfer.ndjson';
const servers: Served[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(files: string[], options: Partial<ServeOptions> = {}): Promise<Served> {
  const s = await startServe({ replay: await loadReplay(files), port: 0, speed: null, ...options });
  servers.push(s);
  return s;
}

interface Viewer {
  ws: WebSocket;
  messages: ServerMessage[];
  frames: LiveRecord[][];
  records: LiveRecord[];
  closed: Promise<{ code: number; reason: string }>;
}

function viewer(url: string): Viewer {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const v: Viewer = { ws, messages: [], frames: [], records: [], closed: null as never };
  v.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('message', (data) => {
    const m = decodeServerFrame(data.toString());
    if (m.type === 'lines' || m.type === 'invalid') throw new Error('unexpected frame');
    v.messages.push(m);
    if (m.type === 'records') {
      v.frames.push(m.records);
      v.records.push(...m.records);
    }
  });
  return v;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function tempTrace(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ixnscope-serve-'));
  const file = join(dir, 't.ndjson');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('serve', () => {
  it('caps connections with --max-clients: one more viewer is told busy (1013) and the first is served', async () => {
    const s = await serve([SAMPLE], { speed: 0.001, maxClients: 1 });
    const first = viewer(s.url);
    await until(() => first.messages.length > 0, 'the first viewer hello');
    const second = viewer(s.url);
    const closed = await second.closed;
    expect(closed.code).toBe(1013);
    expect(second.messages.some((m) => m.type === 'error' && /busy/.test(m.reason))).toBe(true);
    expect(first.messages[0]).toMatchObject({ type: 'hello' });
  });

  it('replays a trace instantly to a viewer: every record once, seq 1..n, then end', async () => {
    const s = await serve([SAMPLE]);
    const v = viewer(s.url);
    expect(await v.closed).toEqual({ code: 1000, reason: 'replay finished' });
    expect(v.messages[0]).toMatchObject({ type: 'hello', server: 'ixnscope serve', lastSeq: 27, oldestSeq: 1, resumed: false });
    expect(v.messages.at(-1)).toEqual({ type: 'end', lastSeq: 27 });
    expect(v.records.map((r) => r.seq)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(v.records[0]).toMatchObject({ name: 'interaction.added', session: 'S1', data: { interactionid: 'I-1001' } });
  });

  it('starts a resuming viewer after its seq, and a restarted serve of the same files is the same stream', async () => {
    const first = await loadReplay([SAMPLE]);
    const again = await loadReplay([SAMPLE]);
    expect(again.stream).toBe(first.stream);
    const s = await serve([SAMPLE]);
    const v = viewer(`${s.url}?since=20&stream=${first.stream}`);
    await v.closed;
    expect(v.messages[0]).toMatchObject({ resumed: true, since: 20 });
    expect(v.records.map((r) => r.seq)).toEqual([21, 22, 23, 24, 25, 26, 27]);
    const other = viewer(`${s.url}?since=20&stream=another`);
    await other.closed;
    expect(other.records).toHaveLength(27);
  });

  it('merges several files by time and keeps a record’s own seq as originalSeq', async () => {
    const a = tempTrace([
      '{"ts":"2026-01-01T00:00:00.000Z","name":"interaction.added","seq":7,"data":{"interactionid":"A"}}',
      '{"ts":"2026-01-01T00:00:02.000Z","name":"interaction.deleted","data":{"interactionid":"A"}}',
    ]);
    const b = tempTrace(['{"ts":"2026-01-01T00:00:01.000Z","name":"interaction.added","data":{"interactionid":"B"}}', 'not json']);
    const s = await serve([a, b]);
    const v = viewer(s.url);
    await v.closed;
    expect(v.records.map((r) => [r.seq, (r.data as { interactionid: string }).interactionid])).toEqual([[1, 'A'], [2, 'B'], [3, 'A']]);
    expect(v.records[0]).toMatchObject({ seq: 1, originalSeq: 7 });
  });

  it('paces a timed replay: records due at different times go in different frames', async () => {
    const file = tempTrace([0, 1, 2].map((s) => `{"ts":"2026-01-01T00:00:0${s}.000Z","name":"interaction.udata.changed","data":{"interactionid":"A"}}`));
    const s = await serve([file], { speed: 20 });
    const v = viewer(s.url);
    await v.closed;
    expect(v.frames.map((f) => f.map((r) => r.seq))).toEqual([[1], [2], [3]]);
  });

  it('loops with increasing seq', async () => {
    const s = await serve([SAMPLE], { loop: true });
    const v = viewer(s.url);
    await until(() => v.records.length >= 60, 'two passes');
    expect(v.records.slice(0, 60).map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(v.records[27]).toMatchObject({ seq: 28, name: v.records[0].name });
    expect(v.messages.some((m) => m.type === 'end')).toBe(false);
  });

  it('answers --help and refuses bad arguments', async () => {
    expect(await run(['--speed', '2', '--instant', SAMPLE])).toBe(2);
    expect(await run([])).toBe(2);
    expect(await run(['--speed', '0', SAMPLE])).toBe(2);
    expect(await run(['missing-file.ndjson'])).toBe(2);
  });
});
