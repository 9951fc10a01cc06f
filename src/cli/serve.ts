/**
 * `ixnscope serve FILE...`: replays trace files to every viewer that connects, each from the
 * start (or from `?since=<seq>`), with the original timing scaled by `--speed`, or as fast as the
 * viewer reads (`--instant`). Files are read with the model's parser and merged by time exactly
 * as `summarize` does, so a viewer receives the very records the summary counts, numbered
 * `seq` 1..n in merged order (n+1.. on the next pass with `--loop`).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { mergeByTime } from '../model/analyze';
import { isLoopback, type AccessPolicy } from '../model/live/access';
import { stampSeq } from '../model/live/door';
import { CLOSE, encode, recordsFrame } from '../model/live/protocol';
import { readViewerQuery } from '../model/live/urls';
import type { Diagnostic, TraceRecord } from '../model/types';
import { InputError, parseFile } from './read';
import { appUrlFor, checkAccess, createLiveServer, DEFAULT_PORT, refuse, sendJson, waitForSignal } from './relay';

const MiB = 1024 * 1024;
/** Records and bytes per frame in --instant mode. */
const INSTANT_RECORDS = 1000;
const INSTANT_BYTES = 512 * 1024;
/** Pause between passes with --loop (scaled by speed). */
const LOOP_PAUSE_MS = 1000;

/** The merged trace, ready to send: each record serialised once with a placeholder seq. */
export interface Replay {
  /** `stampSeq(raw, 0)`: the seq is spliced in per send. */
  templates: string[];
  /** Monotonic replay clock in trace ms (records without time, or earlier than the one before, go at once). */
  times: number[];
  /** Hash of the records: a restarted serve of the same files is the same stream, so viewers resume. */
  stream: string;
  rejected: Diagnostic[];
  rejectedCount: number;
}

const SEQ_PLACEHOLDER = '{"seq":0';

export async function loadReplay(files: readonly string[]): Promise<Replay> {
  const lists: TraceRecord[][] = [];
  const rejected: Diagnostic[] = [];
  let rejectedCount = 0;
  for (let i = 0; i < files.length; i++) {
    const records: TraceRecord[] = [];
    await parseFile(files[i], i, (out) => {
      for (const r of out.records) records.push(r);
      rejectedCount += out.rejected;
      for (const d of out.diagnostics) if (rejected.length < 1000) rejected.push(d);
    });
    lists.push(records);
  }
  const merged = mergeByTime(lists);
  const hash = createHash('sha256');
  const templates: string[] = new Array(merged.length);
  const times: number[] = new Array(merged.length);
  const firstTime = merged.find((r) => r.time !== null)?.time ?? 0;
  let clock = firstTime;
  for (let i = 0; i < merged.length; i++) {
    templates[i] = stampSeq(merged[i].raw, 0);
    hash.update(templates[i]).update('\n');
    const t = merged[i].time;
    if (t !== null && t > clock) clock = t;
    times[i] = clock;
  }
  return { templates, times, stream: hash.digest('hex').slice(0, 32), rejected, rejectedCount };
}

export interface ServeOptions {
  replay: Replay;
  port?: number;
  host?: string;
  /** Replay speed factor; null sends as fast as the viewer reads. */
  speed?: number | null;
  loop?: boolean;
  token?: string | null;
  allowOrigins?: readonly string[];
  maxQueue?: number;
  /** Connections kept at once (HTTP and WebSocket); see liveServer.ts. */
  maxClients?: number;
  log?: (line: string) => void;
}

