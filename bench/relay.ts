/**
 * Relay throughput: records per second end to end, one publisher -> `ixnscope relay` -> one
 * viewer, against a bare `ws` server that forwards the same frames from the same publisher to
 * the same kind of viewer, measured in the same process and run. The ratio (relay / bare) is
 * what validation at the door, seq stamping, the ring buffer and per-viewer pacing cost.
 *
 *   npx tsx bench/relay.ts            50,000 records from the flagship sample, repeated
 *
 * `bench/run.ts` calls `benchRelay({ sizes, traceFile })`, which takes the records from the
 * generated trace of the smallest size instead.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { startRelay } from '../src/cli/relay.ts';

export interface RelayBenchRow {
  metric: string;
  size: string;
  figure: string;
  baseline: string;
  ratio: string;
}

export interface RelayBenchOptions {
  sizes?: number[];
  traceFile?: (events: number) => string;
  runs?: number;
}

/** Lines per publisher frame: a producer batching a little, as the protocol suggests. */
const FRAME_LINES = 100;
const DEFAULT_SIZE = 50_000;

function recordLines(options: RelayBenchOptions): string[] {
  const size = options.sizes?.length ? Math.min(...options.sizes) : DEFAULT_SIZE;
  const file = options.traceFile ? options.traceFile(size) : fileURLToPath(new URL('../public/samples/consult-transfer.ndjson', import.meta.url));
  const source = readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{'));
  const lines: string[] = [];
  for (let i = 0; lines.length < size; i++) lines.push(source[i % source.length]);
  return lines;
}

function frames(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += FRAME_LINES) out.push(lines.slice(i, i + FRAME_LINES).join('\n'));
  return out;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/**
 * Sends every frame from a publisher and resolves with the ms until the viewer has counted
 * `total` records; `count` reads one received frame as a viewer would (JSON.parse).
 */
async function pump(publishUrl: string, viewer: WebSocket, payload: string[], total: number, count: (text: string) => number): Promise<number> {
  const publisher = await open(publishUrl);
  let received = 0;
  const done = new Promise<void>((resolve) => {
    viewer.on('message', (data) => {
      received += count(data.toString());
      if (received >= total) resolve();
    });
  });
  const started = performance.now();
  for (const f of payload) publisher.send(f);
  await done;
  const ms = performance.now() - started;
  viewer.removeAllListeners('message');
  publisher.terminate();
  if (received !== total) throw new Error(`viewer counted ${received} records, expected ${total}`);
  return ms;
}

/** The baseline: a bare ws server forwarding each publisher frame to the viewer, nothing else. */
async function bareRun(payload: string[], total: number): Promise<number> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload: 1 << 20 });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as AddressInfo).port;
  let viewerSocket: WebSocket | null = null;
  wss.on('connection', (ws, req) => {
    if (req.url === '/') viewerSocket = ws;
    else ws.on('message', (data) => viewerSocket?.send(data.toString()));
  });
  const viewer = await open(`ws://127.0.0.1:${port}/`);
  const countLines = (text: string) => {
    let n = 0;
    for (const line of text.split('\n')) if (JSON.parse(line)) n++;
    return n;
  };
  const ms = await pump(`ws://127.0.0.1:${port}/publish`, viewer, payload, total, countLines);
  viewer.terminate();
  for (const c of wss.clients) c.terminate();
  await new Promise((r) => wss.close(r));
  return ms;
}

async function relayRun(payload: string[], total: number): Promise<number> {
  const relay = await startRelay({ port: 0, buffer: Math.max(total, 1) });
  const viewer = await open(relay.url);
  const countRecords = (text: string) => {
    const m = JSON.parse(text) as { type: string; records?: unknown[] };
    return m.type === 'records' ? m.records!.length : 0;
  };
  const ms = await pump(`${relay.url}publish`, viewer, payload, total, countRecords);
  viewer.terminate();
  await relay.close();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchRelay(options: RelayBenchOptions = {}): Promise<RelayBenchRow[]> {
  const lines = recordLines(options);
  const payload = frames(lines);
  const runs = options.runs ?? Number(process.env.BENCH_RUNS ?? 3);
  const bare: number[] = [];
  const ours: number[] = [];
  // Warm both paths up once, then interleave so machine noise hits them alike.
  await bareRun(payload.slice(0, 50), Math.min(lines.length, 50 * FRAME_LINES));
  await relayRun(payload.slice(0, 50), Math.min(lines.length, 50 * FRAME_LINES));
  for (let i = 0; i < runs; i++) {
    bare.push(await bareRun(payload, lines.length));
    ours.push(await relayRun(payload, lines.length));
  }
  const rate = (ms: number) => (lines.length / ms) * 1000;
  const figure = rate(median(ours));
  const baseline = rate(median(bare));
  const fmt = (rps: number) => `${Math.round(rps).toLocaleString('en-US')} rec/s`;
  return [
    {
      metric: `relay throughput (1 publisher → relay → 1 viewer, ${FRAME_LINES} records/frame)`,
      size: `${lines.length >= 1000 ? `${lines.length / 1000}k` : lines.length} records`,
      figure: fmt(figure),
      baseline: `bare ws forward ${fmt(baseline)}`,
      ratio: (figure / baseline).toFixed(2),
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchRelay();
  for (const r of rows) {
    process.stdout.write(`${r.metric}\n  size ${r.size}\n  relay ${r.figure}\n  ${r.baseline}\n  ratio (relay / bare) ${r.ratio}\n`);
  }
}
