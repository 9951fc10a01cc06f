/**
 * The HTTP/WebSocket front door shared by `ixnscope relay` and `ixnscope serve`: listening,
 * access checks (origin and token), refusals, and the guards that keep one bad client from
 * taking the process down (docs/reliability.md, promise 6):
 *
 * - every request and upgrade is handled inside a try: a target that is not a URL
 *   (`GET http://[ HTTP/1.1`) gets 400, an exception in a handler 500 (or a destroyed socket);
 * - every socket has an `error` listener before anything is read from it, so an invalid or
 *   oversize frame, a reset or a half-written request closes that one connection only;
 * - a connection cap (`maxClients`, default 1000): connections past it are answered
 *   503 (HTTP) or close 1013 with an `error` message `busy` (WebSocket), and past the cap plus a
 *   small margin they are dropped without an answer, so a flood cannot grow memory without end.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { originAllowed, presentedToken, type AccessPolicy } from '../model/live/access';
import { CLOSE } from '../model/live/protocol';

export const DEFAULT_PORT = 8790;
/** Connections (HTTP and WebSocket together) a server keeps open at once. */
export const DEFAULT_MAX_CLIENTS = 1000;
/** Connections past the cap still answered 503 / 1013 at once; beyond that they are dropped. */
const REFUSAL_MARGIN = 64;
/** How long a refused WebSocket may take to read its close frame before it is cut. */
const REFUSE_GRACE_MS = 2_000;

/** Compares tokens in constant time: both are hashed first so the buffers have equal length. */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export type Access = { ok: true } | { ok: false; code: 'unauthorized' | 'origin'; reason: string };

/** Applies the origin and token policy to a request; reasons never contain the token. */
export function checkAccess(req: IncomingMessage, policy: AccessPolicy, url: URL): Access {
  const origin = req.headers.origin;
  if (!originAllowed(origin, policy)) {
    return { ok: false, code: 'origin', reason: `origin ${origin} is not allowed (start the server with --allow-origin ${origin}, or with --token)` };
  }
  if (policy.token !== null && !tokenMatches(presentedToken(req.headers.authorization, url.searchParams), policy.token)) {
    return { ok: false, code: 'unauthorized', reason: 'unauthorized: this server requires a token (?token=T or Authorization: Bearer T)' };
  }
  return { ok: true };
}

/** Closes `ws` on any socket error (invalid frame, oversize frame, reset) instead of throwing. */
export function guard(ws: WebSocket): WebSocket {
  if (ws.listenerCount('error') === 0) ws.on('error', () => ws.terminate());
  return ws;
}

/**
 * Refuses a WebSocket that was let through the handshake: a browser cannot read an HTTP refusal,
 * so the reason goes in an error message and the close frame (default 1008: retrying will not
 * help). Whatever the client sends afterwards (invalid frames included) only closes it.
 */
export function refuse(ws: WebSocket, code: string, reason: string, closeCode: number = CLOSE.policy): void {
  guard(ws);
  try {
    ws.send(JSON.stringify({ type: 'error', code, reason }));
    ws.close(closeCode, reason.slice(0, 120));
  } catch {
    ws.terminate();
    return;
  }
  setTimeout(() => ws.terminate(), REFUSE_GRACE_MS).unref();
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body) + '\n');
}

/** The request target as a URL, or null when it is not one (`http://[`). */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://server');
  } catch {
    return null;
  }
}

