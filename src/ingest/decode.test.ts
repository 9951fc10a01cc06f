import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodedChunks } from './decode';

/** A stream that yields `bytes` in chunks of `size` bytes. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Uint8Array; raw: number; chunks: number }> {
  let raw = 0;
  const reader = await decodedChunks(stream, (n) => {
    raw += n;
  });
  const parts: Uint8Array[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  // Reading past the end stays at the end.
  expect((await reader.read()).done).toBe(true);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, raw, chunks: parts.length };
}

describe('decodedChunks', () => {
  const text = new TextEncoder().encode(Array.from({ length: 300 }, (_, i) => `{"name":"interaction.present","n":${i}}`).join('\n'));

  it('gives a plain stream\'s bytes as they are, counting the bytes read, whatever the chunks', async () => {
    for (const size of [1, 2, 3, 64, 4096, text.length]) {
      const { bytes, raw, chunks } = await readAll(chunked(text, size));
      expect(bytes).toEqual(text);
      expect(raw).toBe(text.length);
      // The chunks as read (the first two single bytes are joined to check for gzip).
      expect(chunks).toBe(size === 1 ? text.length - 1 : Math.ceil(text.length / size));
    }
  });

  it('gunzips a stream that starts with the gzip magic, counting the bytes as stored', async () => {
    const zipped = new Uint8Array(gzipSync(text));
    for (const size of [1, 7, 1024, zipped.length]) {
      const { bytes, raw } = await readAll(chunked(zipped, size));
      expect(bytes).toEqual(text);
      expect(raw).toBe(zipped.length);
    }
  });

  it('ends at once on an empty stream, and keeps a single byte', async () => {
    expect(await readAll(chunked(new Uint8Array(0), 1))).toEqual({ bytes: new Uint8Array(0), raw: 0, chunks: 0 });
    expect(await readAll(chunked(new Uint8Array([0x1f]), 1))).toEqual({ bytes: new Uint8Array([0x1f]), raw: 1, chunks: 1 });
  });
});
