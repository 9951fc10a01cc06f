import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeServerFrame, type LiveRecord, type ServerMessage } from '../model/live/protocol';
import { startRelay, tokenMatches, type Relay, type RelayOptions } from './relay';

const relays: Relay[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

async function relay(options: RelayOptions = {}): Promise<Relay> {
  const r = await startRelay({ port: 0, ...options });
  relays.push(r);
  return r;
}

/** Polls `check` until it holds (bounded by the test timeout). */
async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Viewer {
  ws: WebSocket;
  messages: ServerMessage[];
  records: LiveRecord[];
  closed: Promise<{ code: number; reason: string }>;
}

function viewer(url: string, headers: Record<string, string> = {}): Viewer {
  const ws = new WebSocket(url, { headers });
  sockets.push(ws);
  const v: Viewer = { ws, messages: [], records: [], closed: null as never };
  v.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => {});
  ws.on('message', (data) => {
    const m = decodeServerFrame(data.toString());
    if (m.type === 'lines' || m.type === 'invalid') throw new Error(`unexpected frame ${data.toString().slice(0, 80)}`);
    v.messages.push(m);
    if (m.type === 'records') v.records.push(...m.records);
  });
  return v;
}

function publisher(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(`${url}publish`, { headers });
  sockets.push(ws);
  ws.on('error', () => {});
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('close', (code, reason) => reject(new Error(`publisher closed ${code} ${reason}`)));
  });
}

function send(ws: WebSocket, text: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(text);
  });
}

async function post(r: Relay, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${r.port}/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const rec = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ session: 'S1', name, data: { interactionid: 'I1' }, ...extra });