/** Answers a plain-text status on an upgrade socket (no WebSocket was made) and closes it. */
function endUpgrade(socket: Duplex, status: string, text: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

function endRequest(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', ...headers });
  res.end(text);
}

export interface LiveServer {
  port: number;
  host: string;
  /** ws://host:port/ */
  wsUrl: string;
  /** Connections open now (HTTP and WebSocket). */
  connections(): number;
  close(): Promise<void>;
}

export interface LiveServerOptions {
  port: number;
  host: string;
  /** Connections kept at once; past it: 503 or close 1013 (default {@link DEFAULT_MAX_CLIENTS}). */
  maxClients?: number;
  /** Where diagnostics lines go (stderr in the CLI). */
  log?: (line: string) => void;
  /**
   * Hands an upgrade request over (normally to `WebSocketServer.handleUpgrade`). Use
   * {@link acceptWebSocket} so the new socket has an error listener from the start.
   */
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void;
  onRequest(req: IncomingMessage, res: ServerResponse, url: URL): void;
}

/**
 * Completes a WebSocket handshake with `wss`, guards the socket (see {@link guard}) and calls
 * `onOpen`; an exception in `onOpen` closes that socket only.
 */
export function acceptWebSocket(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  onOpen: (ws: WebSocket) => void,
): void {
  wss.handleUpgrade(req, socket, head, (ws) => {
    guard(ws);
    try {
      onOpen(ws);
    } catch {
      ws.terminate();
    }
  });
}

/** Starts the HTTP server both commands share; resolves once it listens (port 0 picks one). */
export function createLiveServer(options: LiveServerOptions): Promise<LiveServer> {
  const log = options.log ?? (() => {});
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  const sockets = new Set<Socket>();
  const overCap = new WeakSet<Socket>();
  let lastBusyLog = 0;
  // Refusals past the cap: a tiny frame limit, the socket is closed at once anyway.
  const busyWss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const busyReason = `busy: this server already has ${maxClients} connections (--max-clients); try again later`;
  const noteBusy = () => {
    const now = Date.now();
    if (now - lastBusyLog > 5_000) {
      lastBusyLog = now;
      log(`${busyReason.split(';')[0]}: refusing new connections`);
    }
  };

  const server = createServer((req, res) => {
    // The servers answer JSON and plain text only, never a page: forbid a browser to run or
    // sniff anything in an answer, whatever it echoes.
    res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('x-content-type-options', 'nosniff');
    if (overCap.has(req.socket)) {
      noteBusy();
      return endRequest(res, 503, busyReason + '\n', { 'retry-after': '5' });
    }
    const url = requestUrl(req);
    if (!url) return endRequest(res, 400, 'bad request: the target is not a URL\n');
    try {
      options.onRequest(req, res, url);
    } catch (err) {
      log(`server: request failed: ${(err as Error).message}`);
      endRequest(res, 500, 'internal error\n');
    }
  });
  server.on('connection', (socket: Socket) => {
    if (sockets.size >= maxClients + REFUSAL_MARGIN) {
      noteBusy();
      socket.destroy();
      return;
    }
    if (sockets.size >= maxClients) overCap.add(socket);
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
  });
  // Malformed HTTP (garbage, headers too large, cut request lines) is left to Node's default
  // 'clientError' handling: 400 (431 for huge headers) and the socket is closed.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      if (overCap.has(req.socket)) {
        noteBusy();
        // Browsers cannot read an HTTP refusal: complete the handshake, then say why and close.
        return acceptWebSocket(busyWss, req, socket, head, (ws) => refuse(ws, 'busy', busyReason, CLOSE.tryAgainLater));
      }
      const url = requestUrl(req);
      if (!url) return endUpgrade(socket, '400 Bad Request', 'bad request: the target is not a URL\n');
      options.onUpgrade(req, socket, head, url);
    } catch (err) {
      log(`server: upgrade failed: ${(err as Error).message}`);
      socket.destroy();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new Error(err.code === 'EADDRINUSE' ? `port ${options.port} on ${options.host} is in use; choose another with --port` : err.message));
    });
    server.listen(options.port, options.host, () => {
      server.on('error', (err) => log(`server: ${err.message}`));
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      const hostText = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        port,
        host: options.host,
        wsUrl: `ws://${hostText}:${port}/`,
        connections: () => sockets.size,
        close: () =>
          new Promise<void>((done) => {
            for (const ws of busyWss.clients) ws.terminate();
            busyWss.close();
            server.closeAllConnections();
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** The app link to print: the viewer app with `?ws=` pointing here (the token is never printed). */
export function appUrlFor(appUrl: string, wsUrl: string, withToken: boolean): string {
  const ws = wsUrl.replace(/\/$/, '');
  return `${appUrl.replace(/\/?$/, '/')}?ws=${ws}${withToken ? '&token=<your token>' : ''}`;
}

/** Resolves on Ctrl-C or SIGTERM. */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
