/**
 * `ixnscope relay`: producers publish records (POST /publish with NDJSON, or a WebSocket on
 * /publish), viewers subscribe on `/`. The relay validates each record at the door with the
 * model's parser, stamps `seq`, keeps the last N records in a ring for late joiners and resumes,
 * and sends to each viewer from the ring at the pace the viewer reads (docs/live-protocol.md).
 *
 * Memory is bounded: the ring holds N records, each viewer's socket holds at most `maxQueue`
 * bytes (`ws.bufferedAmount`), and a viewer that falls so far behind that the ring would drop
 * records it has not been sent is closed with 1013 and a reason instead of being buffered for.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { isLoopback, type AccessPolicy } from '../model/live/access';
import { RecordDoor, admitMessage, stampSeq, type AdmittedRecord } from '../model/live/door';
import { CLOSE, MAX_REPORTED_REJECTIONS, encode, recordsFrame, type PublishReply, type PublishResult, type RejectedLine } from '../model/live/protocol';
import { SeqRing } from '../model/live/ring';
import { readViewerQuery } from '../model/live/urls';
import {
  acceptWebSocket, appUrlFor, checkAccess, createLiveServer, DEFAULT_MAX_CLIENTS, DEFAULT_PORT, refuse, requestUrl, sendJson,
  waitForSignal, type LiveServer,
} from './liveServer';

const MiB = 1024 * 1024;

export interface RelayOptions {
  port?: number;
  host?: string;
  token?: string | null;
  /** Records kept for late joiners and resumes. */
  buffer?: number;
  /** Largest publisher frame / POST line, in bytes. */
  maxMessage?: number;
  /** Bytes a viewer's socket may hold unsent before the relay stops feeding it. */
  maxQueue?: number;
  /** Browser origins allowed without a token besides loopback pages; '*' allows any. */
  allowOrigins?: readonly string[];
  /** Where diagnostics lines go (stderr in the CLI). */
  log?: (line: string) => void;
  /** How long a closing slow viewer may take to read its close frame before it is cut. */
  closeGraceMs?: number;
  /** Connections kept at once (viewers, publishers, HTTP); past it: 503 / close 1013. */
  maxClients?: number;
}

export interface RelayStats {
  stream: string;
  lastSeq: number;
  oldestSeq: number;
  viewers: number;
  publishers: number;
  accepted: number;
  rejected: number;
  slowClosed: number;
}

export interface Relay {
  port: number;
  host: string;
  /** ws://host:port/ */
  url: string;
  stats(): RelayStats;
  /** Closes every viewer connection (they reconnect and resume); what the admin endpoint does. */
  dropViewers(reason?: string): number;
  close(): Promise<void>;
}

interface Viewer {
  ws: WebSocket;
  /** Highest seq handed to the socket. */
  sent: number;
  timer: NodeJS.Timeout | null;
  closing: boolean;
}

/** Most records and bytes put in one frame. */
const FRAME_RECORDS = 2000;
const FRAME_BYTES = 512 * 1024;
/** How often a viewer whose socket is full is looked at again. */
const DRAIN_POLL_MS = 15;

