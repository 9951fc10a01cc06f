/**
 * Streams trace files from disk into the model: gzip is detected by its magic bytes, text is
 * decoded chunk by chunk and never held whole, and each parsed batch is handed on at once.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { analyzeStream, type TraceSource } from '../model/stream';
import { isGzip, TraceParser, type ParseOutput } from '../model/parser';
import type { TraceState } from '../model/state';

/** An input that could not be read at all (missing file, broken gzip). */
export class InputError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

async function* chunksOf(path: string): AsyncGenerator<Uint8Array> {
  try {
    const head = Buffer.alloc(2);
    const fd = await open(path, 'r');
    try {
      await fd.read(head, 0, 2, 0);
    } finally {
      await fd.close();
    }
    // 64 KiB chunks: the records of one chunk are alive while it is reduced, and smaller batches
    // let the young-generation collector find them dead instead of copying them (20% faster on 1M).
    const raw = createReadStream(path, { highWaterMark: 1 << 16 });
    const source: Readable = isGzip(head) ? raw.pipe(createGunzip({ chunkSize: 1 << 16 })) : raw;
    if (source !== raw) raw.on('error', (err) => source.destroy(err));
    for await (const chunk of source as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new InputError(path, 'no such file');
    if (e.code === 'EISDIR') throw new InputError(path, 'is a directory');
    if (e.code === 'EACCES') throw new InputError(path, 'permission denied');
    if (e.code?.startsWith('Z_') || /unexpected end of file|incorrect header/i.test(e.message)) {
      throw new InputError(path, `unreadable gzip (${e.message})`);
    }
    throw new InputError(path, e.message);
  }
}

/** Parses one file, handing each batch to `onBatch` as it is read. */
export async function parseFile(path: string, fileIndex: number, onBatch: (out: ParseOutput) => void): Promise<void> {
  const parser = new TraceParser(path, fileIndex);
  for await (const chunk of chunksOf(path)) onBatch(parser.push(chunk));
  onBatch(parser.end());
}

/** Reads files (merged by time when there are several) into a finished trace. */
/** Reads files into a finished trace; the CLI needs only the end state, so no time-travel history. */
export async function readTrace(paths: readonly string[], options: { history?: boolean } = { history: false }): Promise<TraceState> {
  const sources: TraceSource[] = paths.map((path, fileIndex) => ({
    name: path,
    parse: (onBatch) => parseFile(path, fileIndex, onBatch),
  }));
  return analyzeStream(sources, options);
}
