/**
 * The app's live-stream client (docs/live-protocol.md): one WebSocket to `ixnscope serve`,
 * `ixnscope relay` or any server speaking the protocol. It reconnects with backoff and resumes
 * after the last `seq` it holds (`?since=&stream=`), drops any seq it already has, counts what
 * the server says is lost, and hands records on at most once per animation frame, so a fast
 * stream costs one store update per frame rather than one per record.
 *
 * Records go through the model's `TraceParser` exactly as a file's lines do: the live session
 * is a trace whose "file" is the stream, line k being the k-th line received, which is also
 * line k of the NDJSON the session saves as.
 */
import { backoffDelay, type BackoffOptions } from '../model/live/backoff';
import { CLOSE, decodeServerFrame, seqOf } from '../model/live/protocol';
import { redactToken, resumeUrl } from '../model/live/urls';
import { TraceParser } from '../model/parser';
import type { Diagnostic, TraceRecord } from '../model/types';

export type LiveStatus =
  | { kind: 'idle' }
  | { kind: 'connecting'; url: string; attempt: number }
  | { kind: 'live'; url: string; server: string }
  | { kind: 'reconnecting'; url: string; reason: string; retryAt: number; attempt: number }
  /** `finished`: the server sent the whole trace (`end`): nothing more will come. */
  | { kind: 'closed'; url: string; reason: string; error: boolean; finished?: boolean };

export interface LiveCounts {
  /** Lines handed to the trace (records, plus lines a plain producer sent). */
  received: number;
  /** Records dropped because their seq was already held (sent again after a resume). */
  duplicates: number;
  /** Records the server said it could no longer send, or seqs that never came. */
  lost: number;
  /** Highest seq held in the current stream. */
  lastSeq: number;
  reconnects: number;
  /** Times the server came back as a new stream (a restarted relay): seqs started over. */
  streamRestarts: number;
}

export const ZERO_COUNTS: LiveCounts = { received: 0, duplicates: 0, lost: 0, lastSeq: 0, reconnects: 0, streamRestarts: 0 };

export interface LiveBatch {
  records: TraceRecord[];
  diagnostics: Diagnostic[];
  rejected: number;
}

/** Where the client reports; the store implements it (ingest does not know the store). */
export interface LiveSink {
  batch(batch: LiveBatch): void;
  status(status: LiveStatus): void;
  counts(counts: LiveCounts): void;
  /** Something the user should know that is not a status: a gap, a restarted stream. */
  notice(text: string): void;
}

/** The subset of the WebSocket API the client uses (the browser's, or `ws` in Node tests). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface LiveClientOptions {
  createSocket?: (url: string) => SocketLike;
  /** Runs `flush` before the next paint; returns a cancel function. */
  scheduleFlush?: (flush: () => void) => () => void;
  random?: () => number;
  now?: () => number;
  backoff?: BackoffOptions;
}

/**
 * Next animation frame, or 100 ms when frames do not come (a hidden tab gets no frames, and the
 * stream must not pile up unparsed until it is shown again).
 */