export async function startRelay(options: RelayOptions = {}): Promise<Relay> {
  const log = options.log ?? (() => {});
  const capacity = options.buffer ?? 100_000;
  const maxMessage = options.maxMessage ?? MiB;
  const maxQueue = options.maxQueue ?? 4 * MiB;
  const closeGraceMs = options.closeGraceMs ?? 5_000;
  const policy: AccessPolicy = { token: options.token ?? null, allowOrigins: options.allowOrigins ?? [] };
  const stream = randomUUID();
  const ring = new SeqRing(capacity);
  const viewers = new Set<Viewer>();
  const counters = { accepted: 0, rejected: 0, slowClosed: 0, publishers: 0 };
  // A frame of records is encoded once per range and shared by every viewer at the same point.
  let frameCache = new Map<string, string>();

  const viewerWss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const publisherWss = new WebSocketServer({ noServer: true, maxPayload: maxMessage });

  function frameAfter(after: number): { frame: string; count: number } {
    const key = String(after);
    const cached = frameCache.get(key);
    const records = ring.after(after, FRAME_RECORDS);
    let bytes = 0;
    let n = 0;
    while (n < records.length && (n === 0 || bytes + records[n].length <= FRAME_BYTES)) bytes += records[n++].length;
    if (cached !== undefined && n === records.length) return { frame: cached, count: n };
    const frame = recordsFrame(n === records.length ? records : records.slice(0, n));
    if (n === records.length) frameCache.set(key, frame);
    return { frame, count: n };
  }

  function pump(v: Viewer): void {
    v.timer = null;
    while (!v.closing && v.sent < ring.lastSeq) {
      if (v.ws.readyState !== v.ws.OPEN) return;
      if (v.ws.bufferedAmount >= maxQueue) {
        v.timer = setTimeout(() => pump(v), DRAIN_POLL_MS);
        return;
      }
      const { frame, count } = frameAfter(v.sent);
      v.ws.send(frame);
      v.sent = Math.max(v.sent, ring.oldestSeq - 1) + count;
    }
  }

  /** Slack left in the ring when a slow viewer is closed, so that a prompt reconnect loses nothing. */
  const slowLag = Math.max(1, Math.floor(capacity * 0.75));

  function closeSlow(v: Viewer): void {
    v.closing = true;
    counters.slowClosed++;
    const lag = ring.lastSeq - v.sent;
    const reason = `slow consumer: ${lag} records behind (relay keeps ${capacity})`;
    log(`relay: closing a slow viewer (${lag} records behind, ${v.ws.bufferedAmount} bytes queued)`);
    try {
      v.ws.send(encode({ type: 'error', code: 'slow-consumer', reason: `${reason}; reconnect with since=${v.sent} to resume` }));
    } catch {
      // The socket may already be failing; the close below still bounds memory.
    }
    v.ws.close(CLOSE.tryAgainLater, reason);
    setTimeout(() => v.ws.terminate(), closeGraceMs).unref();
  }

  function append(records: readonly AdmittedRecord[]): void {
    if (records.length === 0) return;
    for (const r of records) ring.push((seq) => stampSeq(r.record, seq, r.text));
    counters.accepted += records.length;
    frameCache = new Map();
    for (const v of viewers) {
      if (v.closing) continue;
      if (ring.lastSeq - v.sent > slowLag) closeSlow(v);
      else if (v.timer === null) pump(v);
    }
  }

  function onViewer(ws: WebSocket, req: IncomingMessage): void {
    const url = requestUrl(req);
    if (!url) return refuse(ws, 'bad-request', 'the request target is not a URL');
    const access = checkAccess(req, policy, url);
    if (!access.ok) return refuse(ws, access.code, access.reason);
    const query = readViewerQuery(url.searchParams);
    if ('error' in query) return refuse(ws, 'bad-request', query.error);
    let since = 0;
    let resumed = false;
    if (query.since !== null && (query.stream === null || query.stream === stream)) {
      since = Math.min(query.since, ring.lastSeq);
      resumed = true;
    }
    ws.send(encode({ type: 'hello', server: 'ixnscope relay', stream, lastSeq: ring.lastSeq, oldestSeq: ring.oldestSeq, resumed, since }));
    if (resumed && since + 1 < ring.oldestSeq) {
      const lost = ring.oldestSeq - 1 - since;
      ws.send(encode({
        type: 'gap', after: since, oldestSeq: ring.oldestSeq, lost,
        reason: `records ${since + 1}..${ring.oldestSeq - 1} (${lost}) are older than the relay's buffer of ${capacity}`,
      }));
      since = ring.oldestSeq - 1;
    }
    // A fresh viewer starts at the oldest record held (late joiners get the whole buffer).
    const v: Viewer = { ws, sent: Math.max(since, ring.oldestSeq - 1), timer: null, closing: false };
    viewers.add(v);
    log(`relay: viewer connected (${viewers.size} now${resumed ? `, resuming after seq ${since}` : ''})`);
    ws.on('close', () => {
      viewers.delete(v);
      if (v.timer) clearTimeout(v.timer);
      log(`relay: viewer disconnected (${viewers.size} now)`);
    });
    ws.on('error', () => ws.terminate());
    pump(v);
  }

  function onPublisher(ws: WebSocket, req: IncomingMessage): void {
    const url = requestUrl(req);
    if (!url) return refuse(ws, 'bad-request', 'the request target is not a URL');
    const access = checkAccess(req, policy, url);
    if (!access.ok) return refuse(ws, access.code, access.reason);
    counters.publishers++;
    ws.on('close', () => counters.publishers--);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      const { records, rejected } = admitMessage(text, maxMessage);
      append(records);
      counters.rejected += rejected.length;
      const reply: PublishReply =
        rejected.length === 0
          ? { type: 'ack', accepted: records.length, lastSeq: ring.lastSeq }
          : {
              type: 'error', accepted: records.length, line: rejected[0].line, reason: rejected[0].reason,
              rejected: rejected.slice(0, MAX_REPORTED_REJECTIONS), rejectedCount: rejected.length,
            };
      ws.send(JSON.stringify(reply));
    });
  }

  async function onPost(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const access = checkAccess(req, policy, url);
    if (!access.ok) return sendJson(res, access.code === 'unauthorized' ? 401 : 403, { error: access.reason });
    // A browser page can POST text/plain anywhere without asking; requiring a JSON type makes it
    // ask first (CORS preflight), which the relay never grants, so a visited page cannot inject.
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!/^application\/(x-ndjson|ndjson|jsonl|x-jsonlines|json)$/.test(type)) {
      req.resume();
      return sendJson(res, 415, { error: `send the records as Content-Type: application/x-ndjson (got ${type || 'none'})` });
    }
    const door = new RecordDoor('publish', maxMessage);
    const rejected: RejectedLine[] = [];
    let rejectedCount = 0;
    let accepted = 0;
    const take = (batch: ReturnType<RecordDoor['push']>) => {
      append(batch.records);
      accepted += batch.records.length;
      rejectedCount += batch.rejected.length;
      for (const r of batch.rejected) if (rejected.length < MAX_REPORTED_REJECTIONS) rejected.push(r);
    };
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) take(door.push(chunk));
    } catch {
      take(door.end());
      counters.rejected += rejectedCount;
      return; // the publisher went away mid-body: what arrived complete is kept
    }
    take(door.end());
    counters.rejected += rejectedCount;
    const result: PublishResult = { accepted, lastSeq: ring.lastSeq, rejectedCount, rejected };
    sendJson(res, rejectedCount > 0 && accepted === 0 ? 400 : 200, result);
  }

  function dropViewers(reason = 'dropped by the relay (debug)'): number {
    let n = 0;
    for (const v of viewers) {
      v.closing = true;
      v.ws.close(CLOSE.goingAway, reason);
      n++;
    }
    return n;
  }

  function stats(): RelayStats {
    return {
      stream, lastSeq: ring.lastSeq, oldestSeq: ring.oldestSeq, viewers: viewers.size,
      publishers: counters.publishers, accepted: counters.accepted, rejected: counters.rejected, slowClosed: counters.slowClosed,
    };
  }

  const server: LiveServer = await createLiveServer({
    port: options.port ?? DEFAULT_PORT,
    host: options.host ?? '127.0.0.1',
    maxClients: options.maxClients ?? DEFAULT_MAX_CLIENTS,
    log,
    onUpgrade(req, socket, head, url) {
      const wss = url.pathname === '/' ? viewerWss : url.pathname === '/publish' ? publisherWss : null;
      if (!wss) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      acceptWebSocket(wss, req, socket, head, (ws) => (wss === viewerWss ? onViewer(ws, req) : onPublisher(ws, req)));
    },
    onRequest(req, res, url) {
      if (url.pathname === '/publish' && req.method === 'POST') {
        return void onPost(req, res, url).catch((err: Error) => {
          log(`relay: POST /publish failed: ${err.message}`);
          res.destroy();
        });
      }
      if (url.pathname === '/status' && req.method === 'GET') {
        const access = checkAccess(req, policy, url);
        return access.ok ? sendJson(res, 200, stats()) : sendJson(res, 401, { error: access.reason });
      }
      if (url.pathname === '/admin/drop-viewers' && req.method === 'POST') {
        // Debugging aid for resume tests: loopback callers only, and the custom header makes a
        // browser ask (CORS preflight) first, so no web page can trigger it.
        if (!isLoopback(req.socket.remoteAddress) || req.headers['x-ixnscope-admin'] !== '1') {
          return sendJson(res, 403, { error: 'admin endpoints answer loopback callers sending X-Ixnscope-Admin: 1' });
        }
        const access = checkAccess(req, policy, url);
        if (!access.ok) return sendJson(res, 401, { error: access.reason });
        return sendJson(res, 200, { dropped: dropViewers() });
      }
      res.writeHead(url.pathname === '/' ? 426 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        url.pathname === '/'
          ? 'ixnscope relay: viewers connect here with a WebSocket; publishers POST NDJSON to /publish\n'
          : 'not found\n',
      );
    },
  });

  return {
    port: server.port,
    host: server.host,
    url: server.wsUrl,
    stats,
    dropViewers,
    async close() {
      for (const v of viewers) {
        if (v.timer) clearTimeout(v.timer);
        v.ws.terminate();
      }
      for (const ws of publisherWss.clients) ws.terminate();
      viewerWss.close();
      publisherWss.close();
      await server.close();
    },
  };
}

