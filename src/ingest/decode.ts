/**
 * Byte streams of trace sources: a File/Blob or a URL, gunzipped when the first bytes are the gzip
 * magic (never trusting the file name), with a count of the bytes read as stored for progress.
 */
import { isGzip } from '../model/parser';
import type { LoadSource } from './protocol';

/** A source that could not be read; the message names no file, the caller adds it. */
export class SourceError extends Error {}

export interface OpenedSource {
  name: string;
  /** Size as stored, when known (Blob size, Content-Length of an uncompressed response). */
  size: number | null;
  stream: ReadableStream<Uint8Array>;
}

export async function openSource(source: LoadSource, signal?: AbortSignal): Promise<OpenedSource> {
  if (source.kind === 'blob') return { name: source.name, size: source.blob.size, stream: source.blob.stream() };
  let response: Response;
  try {
    response = await fetch(source.url, { signal });
  } catch (err) {
    throw new SourceError(`could not fetch ${source.url}: ${(err as Error).message || 'network error'}`);
  }
  if (!response.ok) throw new SourceError(`${source.url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  if (!response.body) throw new SourceError(`${source.url} returned no body`);
  // Servers answer unknown paths with their app page; reading it as NDJSON would only make noise.
  if (/^text\/html\b/i.test(response.headers.get('content-type') ?? '')) {
    await response.body.cancel();
    throw new SourceError(`${source.url} returned an HTML page, not a trace (check the URL)`);
  }
  // With Content-Encoding the length counts compressed bytes while the body yields decoded ones.
  const length = response.headers.get('content-encoding') ? null : Number(response.headers.get('content-length'));
  return { name: source.name, size: length !== null && Number.isFinite(length) && length > 0 ? length : null, stream: response.body };
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The chunks of a byte stream, one `read` at a time (a stream reader's `read`). */
export interface ChunkReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
}

/**
 * The decoded bytes of a stream, chunk by chunk: gunzipped when it starts with 1f 8b. `onRawBytes`
 * is called with the size of every chunk read as stored, before decompression. A plain stream is
 * read from its own reader, without a second stream in between: that one's queue and promises
 * cost the load worker a few hundred milliseconds of a 1M load in Chromium's profile (`pull`).
 */
export async function decodedChunks(stream: ReadableStream<Uint8Array>, onRawBytes: (n: number) => void): Promise<ChunkReader> {
  const reader = stream.getReader();
  const head: Uint8Array[] = [];
  let headLength = 0;
  let ended = false;
  // A chunk may be a single byte; gather at least the two magic bytes before deciding.
  while (headLength < 2) {
    const r = await reader.read();
    if (r.done) {
      ended = true;
      break;
    }
    onRawBytes(r.value.length);
    head.push(r.value);
    headLength += r.value.length;
  }
  const first = head.length > 0 ? concat(head) : new Uint8Array(0);
  if (isGzip(first)) return gunzipped(first, ended, reader, onRawBytes).getReader();
  let pending: Uint8Array | null = first.length > 0 ? first : null;
  return {
    async read() {
      if (pending !== null) {
        const value = pending;
        pending = null;
        return { done: false, value };
      }
      if (ended) return { done: true, value: undefined };
      const r = await reader.read();
      if (r.done) ended = true;
      else onRawBytes(r.value.length);
      return r;
    },
  };
}

/** The gunzipped bytes of a stream whose first bytes (`first`) were read already. */
function gunzipped(
  first: Uint8Array,
  ended: boolean,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  onRawBytes: (n: number) => void,
): ReadableStream<Uint8Array> {
  const raw = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.length > 0) controller.enqueue(first);
      if (ended) controller.close();
    },
    async pull(controller) {
      const r = await reader.read();
      if (r.done) {
        controller.close();
        return;
      }
      onRawBytes(r.value.length);
      controller.enqueue(r.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return raw.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
}