function nextFrame(flush: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(raf);
    clearTimeout(timer);
    flush();
  };
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : 0;
  const timer = setTimeout(run, 100);
  return () => {
    done = true;
    if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(raf);
    clearTimeout(timer);
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The name records and diagnostics of a live session carry as their "file": the stream's host. */
export function liveFileName(url: string): string {
  try {
    return `live ${new URL(url).host}`;
  } catch {
    return 'live stream';
  }
}

export class LiveClient {
  readonly url: string;
  private readonly sink: LiveSink;
  private readonly createSocket: (url: string) => SocketLike;
  private readonly scheduleFlush: (flush: () => void) => () => void;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly backoff: BackoffOptions;
  private readonly parser: TraceParser;
  private socket: SocketLike | null = null;
  private stream: string | null = null;
  private counts: LiveCounts = { ...ZERO_COUNTS };
  private attempt = 0;
  private pending: string[] = [];
  private cancelFlush: (() => void) | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** The session as received, one string per flushed batch of lines. */
  private saved: string[] = [];
  private stopped = false;
  private ended = false;
  private serverError: { reason: string; final: boolean } | null = null;

  constructor(url: string, sink: LiveSink, options: LiveClientOptions = {}) {
    this.url = url;
    this.sink = sink;
    this.createSocket = options.createSocket ?? ((u) => new WebSocket(u) as unknown as SocketLike);
    this.scheduleFlush = options.scheduleFlush ?? nextFrame;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.backoff = options.backoff ?? {};
    this.parser = new TraceParser(liveFileName(url), 0);
  }

  start(): void {
    this.connect();
  }

  /** Closes for good (the user disconnected or connected elsewhere). */
  stop(reason = 'disconnected'): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearRetry();
    this.flush();
    const socket = this.socket;
    this.socket = null;
    socket?.close(CLOSE.normal, 'viewer disconnected');
    this.sink.status({ kind: 'closed', url: this.url, reason, error: false });
  }

  /** Skips the wait of a pending reconnect. */
  reconnectNow(): void {
    if (this.stopped || this.retryTimer === null) return;
    this.clearRetry();
    this.connect();
  }

  /** Everything received so far as NDJSON text parts (for a Blob). */
  savedParts(): readonly string[] {
    this.flush();
    return this.saved;
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private connect(): void {
    this.serverError = null;
    this.sink.status({ kind: 'connecting', url: this.url, attempt: this.attempt });
    let socket: SocketLike;
    try {
      socket = this.createSocket(resumeUrl(this.url, this.counts.lastSeq, this.stream));
    } catch (err) {
      this.sink.status({ kind: 'closed', url: this.url, reason: `cannot open ${redactToken(this.url)}: ${(err as Error).message}`, error: true });
      this.stopped = true;
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      if (this.socket === socket) this.sink.status({ kind: 'live', url: this.url, server: 'server' });
    };
    socket.onmessage = (ev) => {
      if (this.socket === socket && typeof ev.data === 'string') this.onFrame(ev.data);
    };
    socket.onerror = () => {};
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.onClose(ev.code, ev.reason, opened);
    };
  }

  private onFrame(text: string): void {
    const frame = decodeServerFrame(text);
    switch (frame.type) {
      case 'hello':
        this.attempt = 0;
        if (this.stream !== null && frame.stream !== this.stream) {
          // A relay restarted: its seqs start over and what was published while it was down
          // never reached it. Keep what we have and follow the new numbering.
          this.flush();
          this.counts.lastSeq = 0;
          this.counts.streamRestarts++;
          this.sink.counts({ ...this.counts });
          this.sink.notice(`${frame.server} restarted: a new stream began; records published while it was down were not received`);
        }
        this.stream = frame.stream;
        this.sink.status({ kind: 'live', url: this.url, server: frame.server });
        return;
      case 'records':
        for (const record of frame.records) {
          const seq = seqOf(record);
          if (seq !== null) {
            if (seq <= this.counts.lastSeq) {
              this.counts.duplicates++;
              continue;
            }
            // A hole the server did not announce (a late joiner's first record is not one).
            if (this.counts.lastSeq > 0 && seq > this.counts.lastSeq + 1) this.counts.lost += seq - this.counts.lastSeq - 1;
            this.counts.lastSeq = seq;
          }
          this.queue(JSON.stringify(record));
        }
        return;
      case 'lines':
        for (const line of frame.text.split('\n')) this.queue(line.endsWith('\r') ? line.slice(0, -1) : line);
        return;
      case 'gap':
        this.counts.lost += frame.lost;
        this.counts.lastSeq = Math.max(this.counts.lastSeq, frame.oldestSeq - 1);
        this.sink.notice(`${frame.lost} records lost: ${frame.reason}`);
        this.sink.counts({ ...this.counts });
        return;
      case 'error':
        this.serverError = {
          reason: frame.reason,
          final: frame.code === 'unauthorized' || frame.code === 'origin' || frame.code === 'bad-request',
        };
        return;
      case 'end':
        this.ended = true;
        this.flush();
        this.sink.status({ kind: 'closed', url: this.url, reason: `replay finished (last seq ${frame.lastSeq})`, error: false, finished: true });
        return;
      case 'invalid':
        this.sink.notice(`ignored a message the client does not understand: ${frame.reason}`);
    }
  }

  private queue(line: string): void {
    this.pending.push(line);
    if (this.cancelFlush === null) this.cancelFlush = this.scheduleFlush(() => this.flush());
  }

  /** Parses what arrived since the last frame and hands it on as one batch. */
  private flush(): void {
    if (this.cancelFlush !== null) {
      this.cancelFlush();
      this.cancelFlush = null;
    }
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n') + '\n';
    this.counts.received += this.pending.length;
    this.pending = [];
    this.saved.push(text);
    const out = this.parser.push(text);
    this.sink.batch(out);
    this.sink.counts({ ...this.counts });
  }

  private onClose(code: number, reason: string, opened: boolean): void {
    this.flush();
    if (this.stopped || this.ended) return;
    const serverSaid = this.serverError?.reason;
    if (code === CLOSE.policy || this.serverError?.final) {
      this.stopped = true;
      this.sink.status({ kind: 'closed', url: this.url, reason: serverSaid ?? (reason || 'refused by the server'), error: true });
      return;
    }
    const why =
      serverSaid ??
      (reason || (!opened ? `no server answers at ${hostOf(this.url)}` : code === 1006 ? 'connection lost' : `connection closed (code ${code})`));
    const delay = backoffDelay(this.attempt, this.random(), this.backoff);
    this.attempt++;
    this.counts.reconnects++;
    this.sink.counts({ ...this.counts });
    this.sink.status({ kind: 'reconnecting', url: this.url, reason: why, retryAt: this.now() + delay, attempt: this.attempt });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }
}
