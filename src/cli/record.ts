/**
 * `ixnscope record URL [-o FILE]`: subscribes to a live stream (serve or relay) and writes every
 * record as one NDJSON line, exactly as received (seq kept). On a dropped connection it
 * reconnects with backoff and resumes after the last seq written, so the file has each record
 * once and in order. Stops at the server's `end` or on Ctrl-C.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { backoffDelay } from '../model/live/backoff';
import { CLOSE, decodeServerFrame, seqOf } from '../model/live/protocol';
import { checkLiveUrl, redactToken, resumeUrl } from '../model/live/urls';

export interface RecordOptions {
  url: string;
  out: Writable;
  log?: (line: string) => void;
  /** Resume after this seq from the start (e.g. to append to an earlier recording). */
  since?: number;
  /** Give up after this many reconnects in a row without a successful connection. */
  maxRetries?: number;
}

export interface Recording {
  /** Resolves with the exit code: 0 at `end` or stop(), 1 when refused or out of retries. */
  done: Promise<number>;
  stop(): void;
  /** Records written so far. */
  count(): number;
}

export function startRecording(options: RecordOptions): Recording {
  const log = options.log ?? (() => {});
  const maxRetries = options.maxRetries ?? Infinity;
  let lastSeq = options.since ?? 0;
  let stream: string | null = null;
  let written = 0;
  let attempt = 0;
  let stopped = false;
  let ws: WebSocket | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));

  const end = (code: number) => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    finish(code);
  };

  function connect(): void {
    const url = resumeUrl(options.url, lastSeq, stream);
    const socket = new WebSocket(url);
    ws = socket;
    let refused: string | null = null;
    let ended = false;
    let failure: string | null = null;
    socket.on('message', (data) => {
      const frame = decodeServerFrame(data.toString());
      switch (frame.type) {
        case 'hello':
          attempt = 0;
          if (stream !== null && frame.stream !== stream) {
            log(`record: the server's stream changed (it restarted); its seqs start over, recording continues`);
            lastSeq = 0;
          }
          stream = frame.stream;
          log(`record: connected to ${frame.server} (${frame.resumed ? `resuming after seq ${frame.since}` : 'from its start'})`);
          return;
        case 'records': {
          let text = '';
          for (const r of frame.records) {
            const seq = seqOf(r);
            if (seq !== null) {
              if (seq <= lastSeq) continue; // already written before a reconnect
              lastSeq = seq;
            }
            text += JSON.stringify(r) + '\n';
            written++;
          }
          // Backpressure: stop reading the socket while the file catches up.
          if (text && !options.out.write(text)) {
            socket.pause();
            options.out.once('drain', () => socket.resume());
          }
          return;
        }
        case 'lines':
          if (!options.out.write(frame.text.endsWith('\n') ? frame.text : frame.text + '\n')) {
            socket.pause();
            options.out.once('drain', () => socket.resume());
          }
          written += frame.text.split('\n').filter((l) => l.trim()).length;
          return;
        case 'gap':
          log(`record: ${frame.lost} records lost: ${frame.reason}`);
          return;
        case 'error':
          log(`record: server error: ${frame.reason}`);
          if (frame.code === 'unauthorized' || frame.code === 'origin' || frame.code === 'bad-request') refused = frame.reason;
          return;
        case 'end':
          ended = true;
          log(`record: the server finished (last seq ${frame.lastSeq}); ${written} records written`);
          end(0);
          socket.close(CLOSE.normal);
          return;
        case 'invalid':
          log(`record: ignored a frame: ${frame.reason}`);
      }
    });
    socket.on('error', (err) => (failure = err.message));
    socket.on('close', (code, reasonBuf) => {
      if (ended || stopped) return;
      const reason = reasonBuf.toString() || failure || `code ${code}`;
      if (refused !== null || code === CLOSE.policy) {
        log(`record: refused by the server: ${refused ?? reason}`);
        end(1);
        return;
      }
      if (attempt >= maxRetries) {
        log(`record: giving up after ${attempt} reconnects (${reason})`);
        end(1);
        return;
      }
      const delay = backoffDelay(attempt++, Math.random());
      log(`record: connection closed (${reason}); reconnecting in ${(delay / 1000).toFixed(1)} s after seq ${lastSeq}`);
      retryTimer = setTimeout(connect, delay);
    });
  }

  connect();
  return {
    done,
    count: () => written,
    stop() {
      if (stopped) return;
      end(0);
      ws?.close(CLOSE.normal, 'recorder stopped');
    },
  };
}

const HELP = `usage: ixnscope record URL [-o FILE] [--since SEQ]

Subscribes to an ixnscope serve or relay stream (ws://HOST:PORT, with ?token=T if it needs one)
and writes every record as an NDJSON line as it arrives, seq included. Reconnects on its own and
resumes after the last seq written, so nothing is lost or written twice. Stops when the server
finishes its replay, or on Ctrl-C.

options:
  -o, --output FILE  write to FILE (appended to) instead of standard output
  --since SEQ        start after SEQ instead of at the beginning
  --retries N        give up after N failed reconnects in a row (default: never)
  -h, --help         show this help`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        since: { type: 'string' },
        retries: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`ixnscope record: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`ixnscope record: give exactly one stream URL\n\n${HELP}\n`);
    return 2;
  }
  const checked = checkLiveUrl(positionals[0]);
  if ('error' in checked) {
    process.stderr.write(`ixnscope record: ${checked.error}\n`);
    return 2;
  }
  for (const [name, value] of [['since', values.since], ['retries', values.retries]] as const) {
    if (value !== undefined && !/^\d+$/.test(value)) {
      process.stderr.write(`ixnscope record: --${name} must be a non-negative integer\n`);
      return 2;
    }
  }
  const out: Writable = values.output ? createWriteStream(values.output, { flags: 'a' }) : process.stdout;
  const log = (line: string) => process.stderr.write(line + '\n');
  log(`record: subscribing to ${redactToken(checked.url)}`);
  const recording = startRecording({
    url: checked.url,
    out,
    log,
    since: values.since === undefined ? 0 : Number(values.since),
    maxRetries: values.retries === undefined ? Infinity : Number(values.retries),
  });
  const onSignal = () => recording.stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await recording.done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (out !== process.stdout) await new Promise<void>((resolve) => out.end(resolve));
  log(`record: ${recording.count()} records written`);
  return code;
}