const HELP = `usage: ixnscope relay [--port 8790] [--host 127.0.0.1] [--token T] [--buffer N] [--max-clients N]

Relays trace records from producers to viewers over WebSocket.
  viewers:     ws://HOST:PORT/            (?since=SEQ to resume, &token=T)
  publishers:  POST http://HOST:PORT/publish   (NDJSON body, Content-Type: application/x-ndjson)
               ws://HOST:PORT/publish          (each text frame one record or NDJSON lines)
Every record is validated on arrival (a JSON object with a non-empty "name" or "action");
refused lines are answered with their line number and reason and never reach viewers.
See docs/live-protocol.md.

options:
  --port N          port to listen on (default 8790; 0 picks a free one)
  --host H          address to bind (default 127.0.0.1; loopback only unless told)
  --token T         refuse publishers and viewers that do not present T
                    (?token=T or Authorization: Bearer T); also read from IXNSCOPE_TOKEN
  --buffer N        records kept for late joiners and resumes (default 100000)
  --max-message B   largest publisher frame or line, in bytes (default 1048576)
  --max-queue B     bytes a viewer may have unsent before it is paced (default 4194304)
  --max-clients N   connections kept at once, viewers + publishers + HTTP (default 1000);
                    more are answered 503 (HTTP) or closed 1013 "busy" (WebSocket)
  --allow-origin O  a browser origin allowed without a token besides loopback pages
                    (repeatable; '*' allows any)
  --app-url U       the viewer app to print a link to (default http://127.0.0.1:5173/)
  -h, --help        show this help`;