describe('relay', () => {
  it('stamps seq, validates at the door, and never broadcasts a refused record', async () => {
    const r = await relay();
    const v = viewer(r.url);
    await until(() => v.messages.length > 0, 'hello');
    expect(v.messages[0]).toMatchObject({ type: 'hello', server: 'ixnscope relay', lastSeq: 0, oldestSeq: 1, resumed: false });
    const p = await publisher(r.url);
    expect(await send(p, rec('interaction.added'))).toEqual({ type: 'ack', accepted: 1, lastSeq: 1 });
    const bad = await send(p, `${rec('interaction.present')}\n{"data":{"interactionid":"I1"}}\nnot json`);
    expect(bad).toMatchObject({ type: 'error', accepted: 1, line: 2, rejectedCount: 2 });
    expect(String(bad.reason)).toMatch(/^missing-name: record has neither "name"/);
    expect((bad.rejected as { line: number }[]).map((x) => x.line)).toEqual([2, 3]);
    const posted = await post(r, `${rec('interaction.deleted')}\n{"name":""}\n`);
    expect(posted).toEqual({ status: 200, json: { accepted: 1, lastSeq: 3, rejectedCount: 1, rejected: [{ line: 2, reason: expect.stringMatching(/^missing-name/) }] } });
    await until(() => v.records.length === 3, '3 records');
    await new Promise((res) => setTimeout(res, 50));
    expect(v.records.map((x) => [x.seq, x.name])).toEqual([[1, 'interaction.added'], [2, 'interaction.present'], [3, 'interaction.deleted']]);
    expect(r.stats()).toMatchObject({ accepted: 3, rejected: 3 });
  });

  it('rejects an oversize message: a WebSocket frame closes with 1009, a POST line is refused', async () => {
    const r = await relay({ maxMessage: 1024 * 1024 });
    const v = viewer(r.url);
    await until(() => v.messages.length > 0, 'hello');
    const p = await publisher(r.url);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => p.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    p.send(rec('interaction.added', { pad: 'x'.repeat(1024 * 1024 + 10) }));
    expect(await closed).toMatchObject({ code: 1009 });
    const posted = await post(r, `${rec('interaction.added', { pad: 'y'.repeat(1024 * 1024 + 10) })}\n${rec('interaction.present')}\n`);
    expect(posted.status).toBe(200);
    expect(posted.json).toMatchObject({ accepted: 1, rejectedCount: 1, rejected: [{ line: 1, reason: expect.stringMatching(/longer than 1 MiB/) }] });
    await until(() => v.records.length === 1, 'the one good record');
    expect(v.records[0]).toMatchObject({ seq: 1, name: 'interaction.present' });
  });

  it('closes a viewer that stops reading with 1013 and a reason, instead of buffering for it', async () => {
    const r = await relay({ buffer: 2000, maxQueue: 64 * 1024, closeGraceMs: 10_000 });
    const v = viewer(r.url);
    await until(() => v.messages.length > 0, 'hello');
    v.ws.pause();
    const line = rec('interaction.udata.changed', { pad: 'z'.repeat(1000) });
    const body = Array.from({ length: 1000 }, () => line).join('\n');
    for (let i = 0; i < 40 && r.stats().slowClosed === 0; i++) await post(r, body);
    expect(r.stats().slowClosed).toBe(1);
    v.ws.resume();
    const closed = await v.closed;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/^slow consumer: \d+ records behind \(relay keeps 2000\)/);
    expect(v.messages.at(-1)).toMatchObject({ type: 'error', code: 'slow-consumer' });
    // What it did receive is still a gap-free prefix.
    expect(v.records.every((x, i) => x.seq === i + 1)).toBe(true);
    expect(v.records.length).toBeLessThan(r.stats().lastSeq);
  });

  it('with --token refuses viewers and publishers without it, and never logs it', async () => {
    const lines: string[] = [];
    const r = await relay({ token: 's3cret-token', log: (l) => lines.push(l) });
    const anonymous = viewer(r.url);
    expect(await anonymous.closed).toMatchObject({ code: 1008, reason: expect.stringMatching(/^unauthorized/) });
    expect(anonymous.messages).toEqual([{ type: 'error', code: 'unauthorized', reason: expect.stringMatching(/requires a token/) }]);
    const wrong = viewer(`${r.url}?token=s3cret-tokeX`);
    expect((await wrong.closed).code).toBe(1008);
    const anonymousPublisher = new WebSocket(`${r.url}publish`);
    sockets.push(anonymousPublisher);
    const refusedCode = await new Promise<number>((resolve) => anonymousPublisher.on('close', (code) => resolve(code)));
    expect(refusedCode).toBe(1008);
    expect((await post(r, rec('interaction.added'))).status).toBe(401);
    const ok = viewer(`${r.url}?token=s3cret-token`);
    await until(() => ok.messages.length > 0, 'hello');
    expect((await post(r, rec('interaction.added'), { authorization: 'Bearer s3cret-token' })).json).toMatchObject({ accepted: 1 });
    const p = await publisher(r.url, { authorization: 'Bearer s3cret-token' });
    expect(await send(p, rec('interaction.present'))).toMatchObject({ type: 'ack', accepted: 1 });
    await until(() => ok.records.length === 2, 'both records');
    expect(lines.join('\n')).not.toContain('s3cret');
    expect(tokenMatches('a', 'a')).toBe(true);
    expect(tokenMatches('a', 'ab')).toBe(false);
    expect(tokenMatches(null, 'a')).toBe(false);
  });

  it('keeps browser pages from other origins out unless allowed, and refuses non-JSON posts', async () => {
    const r = await relay();
    const evil = viewer(r.url, { origin: 'https://evil.example' });
    expect(await evil.closed).toMatchObject({ code: 1008, reason: expect.stringMatching(/origin https:\/\/evil.example is not allowed/) });
    const local = viewer(r.url, { origin: 'http://127.0.0.1:5173' });
    await until(() => local.messages.length > 0, 'hello');
    const res = await fetch(`http://127.0.0.1:${r.port}/publish`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: rec('x') });
    expect(res.status).toBe(415);
    expect(r.stats().lastSeq).toBe(0);
  });

  it('takes 1,000 publishers at once: every record arrives exactly once, seq increasing, each publisher in order', async () => {
    // 1,000 publishers and a viewer are more than the default --max-clients (1000).
    const r = await relay({ maxClients: 1100 });
    const v = viewer(r.url);
    await until(() => v.messages.length > 0, 'hello');
    const PUBLISHERS = 1000;
    const EACH = 5;
    const publishers = await Promise.all(Array.from({ length: PUBLISHERS }, () => publisher(r.url)));
    await Promise.all(
      publishers.map(async (p, i) => {
        for (let k = 0; k < EACH; k++) {
          const ack = await send(p, JSON.stringify({ name: 'interaction.udata.changed', data: { interactionid: `I${i}`, udata: { k } } }));
          expect(ack).toMatchObject({ type: 'ack', accepted: 1 });
        }
      }),
    );
    await until(() => v.records.length >= PUBLISHERS * EACH, 'every record');
    await new Promise((res) => setTimeout(res, 50));
    expect(v.records).toHaveLength(PUBLISHERS * EACH);
    expect(v.records.map((x) => x.seq)).toEqual(Array.from({ length: PUBLISHERS * EACH }, (_, i) => i + 1));
    const seen = new Map<string, number[]>();
    for (const x of v.records) {
      const d = x.data as { interactionid: string; udata: { k: number } };
      seen.set(d.interactionid, [...(seen.get(d.interactionid) ?? []), d.udata.k]);
    }
    expect(seen.size).toBe(PUBLISHERS);
    for (const ks of seen.values()) expect(ks).toEqual([0, 1, 2, 3, 4]);
    expect(r.stats().publishers).toBe(PUBLISHERS);
  });

  it('resumes by seq within the stream, starts over for another stream, and reports a gap it cannot fill', async () => {
    const r = await relay({ buffer: 50 });
    const body = Array.from({ length: 100 }, (_, i) => rec('interaction.udata.changed', { n: i + 1 })).join('\n');
    await post(r, body);
    const { stream } = r.stats();

    const resumed = viewer(`${r.url}?since=70&stream=${stream}`);
    await until(() => resumed.records.length === 30, 'records 71..100');
    expect(resumed.messages[0]).toMatchObject({ type: 'hello', resumed: true, since: 70, lastSeq: 100, oldestSeq: 51 });
    expect(resumed.records.map((x) => x.seq)).toEqual(Array.from({ length: 30 }, (_, i) => 71 + i));
    expect(resumed.records.map((x) => x.n)).toEqual(Array.from({ length: 30 }, (_, i) => 71 + i));

    const gap = viewer(`${r.url}?since=10&stream=${stream}`);
    await until(() => gap.records.length === 50, 'records 51..100');
    expect(gap.messages[1]).toMatchObject({ type: 'gap', after: 10, oldestSeq: 51, lost: 40, reason: expect.stringMatching(/^records 11..50 \(40\)/) });
    expect(gap.records[0].seq).toBe(51);

    const other = viewer(`${r.url}?since=70&stream=some-earlier-relay`);
    await until(() => other.records.length === 50, 'the whole buffer');
    expect(other.messages[0]).toMatchObject({ type: 'hello', resumed: false, since: 0 });

    const bad = viewer(`${r.url}?since=abc`);
    expect(await bad.closed).toMatchObject({ code: 1008, reason: expect.stringMatching(/since must be/) });
  });

  it('drops viewers through the loopback admin endpoint only with its header', async () => {
    const r = await relay();
    const v = viewer(r.url);
    await until(() => v.messages.length > 0, 'hello');
    const refused = await fetch(`http://127.0.0.1:${r.port}/admin/drop-viewers`, { method: 'POST' });
    expect(refused.status).toBe(403);
    const res = await fetch(`http://127.0.0.1:${r.port}/admin/drop-viewers`, { method: 'POST', headers: { 'x-ixnscope-admin': '1' } });
    expect(await res.json()).toEqual({ dropped: 1 });
    expect((await v.closed).code).toBe(1001);
  });

  it('answers a request target that is not a URL with 400 and stays up', async () => {
    const r = await relay();
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(r.port, '127.0.0.1');
      let got = '';
      socket.on('data', (b) => (got += b.toString('latin1')));
      socket.on('error', () => resolve(got));
      socket.on('close', () => resolve(got));
      socket.write('GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    const v = viewer(r.url);
    await until(() => v.messages.length > 0, 'hello');
  });

  it('caps connections with --max-clients: 1013 "busy" for a WebSocket, 503 for HTTP, room again once one leaves', async () => {
    const r = await relay({ maxClients: 2 });
    const a = viewer(r.url);
    const b = viewer(r.url);
    await until(() => a.messages.length > 0 && b.messages.length > 0, 'two hellos');
    const third = viewer(r.url);
    expect(await third.closed).toMatchObject({ code: 1013, reason: expect.stringMatching(/^busy: .*--max-clients/) });
    expect(third.messages).toEqual([{ type: 'error', code: 'busy', reason: expect.stringMatching(/^busy/) }]);
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: r.port, path: '/status', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).end();
    });
    expect(status).toBe(503);
    a.ws.close();
    await a.closed;
    await until(() => r.stats().viewers === 1, 'the first viewer to leave');
    const later = viewer(r.url);
    await until(() => later.messages.length > 0, 'hello for a viewer once there is room');
    expect(later.messages[0]).toMatchObject({ type: 'hello' });
  });
});
