/**
 * Hostile clients against `ixnscope relay` and `ixnscope serve`, each spawned as the CLI runs it
 * (bin/ixnscope, loopback, a token): malformed HTTP and upgrade requests, raw garbage, bad
 * WebSocket frames before and after the handshake, oversize frames, random publisher frames,
 * floods from many clients, readers that never read, abrupt disconnects. Bounded in time and in
 * numbers. The server must stay up, keep serving a well-behaved viewer (every accepted record,
 * seq without holes), keep its memory bounded, and never write its token to its log.
 *
 * FC_SEED=<n> changes the random frames and the order of the probes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, seededRandom } from './corpus/harness.ts';

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261124;
const TOKEN = 'fuzz-Secret-7f3a9c1e';
const SAMPLE = ROOT + 'public/samples/consult-transfer.ndjson';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// A server in a child process

class ServerProcess {
  stderr = '';
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(args: string[]): Promise<ServerProcess> {
    const child = spawn(process.execPath, [ROOT + 'bin/ixnscope', ...args, '--port', '0', '--token', TOKEN], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, IXNSCOPE_TOKEN: '' },
    });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.stdout!.resume();
    const deadline = Date.now() + 20_000;
    let m: RegExpExecArray | null = null;
    while (!(m = /listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${args[0]} did not start: ${stderr}`);
      await sleep(25);
    }
    const server = new ServerProcess(child, Number(m[1]));
    child.stderr!.on('data', (b: Buffer) => (server.stderr += b.toString('utf8')));
    server.stderr = stderr;
    return server;
  }

  alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resident memory now, from /proc (Linux). */
  rssMiB(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
  }

  /** Why it died: the last lines of its stderr. */
  deathNote(): string {
    return `exit ${this.child.exitCode ?? this.child.signalCode}: ${this.stderr.split('\n').filter((l) => /Error|at /.test(l)).slice(0, 3).join(' | ')}`;
  }

  async stop(): Promise<void> {
    if (!this.alive()) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    if (this.alive()) this.child.kill('SIGKILL');
  }
}

const started: ServerProcess[] = [];
async function start(args: string[]): Promise<ServerProcess> {
  const s = await ServerProcess.start(args);
  started.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

// ---------------------------------------------------------------------------------------------
// Clients

/** Sends raw bytes on a fresh TCP connection; resolves with what came back when it closes (or after `ms`). */
function rawExchange(port: number, bytes: Buffer, ms = 250): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      socket.destroy();
      resolve(got);
    };
    socket.on('data', (b) => (got += b.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
    setTimeout(done, ms);
  });
}

function upgrade(path: string, extra = ''): Buffer {
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
  );
}

/** A client frame: masked as RFC 6455 requires (unless `masked` is false). */
function frame(opcode: number, payload: Buffer, { masked = true, fin = true, rsv = 0 } = {}): Buffer {
  const head = [((fin ? 0x80 : 0) | (rsv << 4) | opcode) & 0xff];
  const len = payload.length;
  if (len < 126) head.push((masked ? 0x80 : 0) | len);
  else if (len < 65536) head.push((masked ? 0x80 : 0) | 126, len >> 8, len & 0xff);
  else head.push((masked ? 0x80 : 0) | 127, 0, 0, 0, 0, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff);
  if (!masked) return Buffer.concat([Buffer.from(head), payload]);
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  return Buffer.concat([Buffer.from(head), mask, body]);
}

function randomBytes(random: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(random() * 256);
  return b;
}

interface GoodViewer {
  ws: WebSocket;
  hello: Record<string, unknown> | null;
  seqs: number[];
  closed: { code: number; reason: string } | null;
}

