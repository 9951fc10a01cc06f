import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { LiveClient, type LiveBatch, type LiveCounts, type LiveStatus, type SocketLike } from './live';

/** A scripted server: `script(connectionIndex, url, socket)` decides what each connection sees. */
async function scriptedServer(script: (n: number, url: URL, ws: WebSocket) => void): Promise<{ url: string; urls: string[]; close(): Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const urls: string[] = [];
  wss.on('connection', (ws, req) => {
    urls.push(req.url ?? '');
    script(urls.length - 1, new URL(req.url ?? '/', 'http://x'), ws);
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/`,
    urls,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

const hello = (stream: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'hello', server: 'ixnscope relay', stream, lastSeq: 0, oldestSeq: 1, resumed: false, since: 0, ...extra });
const records = (...seqs: number[]) =>
  JSON.stringify({ type: 'records', records: seqs.map((seq) => ({ seq, session: 'S1', name: 'interaction.udata.changed', data: { interactionid: 'I1', udata: { n: seq } } })) });

interface Probe {
  client: LiveClient;
  /** Frames the socket received (counted apart from the client). */
  frames: number;
  /** The flushes the client asked for and that have not run (manual mode). */
  scheduled: Array<() => void>;
  batches: LiveBatch[];
  statuses: LiveStatus[];
  notices: string[];
  counts: LiveCounts | null;
  seqs(): number[];
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function probe(url: string, flushEachFrame = true): Probe {
  const p: Probe = {
    client: null as never,
    frames: 0,
    scheduled: [],
    batches: [],
    statuses: [],
    notices: [],
    counts: null,
    seqs: () => p.batches.flatMap((b) => b.records.map((r) => r.raw.seq as number)),
  };
  p.client = new LiveClient(
    url,
    {
      batch: (b) => p.batches.push(b),
      status: (s) => p.statuses.push(s),
      counts: (c) => (p.counts = c),
      notice: (t) => p.notices.push(t),
    },
    {
      createSocket: (u) => {
        const ws = new WebSocket(u);
        ws.on('message', () => p.frames++);
        return ws as unknown as SocketLike;
      },
      scheduleFlush: flushEachFrame
        ? (f) => {
            const t = setTimeout(f, 0);
            return () => clearTimeout(t);
          }
        : (f) => {
            p.scheduled.push(f);
            return () => {};
          },
      backoff: { baseMs: 20, maxMs: 40 },
    },
  );
  cleanups.push(() => p.client.stop());
  p.client.start();
  return p;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('LiveClient', () => {
  it('reconnects after a drop, resumes after its last seq, and drops what it already has', async () => {
    const server = await scriptedServer((n, _url, ws) => {
      ws.send(hello('A', n === 0 ? {} : { resumed: true, since: 5 }));
      if (n === 0) {
        ws.send(records(1, 2, 3, 4, 5));
        setTimeout(() => ws.close(1001, 'relay going away'), 20);
      } else {
        ws.send(records(4, 5, 6, 7, 8)); // a server resending the overlap must not double it
      }
    });
    cleanups.push(server.close);
    const p = probe(server.url);
    await until(() => p.seqs().length === 8, 'eight records');
    expect(p.seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(server.urls[1]).toBe('/?since=5&stream=A');
    expect(p.counts).toMatchObject({ received: 8, duplicates: 2, lost: 0, lastSeq: 8, reconnects: 1 });
    const kinds = p.statuses.map((s) => s.kind);
    expect(kinds).toEqual(['connecting', 'live', 'live', 'reconnecting', 'connecting', 'live', 'live']);
    expect(p.statuses[3]).toMatchObject({ kind: 'reconnecting', reason: 'relay going away' });
    // Records become trace records through the model parser, line k = k-th line received.
    expect(p.batches[0].records[0]).toMatchObject({ kind: 'event', name: 'interaction.udata.changed', line: 1, session: 'S1' });
    expect(p.client.savedParts().join('').split('\n').filter(Boolean).map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('batches everything that arrives before a frame into one hand-over', async () => {
    const server = await scriptedServer((_n, _u, ws) => {
      ws.send(hello('A'));
      for (let i = 1; i <= 50; i++) ws.send(records(i));
    });
    cleanups.push(server.close);
    const p = probe(server.url, false);
    await until(() => p.frames === 51, 'every frame');
    expect(p.batches).toHaveLength(0);
    expect(p.scheduled).toHaveLength(1);
    p.scheduled[0]();
    expect(p.batches).toHaveLength(1);
    expect(p.batches[0].records).toHaveLength(50);
  });

  it('counts a gap the server reports and a restarted stream, and keeps going', async () => {
    const server = await scriptedServer((n, _u, ws) => {
      if (n === 0) {
        ws.send(hello('A'));
        ws.send(records(1, 2));
        ws.send(JSON.stringify({ type: 'gap', after: 2, oldestSeq: 10, lost: 7, reason: 'records 3..9 (7) are older than the buffer' }));
        ws.send(records(10));
        setTimeout(() => ws.terminate(), 20);
      } else {
        ws.send(hello('B'));
        ws.send(records(1, 2));
      }
    });
    cleanups.push(server.close);
    const p = probe(server.url);
    await until(() => p.seqs().length === 5, 'five records');
    expect(p.seqs()).toEqual([1, 2, 10, 1, 2]);
    expect(p.counts).toMatchObject({ lost: 7, streamRestarts: 1, duplicates: 0 });
    expect(p.notices[0]).toMatch(/7 records lost/);
    expect(p.notices[1]).toMatch(/restarted/);
    expect(p.statuses.find((s) => s.kind === 'reconnecting')).toMatchObject({ reason: 'connection lost' });
  });

  it('stops for good when refused, showing the server reason', async () => {
    const server = await scriptedServer((_n, _u, ws) => {
      ws.send(JSON.stringify({ type: 'error', code: 'unauthorized', reason: 'unauthorized: this server requires a token' }));
      ws.close(1008, 'unauthorized');
    });
    cleanups.push(server.close);
    const p = probe(server.url);
    await until(() => p.statuses.at(-1)?.kind === 'closed', 'closed');
    await new Promise((r) => setTimeout(r, 100));
    expect(p.statuses.at(-1)).toEqual({ kind: 'closed', url: server.url, reason: 'unauthorized: this server requires a token', error: true });
    expect(server.urls).toHaveLength(1);
  });

  it('ends at the end of a replay without reconnecting', async () => {
    const server = await scriptedServer((_n, _u, ws) => {
      ws.send(hello('A'));
      ws.send(records(1, 2, 3));
      ws.send(JSON.stringify({ type: 'end', lastSeq: 3 }));
      ws.close(1000, 'replay finished');
    });
    cleanups.push(server.close);
    const p = probe(server.url);
    await until(() => p.statuses.at(-1)?.kind === 'closed', 'closed');
    await new Promise((r) => setTimeout(r, 100));
    expect(p.seqs()).toEqual([1, 2, 3]);
    expect(p.statuses.at(-1)).toMatchObject({ kind: 'closed', reason: 'replay finished (last seq 3)', error: false });
    expect(server.urls).toHaveLength(1);
  });

  it('reads plain NDJSON frames from a producer that speaks no protocol', async () => {
    const server = await scriptedServer((_n, _u, ws) => {
      ws.send('{"name":"interaction.added","data":{"interactionid":"I9"}}\nnot json');
    });
    cleanups.push(server.close);
    const p = probe(server.url);
    await until(() => p.batches.length === 1, 'a batch');
    expect(p.batches[0].records.map((r) => r.data.interactionid)).toEqual(['I9']);
    expect(p.batches[0].rejected).toBe(1);
    expect(p.batches[0].diagnostics[0]).toMatchObject({ rule: 'parse-error', line: 2 });
  });
});
