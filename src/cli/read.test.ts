import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseFile, Utf8Chunks } from './read';
import type { TraceRecord } from '../model/types';

function decodeInPieces(bytes: Buffer, cuts: number[]): string {
  const d = new Utf8Chunks();
  let out = '';
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out += d.decode(bytes.subarray(from, cut));
    from = cut;
  }
  return out + d.end();
}

describe('Utf8Chunks', () => {
  const text = 'a\u00e9b\u20acc\u{1f600}d\n{"x":"\u65e5\u672c"}';
  const bytes = Buffer.from(text, 'utf8');

  it('decodes a text cut at every byte as the whole text', () => {
    for (let cut = 0; cut <= bytes.length; cut++) expect(decodeInPieces(bytes, [cut])).toBe(text);
  });

  it('decodes a text cut into one-byte pieces as the whole text', () => {
    expect(decodeInPieces(bytes, [...bytes.keys()].slice(1))).toBe(text);
  });

  it('decodes malformed sequences the same however the bytes are cut', () => {
    // A lone continuation byte, a lead byte without its continuation, a 4-byte character followed by
    // stray continuation bytes, a lone lead byte, a truncated 4-byte sequence at the end.
    const bad = Buffer.concat([Buffer.from('x'), Buffer.from([0x80]), Buffer.from('y'), Buffer.from([0xe2, 0x82]), Buffer.from('z'), Buffer.from([0xf0, 0x9f, 0x98, 0x80, 0x80, 0x80, 0x41, 0xf0]), Buffer.from('w'), Buffer.from([0xf0, 0x9f, 0x98])]);
    const whole = bad.toString('utf8');
    expect(whole).toContain('\ufffd');
    for (let cut = 0; cut <= bad.length; cut++) expect(decodeInPieces(bad, [cut])).toBe(whole);
    for (let a = 0; a <= bad.length; a++) for (let b = a; b <= bad.length; b++) expect(decodeInPieces(bad, [a, b])).toBe(whole);
  });
});

describe('parseFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ixnscope-read-'));

  async function records(path: string): Promise<TraceRecord[]> {
    const out: TraceRecord[] = [];
    await parseFile(path, 0, (batch) => out.push(...batch.records));
    return out;
  }

  it('reads a plain file larger than one read, and the same file gzipped, to the same records', async () => {
    // Multi-byte text in every line so characters straddle the 64 KiB reads.
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ ts: i, name: 'interaction.udatachanged', data: { interactionid: `I${i}`, udata: { note: '\u00e9\u20ac\u{1f600}'.repeat(1 + (i % 7)) } } }),
    );
    const body = lines.join('\n') + '\n';
    expect(Buffer.byteLength(body)).toBeGreaterThan(3 * 65536);
    writeFileSync(join(dir, 'plain.ndjson'), body);
    writeFileSync(join(dir, 'packed.ndjson.gz'), gzipSync(body));
    const plain = await records(join(dir, 'plain.ndjson'));
    const packed = await records(join(dir, 'packed.ndjson.gz'));
    expect(plain).toHaveLength(3000);
    expect(plain.map((r) => r.data.udata)).toEqual(lines.map((l) => JSON.parse(l).data.udata));
    expect(packed.map((r) => r.line)).toEqual(plain.map((r) => r.line));
    expect(packed.map((r) => r.data)).toEqual(plain.map((r) => r.data));
  });

  it('reads a last line without a newline', async () => {
    writeFileSync(join(dir, 'tail.ndjson'), '{"name":"interaction.present","data":{"interactionid":"\u00e9"}}');
    const got = await records(join(dir, 'tail.ndjson'));
    expect(got.map((r) => r.data.interactionid)).toEqual(['\u00e9']);
  });

  it('reads a pipe (a FIFO, as with <(zcat a.gz) or /dev/stdin), plain and gzipped', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ ts: i, name: 'interaction.present', data: { interactionid: `I${i}` } })).join('\n');
    writeFileSync(join(dir, 'body.ndjson'), body);
    writeFileSync(join(dir, 'body.ndjson.gz'), gzipSync(body));
    for (const source of ['body.ndjson', 'body.ndjson.gz']) {
      const fifo = join(dir, `fifo-${source}`);
      execFileSync('mkfifo', [fifo]);
      const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', join(dir, source), fifo]);
      const written = new Promise((resolve) => writer.on('close', resolve));
      const got = await records(fifo);
      await written;
      expect(got.map((r) => r.data.interactionid)).toEqual(Array.from({ length: 2000 }, (_, i) => `I${i}`));
    }
  });

  it('reads files of zero and one byte', async () => {
    writeFileSync(join(dir, 'zero.ndjson'), '');
    writeFileSync(join(dir, 'one.ndjson'), '{');
    expect(await records(join(dir, 'zero.ndjson'))).toEqual([]);
    const out: string[] = [];
    await parseFile(join(dir, 'one.ndjson'), 0, (batch) => out.push(...batch.diagnostics.map((d) => `${d.line} ${d.rule}`)));
    expect(out).toEqual(['1 parse-error']);
  });
});