/** A well-behaved viewer: reads everything, keeps the seqs it got. */
function goodViewer(port: number): Promise<GoodViewer> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/?token=${TOKEN}`);
  const v: GoodViewer = { ws, hello: null, seqs: [], closed: null };
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { type: string; records?: { seq: number }[] };
    if (msg.type === 'hello') v.hello = msg;
    if (msg.type === 'records') for (const r of msg.records!) v.seqs.push(r.seq);
  });
  ws.on('close', (code, reason) => (v.closed = { code, reason: reason.toString() }));
  ws.on('error', () => {});
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(v));
    ws.once('error', reject);
  });
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function post(port: number, path: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (b) => (text += b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', () => resolve({ status: -1, body: text }));
    });
    req.on('error', () => resolve({ status: -1, body: '' }));
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// Probes: each sent on its own connection; the server must still be up afterwards

function probes(path: '/' | '/publish'): [string, Buffer][] {
  const random = seededRandom(SEED);
  const list: [string, Buffer][] = [
    ['random bytes instead of HTTP', randomBytes(random, 2048)],
    ['HTTP request with an invalid absolute URL', Buffer.from('GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['upgrade request with an invalid absolute URL', upgrade('http://[')],
    ['request line cut short', Buffer.from('GET /?since=1')],
    ['64 KiB of headers', Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(65_536)}\r\n\r\n`)],
    ['unknown method and HTTP version', Buffer.from('BREW /pot HTTP/9.9\r\n\r\n')],
    ['NUL and control bytes in the request line', Buffer.from('GET /\u0000\u001b[2J HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['upgrade without the token, then an unmasked frame', Buffer.concat([upgrade(path), frame(1, Buffer.from('hello'), { masked: false })])],
    ['upgrade without the token, then an oversize frame', Buffer.concat([upgrade(path), frame(1, Buffer.alloc(2 * 1024 * 1024, 0x61))])],
    ['upgrade with a bad since, then random bytes', Buffer.concat([upgrade(`${path}?since=-1&token=${TOKEN}`), randomBytes(random, 512)])],
    ['upgrade with a disallowed origin, then a close frame with a bad code', Buffer.concat([upgrade(`${path}?token=${TOKEN}`, 'Origin: https://evil.example\r\n'), frame(8, Buffer.from([0x03, 0xe7]))])],
    ['upgrade with the token, then an unmasked frame', Buffer.concat([upgrade(`${path}?token=${TOKEN}`), frame(1, Buffer.from('x'), { masked: false })])],
    ['upgrade with the token, then reserved bits and opcodes', Buffer.concat([upgrade(`${path}?token=${TOKEN}`), frame(1, Buffer.from('x'), { rsv: 7 }), frame(3, Buffer.from('y'))])],
    ['upgrade with the token, then invalid UTF-8 in a text frame', Buffer.concat([upgrade(`${path}?token=${TOKEN}`), frame(1, Buffer.from([0xff, 0xfe, 0xc3]))])],
    ['upgrade with the token, then a frame cut in the middle', Buffer.concat([upgrade(`${path}?token=${TOKEN}`), frame(1, Buffer.alloc(3000, 0x62)).subarray(0, 1500)])],
    ['upgrade with the token, then a fragmented frame never finished', Buffer.concat([upgrade(`${path}?token=${TOKEN}`), frame(1, Buffer.from('{"name":'), { fin: false })])],
    ['upgrade to an unknown path', upgrade('/../../etc/passwd')],
    ['POST with a chunked body that lies about its chunk size', Buffer.from(`POST /publish?token=${TOKEN} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n`)],
    ['POST whose body is cut short', Buffer.from(`POST /publish?token=${TOKEN} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n{"name":"interaction.added"`)],
  ];
  for (let i = 0; i < 6; i++) list.push([`upgrade with the token, then random frame bytes #${i + 1}`, Buffer.concat([upgrade(`${path}?token=${TOKEN}`), randomBytes(random, 64 + Math.floor(random() * 512))])]);
  // The order is part of the seed: a crash that needs a preceding probe shows up across seeds.
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

const SERVERS = [
  { name: 'relay', args: ['relay', '--buffer', '50000', '--max-message', '65536', '--max-queue', '262144'], wsPath: '/publish' as const },
  { name: 'serve', args: ['serve', SAMPLE, '--instant', '--loop'], wsPath: '/' as const },
];

describe.each(SERVERS)('$name under hostile clients', ({ name, args, wsPath }) => {
  it('stays up through malformed HTTP, upgrade requests and WebSocket frames, and still serves a viewer', async () => {
    let server = await start(args);
    const killers: string[] = [];
    for (const [what, bytes] of [...probes('/'), ...(wsPath === '/publish' ? probes('/publish').slice(0, 12) : [])]) {
      await rawExchange(server.port, bytes);
      await sleep(30);
      if (!server.alive()) {
        killers.push(`${what} -> ${server.deathNote()}`);
        if (killers.length >= 2) break; // enough to report; each restart costs seconds
        server = await start(args);
      }
    }
    // Whatever happened, a well-behaved viewer is served.
    if (!server.alive()) server = await start(args);
    const viewer = await goodViewer(server.port);
    await until(() => viewer.hello !== null, 'hello');
    viewer.ws.close();
    // SERVER BUG F (owner: src/cli/relay.ts createLiveServer and refuse(), shared by serve):
    //  - `new URL(req.url, base)` throws on an absolute-form target such as `GET http://[` and
    //    the exception escapes the 'request' / 'upgrade' listener: one request ends the process;
    //  - a refused WebSocket (no token, bad origin, bad since) gets no 'error' listener, so an
    //    invalid frame from it (unmasked, oversize) is an uncaught error: any client, before
    //    authenticating, ends the process.
    // Fix idea: parse the URL in a try (400 / destroy on failure) and add ws.on('error', ...)
    // in refuse() before sending.
    expect(killers, `${name} was killed by`).toEqual([]);
  }, 60_000);

  it('random and oversize frames, floods, never-reading clients and abrupt disconnects: keeps serving, memory bounded', async () => {
    const server = await start(args);
    const random = seededRandom(SEED + 1);
    const good = await goodViewer(server.port);
    await until(() => good.hello !== null, 'hello');
    const before = server.rssMiB();

    const sockets: WebSocket[] = [];
    const closes: number[] = [];
    const open = (path: string) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}${path.includes('?') ? '&' : '?'}token=${TOKEN}`);
      sockets.push(ws);
      ws.on('error', () => {});
      ws.on('close', (code) => closes.push(code));
      return new Promise<WebSocket>((resolve) => {
        ws.once('open', () => resolve(ws));
        ws.once('close', () => resolve(ws));
      });
    };

    // 60 viewers: random text and binary frames, an oversize one, some never read, some vanish.
    const viewers = await Promise.all(Array.from({ length: 60 }, () => open('/')));
    let oversize = 0;
    viewers.forEach((ws, i) => {
      if (ws.readyState !== ws.OPEN) return;
      const kind = i % 6;
      if (kind === 0) ws.send(randomBytes(random, 1 + Math.floor(random() * 4000)));
      if (kind === 1) ws.send(JSON.stringify({ type: 'hello', token: 'x'.repeat(3000) }));
      if (kind === 2) {
        ws.send(Buffer.alloc(8192, 0x7b)); // past the viewers' 4 KiB limit: 1009
        oversize++;
      }
      if (kind === 3) ws.pause(); // never reads again
      if (kind === 4) ws.terminate(); // gone without a close frame
      if (kind === 5) (ws as unknown as { _socket: { destroy(): void } })._socket.destroy();
    });

    // Relay: 30 publishers send 15 random frames each (records, garbage, mixed, one too large).
    let accepted = 0;
    if (name === 'relay') {
      const line = (k: number) => JSON.stringify({ ts: new Date(Date.UTC(2026, 10, 24, 10) + k).toISOString(), session: 'S1', name: 'interaction.udata.changed', data: { interactionid: `I${k % 7}`, udata: { k, pad: 'x'.repeat(Math.floor(random() * 400)) } } });
      const publishers = await Promise.all(Array.from({ length: 30 }, () => open('/publish')));
      await Promise.all(
        publishers.map(async (ws, p) => {
          for (let f = 0; f < 15 && ws.readyState === ws.OPEN; f++) {
            const pick = random();
            let payload: string | Buffer;
            if (pick < 0.5) payload = Array.from({ length: 1 + Math.floor(random() * 40) }, (_, k) => line(p * 10_000 + f * 100 + k)).join('\n');
            else if (pick < 0.7) payload = [line(p), '{"broken', '', '# comment', line(p + 1), '[1,2]', '{}'].join('\n');
            else if (pick < 0.85) payload = randomBytes(random, 1 + Math.floor(random() * 2000));
            else if (pick < 0.95) payload = randomBytes(random, 300).toString('latin1');
            else payload = 'x'.repeat(70_000); // over --max-message: 1009
            const reply = new Promise<void>((resolve) => {
              const onMessage = (data: WebSocket.RawData) => {
                accepted += (JSON.parse(data.toString()) as { accepted: number }).accepted;
                resolve();
              };
              ws.once('message', onMessage);
              ws.once('close', () => {
                ws.off('message', onMessage);
                resolve();
              });
            });
            ws.send(payload);
            await reply;
          }
        }),
      );
      // And POST bodies: random bytes, wrong types, a long line, one request aborted mid-body.
      for (let i = 0; i < 10; i++) {
        const r = await post(server.port, `/publish?token=${TOKEN}`, i % 2 ? randomBytes(random, 5000) : `${line(i)}\n${'z'.repeat(70_000)}\n${line(i + 1)}\n`, { 'content-type': i === 4 ? 'text/plain' : 'application/x-ndjson' });
        if (r.status === 200 || r.status === 400) accepted += (JSON.parse(r.body) as { accepted: number }).accepted;
      }
      await new Promise<void>((resolve) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: `/publish?token=${TOKEN}`, method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'content-length': '1000000' } });
        req.on('error', () => resolve());
        req.write(`${line(1)}\n${line(2)}\n`);
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 200);
      });
      await sleep(100);
      const status = await new Promise<Record<string, number>>((resolve) => {
        request({ host: '127.0.0.1', port: server.port, path: `/status?token=${TOKEN}` }, (res) => {
          let t = '';
          res.on('data', (b) => (t += b));
          res.on('end', () => resolve(JSON.parse(t)));
        }).end();
      });
      // What the relay took from the aborted POST (complete lines are kept) counts too.
      accepted = status.accepted;
      expect(accepted).toBeGreaterThan(1000);
    }

    // Keep the flood going (serve --loop sends without end) until memory settles: the queues of
    // the never-reading viewers fill up to their limit, then nothing more may grow. Sampled every
    // 400 ms for at most 6 s; settled = the last 4 samples within 16 MiB of each other.
    const samples = [server.rssMiB()];
    const spread = () => Math.max(...samples.slice(-4)) - Math.min(...samples.slice(-4));
    while (samples.length < 15 && (samples.length < 4 || spread() >= 16)) {
      await sleep(400);
      samples.push(server.rssMiB());
    }
    const after = samples[samples.length - 1];
    expect(server.alive(), server.deathNote()).toBe(true);

    if (name === 'relay') {
      // The good viewer got every accepted record exactly once, seq 1..n in order.
      await until(() => good.seqs.length >= accepted, `the good viewer to receive ${accepted} records`);
      expect(good.seqs.length).toBe(accepted);
      expect(good.seqs.every((s, i) => s === i + 1)).toBe(true);
    } else {
      // Served from the start, in order, without holes, and still coming.
      const n = good.seqs.length;
      expect(n).toBeGreaterThan(100);
      expect(good.seqs.every((s, i) => s === i + 1)).toBe(true);
      await until(() => good.seqs.length > n, 'more records');
    }
    expect(good.closed).toBeNull();
    expect(oversize).toBeGreaterThan(0);
    expect(closes).toContain(1009);

    // Bounded: ~60 clients and a flood leave no growth that keeps going.
    console.info(`[servers-fuzz] ${name} RSS: before ${before.toFixed(0)} MiB, then ${samples.map((m) => m.toFixed(0)).join(', ')} MiB`);
    expect(spread(), `${name} memory still growing: ${samples.map((m) => m.toFixed(0)).join(', ')} MiB`).toBeLessThan(16);
    // 10 never-reading viewers may hold 4 MiB each (the per-viewer queue limit) plus the runtime's slack.
    expect(after - before).toBeLessThan(150);

    for (const ws of sockets) ws.terminate();
    good.ws.terminate();
    await sleep(200);
    expect(server.alive(), server.deathNote()).toBe(true);
    // No secret in the log: the token never appears in what the server wrote.
    expect(server.stderr).not.toContain(TOKEN);
  }, 60_000);
});
