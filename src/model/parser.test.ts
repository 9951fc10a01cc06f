import { describe, expect, it } from 'vitest';
import { parseInput } from './analyze';
import { TraceParser, isGzip } from './parser';
import type { TraceRecord } from './types';

const line = (i: number) => `{"ts":"2026-11-24T10:00:00.${String(i).padStart(3, '0')}Z","name":"interaction.udata.changed","data":{"interactionid":"I1","udata":{"k":"é€😀${i}"}}}`;

describe('trace parser', () => {
  it('reads NDJSON with comments, blanks, CRLF and a BOM, keeping physical line numbers', () => {
    const text = '\uFEFF# header\r\n\r\n' + line(1) + '\r\n   \n' + line(2) + '\n# end';
    const out = parseInput({ name: 'x', content: text }, 0);
    expect(out.records.map((r) => r.line)).toEqual([3, 5]);
    expect(out.diagnostics).toEqual([]);
  });

  it('gives the same records whatever the chunk boundaries, even inside a UTF-8 character', () => {
    const text = Array.from({ length: 50 }, (_, i) => line(i)).join('\n');
    const bytes = new TextEncoder().encode(text);
    const whole = parseInput({ name: 'x', content: bytes }, 0).records.map((r) => JSON.stringify(r.raw));
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const p = new TraceParser('x');
      const got: string[] = [];
      for (let i = 0; i < bytes.length; i += size) got.push(...p.push(bytes.subarray(i, i + size)).records.map((r) => JSON.stringify(r.raw)));
      got.push(...p.end().records.map((r) => JSON.stringify(r.raw)));
      expect(got, `chunk ${size}`).toEqual(whole);
    }
  });

  it('hands each record to onRecord as it is read, with the diagnostics still in push and end', () => {
    const lines = [line(1), '{"broken"', line(2), '{"ts":"x","name":"interaction.present","data":{"interactionid":"I1"}}', line(3)];
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const expected = parseInput({ name: 'x', content: bytes }, 0);
    for (const size of [5, 64, bytes.length]) {
      const seen: TraceRecord[] = [];
      const p = new TraceParser('x', 0, { onRecord: (r) => seen.push(r) });
      const outs = [];
      for (let i = 0; i < bytes.length; i += size) outs.push(p.push(bytes.subarray(i, i + size)));
      outs.push(p.end());
      expect(outs.flatMap((o) => o.records), `chunk ${size}`).toEqual([]);
      expect(seen, `chunk ${size}`).toEqual(expected.records);
      expect(outs.flatMap((o) => o.diagnostics)).toEqual(expected.diagnostics.filter((d) => d.rule === 'parse-error'));
      expect(outs.reduce((n, o) => n + o.rejected, 0)).toBe(1);
    }
  });

  it('keeps big integers exact and rejects deep nesting on short lines and long ones alike', () => {
    const pad = 'x'.repeat(300);
    const text = [
      '{"name":"a","data":{"interactionid":12345678901234567891}}',
      `{"name":"b","note":"${pad}","data":{"interactionid":12345678901234567892}}`,
      `{"name":"c","data":${'['.repeat(99)}${']'.repeat(99)}}`,
      `{"name":"d","data":${'['.repeat(100)}${']'.repeat(100)}}`,
      `{"name":"e","note":"${pad}","data":${'['.repeat(100)}${']'.repeat(100)}}`,
    ].join('\n');
    const out = parseInput({ name: 'n', content: text }, 0);
    expect(out.records.map((r) => r.data.interactionid ?? (r.kind === 'event' ? r.name : ''))).toEqual(['12345678901234567891', '12345678901234567892', 'c']);
    expect(out.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [4, 'record nests objects and arrays deeper than 100 levels'],
      [5, 'record nests objects and arrays deeper than 100 levels'],
    ]);
  });

  it('reads a JSON array with element indexes as lines, streamed in pieces', () => {
    const text = ' [\n' + [line(1), '{"nope":1}', '3', line(4)].join(' ,\n') + '\n]\n';
    const p = new TraceParser('a.json');
    const out = [p.push(text.slice(0, 17)), p.push(text.slice(17, 90)), p.push(text.slice(90)), p.end()];
    const records = out.flatMap((o) => o.records);
    const diagnostics = out.flatMap((o) => o.diagnostics);
    expect(records.map((r) => r.line)).toEqual([1, 4]);
    expect(diagnostics.map((d) => `${d.line}:${d.rule}`)).toEqual(['2:missing-name', '3:parse-error']);
  });

  it('treats an array that does not parse as one parse-error at line 1 and one rejected record', () => {
    const out = parseInput({ name: 'a.json', content: `[${line(1)}, {"name": }]` }, 0);
    expect(out.records).toEqual([]);
    expect(out.rejected).toBe(1);
    expect(out.diagnostics.map((d) => `${d.line}:${d.rule}`)).toEqual(['1:parse-error']);
    expect(parseInput({ name: 'a.json', content: `[${line(1)}` }, 0).rejected).toBe(1);
    expect(parseInput({ name: 'a.json', content: `[${line(1)}] x` }, 0).rejected).toBe(1);
    expect(parseInput({ name: 'a.json', content: '[]' }, 0)).toEqual({ records: [], diagnostics: [], rejected: 0 });
  });

  it('rejects an over-long line without buffering it and goes on', () => {
    const p = new TraceParser('big', 0, { maxLineChars: 300 });
    const out = [p.push(line(1) + '\n{"name":"x","pad":"'), p.push('y'.repeat(500)), p.push('"}\n' + line(3) + '\n'), p.end()];
    expect(out.flatMap((o) => o.records).map((r) => r.line)).toEqual([1, 3]);
    const diags = out.flatMap((o) => o.diagnostics);
    expect(diags.map((d) => `${d.line}:${d.rule}`)).toEqual(['2:parse-error']);
    expect(diags[0].message).toMatch(/longer than/);
  });

  it('defaults session, keeps unknown fields and seq, strips only ixn: from actions', () => {
    const out = parseInput({ name: 'x', content: '{"seq":7,"custom":{"a":1},"action":"ixn:Redirect","data":[1]}\n{"name":"interaction.added","action":"redirect","data":{"interactionid":5}}' }, 0);
    const [a, e] = out.records;
    expect(a).toMatchObject({ kind: 'action', action: 'Redirect', session: 'default', data: {} });
    expect(a.raw).toMatchObject({ seq: 7, custom: { a: 1 } });
    expect(e.kind).toBe('event');
  });

  it('detects gzip by magic bytes', () => {
    expect(isGzip(new Uint8Array([0x1f, 0x8b, 8]))).toBe(true);
    expect(isGzip(new TextEncoder().encode('{"a":1}'))).toBe(false);
  });
});