function positiveInt(name: string, text: string | undefined, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

export async function run(argv: string[]): Promise<number> {
  let relay: Relay;
  let appUrl: string;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        buffer: { type: 'string' },
        'max-message': { type: 'string' },
        'max-queue': { type: 'string' },
        'max-clients': { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'app-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    const token = values.token ?? process.env.IXNSCOPE_TOKEN ?? null;
    if (token !== null && token.length === 0) throw new Error('--token must not be empty');
    appUrl = values['app-url'] ?? 'http://127.0.0.1:5173/';
    relay = await startRelay({
      port: positiveInt('port', values.port, DEFAULT_PORT, 0, 65535),
      host: values.host ?? '127.0.0.1',
      token,
      buffer: positiveInt('buffer', values.buffer, 100_000),
      maxMessage: positiveInt('max-message', values['max-message'], MiB, 64),
      maxQueue: positiveInt('max-queue', values['max-queue'], 4 * MiB, 1024),
      maxClients: positiveInt('max-clients', values['max-clients'], DEFAULT_MAX_CLIENTS),
      allowOrigins: values['allow-origin'] ?? [],
      log: (line) => process.stderr.write(line + '\n'),
    });
    const withToken = token !== null;
    process.stderr.write(
      `ixnscope relay listening on ${relay.url}\n` +
        `  publish: POST http://${relay.host.includes(':') ? `[${relay.host}]` : relay.host}:${relay.port}/publish  or  ${relay.url}publish\n` +
        `  open:    ${appUrlFor(appUrl, relay.url, withToken)}\n`,
    );
  } catch (err) {
    process.stderr.write(`ixnscope relay: ${(err as Error).message}\n`);
    return 2;
  }
  await waitForSignal();
  await relay.close();
  return 0;
}

// The HTTP/WebSocket front door lives in ./liveServer.ts; `serve` imports it from here too.
export {
  acceptWebSocket, appUrlFor, checkAccess, createLiveServer, DEFAULT_MAX_CLIENTS, DEFAULT_PORT, guard, refuse, requestUrl, sendJson,
  tokenMatches, waitForSignal, type Access, type LiveServer, type LiveServerOptions,
} from './liveServer';