export interface Served {
  port: number;
  url: string;
  viewers(): number;
  close(): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

export async function startServe(options: ServeOptions): Promise<Served> {
  const { replay } = options;
  const n = replay.templates.length;
  const speed = options.speed === undefined ? 1 : options.speed;
  const loop = options.loop ?? false;
  const maxQueue = options.maxQueue ?? 4 * MiB;
  const log = options.log ?? (() => {});
  const policy: AccessPolicy = { token: options.token ?? null, allowOrigins: options.allowOrigins ?? [] };
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const sessions = new Map<WebSocket, AbortController>();

  const recordAt = (seq: number) => SEQ_PLACEHOLDER.replace('0', String(seq)) + replay.templates[(seq - 1) % n].slice(SEQ_PLACEHOLDER.length);

  async function drained(ws: WebSocket, signal: AbortSignal): Promise<void> {
    while (!signal.aborted && ws.bufferedAmount > maxQueue) await sleep(10, signal);
  }

  /** Sends seq `from` onwards to one viewer until the end (or forever with --loop). */
  async function play(ws: WebSocket, from: number, signal: AbortSignal): Promise<void> {
    let seq = from;
    while (!signal.aborted) {
      if (n === 0 || (!loop && seq > n)) {
        ws.send(encode({ type: 'end', lastSeq: Math.min(seq - 1, n) }));
        ws.close(CLOSE.normal, 'replay finished');
        return;
      }
      // One pass (or the rest of one) at a time: the clock restarts with every pass.
      const passEnd = (Math.floor((seq - 1) / n) + 1) * n;
      const startedAt = performance.now();
      const base = replay.times[(seq - 1) % n];
      while (!signal.aborted && seq <= passEnd) {
        const batch: string[] = [];
        let bytes = 0;
        if (speed === null) {
          while (seq <= passEnd && batch.length < INSTANT_RECORDS && bytes < INSTANT_BYTES) {
            const r = recordAt(seq++);
            batch.push(r);
            bytes += r.length;
          }
        } else {
          const elapsed = (performance.now() - startedAt) * speed;
          while (seq <= passEnd && replay.times[(seq - 1) % n] - base <= elapsed && batch.length < INSTANT_RECORDS) batch.push(recordAt(seq++));
          if (batch.length === 0) {
            const due = (replay.times[(seq - 1) % n] - base) / speed;
            await sleep(Math.max(1, due - (performance.now() - startedAt)), signal);
            continue;
          }
        }
        if (ws.readyState !== ws.OPEN) return;
        ws.send(recordsFrame(batch));
        await drained(ws, signal);
        if (speed === null) await new Promise((r) => setImmediate(r));
      }
      if (loop && !signal.aborted) await sleep(LOOP_PAUSE_MS / (speed ?? 1e3), signal);
    }
  }

  function onViewer(ws: WebSocket, req: IncomingMessage, url: URL): void {
    const access = checkAccess(req, policy, url);
    if (!access.ok) return refuse(ws, access.code, access.reason);
    const query = readViewerQuery(url.searchParams);
    if ('error' in query) return refuse(ws, 'bad-request', query.error);
    let since = 0;
    let resumed = false;
    if (query.since !== null && (query.stream === null || query.stream === replay.stream)) {
      since = loop ? query.since : Math.min(query.since, n);
      resumed = true;
    }
    ws.send(encode({ type: 'hello', server: 'ixnscope serve', stream: replay.stream, lastSeq: n, oldestSeq: 1, resumed, since }));
    const controller = new AbortController();
    sessions.set(ws, controller);
    log(`serve: viewer connected (${sessions.size} now${resumed ? `, resuming after seq ${since}` : ''})`);
    ws.on('close', () => {
      controller.abort();
      sessions.delete(ws);
      log(`serve: viewer disconnected (${sessions.size} now)`);
    });
    ws.on('error', () => ws.terminate());
    play(ws, since + 1, controller.signal).catch((err) => {
      log(`serve: replay to a viewer failed: ${(err as Error).message}`);
      ws.terminate();
    });
  }

  const server = await createLiveServer({
    port: options.port ?? DEFAULT_PORT,
    host: options.host ?? '127.0.0.1',
    maxClients: options.maxClients,
    log: options.log,
    onUpgrade(req, socket, head, url) {
      if (url.pathname !== '/') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => onViewer(ws, req, url));
    },
    onRequest(req, res, url) {
      if (url.pathname === '/admin/drop-viewers' && req.method === 'POST') {
        if (!isLoopback(req.socket.remoteAddress) || req.headers['x-ixnscope-admin'] !== '1') {
          return sendJson(res, 403, { error: 'admin endpoints answer loopback callers sending X-Ixnscope-Admin: 1' });
        }
        const access = checkAccess(req, policy, url);
        if (!access.ok) return sendJson(res, 401, { error: access.reason });
        const dropped = sessions.size;
        for (const ws of sessions.keys()) ws.close(CLOSE.goingAway, 'dropped by the server (debug)');
        return sendJson(res, 200, { dropped });
      }
      res.writeHead(url.pathname === '/' ? 426 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(url.pathname === '/' ? 'ixnscope serve: connect a viewer here with a WebSocket\n' : 'not found\n');
    },
  });

  return {
    port: server.port,
    url: server.wsUrl,
    viewers: () => sessions.size,
    async close() {
      for (const [ws, controller] of sessions) {
        controller.abort();
        ws.terminate();
      }
      wss.close();
      await server.close();
    },
  };
}

const HELP = `usage: ixnscope serve FILE... [--port 8790] [--host 127.0.0.1] [--speed X | --instant] [--loop]

Replays trace files (NDJSON, JSON array, or either gzipped; several are merged by time) over
WebSocket to every viewer that connects, each from the start or from ?since=SEQ. Records carry
seq 1..n in merged order. Open the app with ?ws=ws://HOST:PORT to watch. See docs/live-protocol.md.

options:
  --port N          port to listen on (default 8790; 0 picks a free one)
  --host H          address to bind (default 127.0.0.1)
  --speed X         replay at X times the original pace (default 1; 10 = ten times faster)
  --instant         send everything as fast as the viewer reads, in batches
  --loop            start over after the last record, forever (seq keeps increasing)
  --token T         refuse viewers that do not present T (?token=T); also read from IXNSCOPE_TOKEN
  --allow-origin O  a browser origin allowed without a token besides loopback pages (repeatable)
  --app-url U       the viewer app to print a link to (default http://127.0.0.1:5173/)
  --max-clients N   connections kept at once (default 1000); past it viewers get 'busy' (1013)
  -h, --help        show this help`;

function describeDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export async function run(argv: string[]): Promise<number> {
  let served: Served;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        speed: { type: 'string' },
        instant: { type: 'boolean' },
        loop: { type: 'boolean' },
        token: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'app-url': { type: 'string' },
        'max-clients': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    if (positionals.length === 0) throw new Error('no trace file given');
    if (values.speed !== undefined && values.instant) throw new Error('--speed and --instant do not go together');
    let speed: number | null = values.instant ? null : 1;
    if (values.speed !== undefined) {
      speed = Number(values.speed);
      if (!Number.isFinite(speed) || speed <= 0) throw new Error(`--speed must be a number > 0, got ${JSON.stringify(values.speed)}`);
    }
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${JSON.stringify(values.port)}`);
    const maxClients = values['max-clients'] === undefined ? undefined : Number(values['max-clients']);
    if (maxClients !== undefined && !(Number.isInteger(maxClients) && maxClients >= 1)) {
      throw new Error(`--max-clients must be a whole number >= 1, got ${JSON.stringify(values['max-clients'])}`);
    }
    const token = values.token ?? process.env.IXNSCOPE_TOKEN ?? null;
    if (token !== null && token.length === 0) throw new Error('--token must not be empty');
    const replay = await loadReplay(positionals);
    for (const d of replay.rejected.slice(0, 20)) process.stderr.write(`${d.file}:${d.line}: ${d.rule}: ${d.message} (not sent)\n`);
    if (replay.rejectedCount > 20) process.stderr.write(`... ${replay.rejectedCount - 20} more lines rejected (not sent)\n`);
    served = await startServe({
      replay, port, host: values.host ?? '127.0.0.1', speed, loop: values.loop ?? false, token,
      allowOrigins: values['allow-origin'] ?? [], maxClients, log: (line) => process.stderr.write(line + '\n'),
    });
    const n = replay.templates.length;
    const span = n > 0 ? replay.times[n - 1] - replay.times[0] : 0;
    const pace = speed === null ? 'as fast as each viewer reads' : `in ${describeDuration(span / speed)} at speed ${speed}`;
    process.stderr.write(
      `ixnscope serve: ${n} records from ${positionals.length} file${positionals.length === 1 ? '' : 's'}, replayed ${pace}${values.loop ? ', looping' : ''}\n` +
        `listening on ${served.url}\n`,
    );
    // The link goes to stdout so scripts can read it; everything else is on stderr.
    process.stdout.write(`${appUrlFor(values['app-url'] ?? 'http://127.0.0.1:5173/', served.url, token !== null)}\n`);
  } catch (err) {
    const message = err instanceof InputError ? `cannot read ${err.message}` : (err as Error).message;
    process.stderr.write(`ixnscope serve: ${message}\n`);
    return 2;
  }
  await waitForSignal();
  await served.close();
  return 0;
}
