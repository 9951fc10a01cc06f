import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTrace } from './generate/generator';
import { LineScanner, OBJECT, STRING } from './lineScan';
import { TraceParser, type ParseOutput, type ParserOptions } from './parser';
import { WireEncoder } from './wire';

const utf8 = new TextEncoder();

/**
 * Everything the load worker would post for `text` fed in byte chunks of `chunk`: the encoded
 * batches (typed arrays as arrays) and the rejected lines; and how many records were scanned.
 */
function encodeAll(text: string | Uint8Array, chunk: number, scan: boolean, options: ParserOptions = {}): { out: string; scanned: number; lines: number[] } {
  const bytes = typeof text === 'string' ? utf8.encode(text) : text;
  const encoder = new WireEncoder();
  let scanned = 0;
  const lines: number[] = [];
  const parser = new TraceParser('t.ndjson', 0, {
    ...options,
    onRecord: (r) => encoder.add(r),
    lines: scan
      ? {
          addScanned: (scanner, b, line, fileIndex, time, timeTs) => {
            scanned++;
            lines.push(line);
            encoder.addScanned(scanner, b, line, fileIndex, time, timeTs);
          },
        }
      : undefined,
  });
  const outs: ParseOutput[] = [];
  for (let i = 0; i < bytes.length; i += chunk) outs.push(parser.push(bytes.subarray(i, i + chunk)));
  outs.push(parser.end());
  const batch = encoder.take();
  const out = JSON.stringify({ batch, outs, lines: parser.lines, lastTs: parser.lastTs }, (_k, v: unknown) =>
    ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
  return { out, scanned, lines };
}

const rec = (extra: string, ts = '"2026-01-01T00:00:01.000Z"') => `{"ts":${ts},"session":"S1","name":"interaction.added",${extra}}`;

/** Lines of every kind: plain ones the scanner takes, and each kind it must leave to JSON.parse. */
const LINES = [
  rec('"data":{"interactionid":"I1","parties":[{"partyid":"P1","partystate":"established"}],"udata":{"VQ":"vq_billing"}}'),
  rec('"data":{"interactionid":"I1","n":0,"m":-0,"f":1.5,"e":-2.5e3,"E":1E2,"big":9007199254740991,"t":true,"x":false,"z":null}'),
  rec('"data":{"deep":{"a":{"b":{"c":{"d":"five levels","n":1,"t":true}}}},"arr":[[["x",1,true,null]],{"k":"v"}],"ts":"inner ts","e":{},"ea":[]}'),
  rec('"data":{"long":"' + 'L'.repeat(65) + '","sixtyfour":"' + 'S'.repeat(64) + '"}'),
  ' \t{"ts":"2026-01-01T00:00:02.000Z","action":"ixn:transfer","data":{"requestid":"R1"}} \r',
  '{ "ts" : "2026-01-01T00:00:02.000Z" , "action" : "route" , "data" : "not an object" }',
  '{"name":"interaction.present","data":{"interactionid":"I1"}}',
  '{"ts":null,"name":"interaction.present","data":{"interactionid":"I1"}}',
  rec('"data":{"__proto__":{"polluted":true},"constructor":"c"}'),
  rec('"data":{"a":1}', '"2026-01-01T00:00:03.000Z"'),
  // What the scanner declines (valid or not):
  rec('"data":{"esc":"a\\"b\\\\c\\n\\u00e9"}'),
  rec('"data":{"café":"naïve ünïcode","emoji":"\u{1F600}"}'),
  rec('"data":{"2":"second","1":"first","b":"x"}'),
  rec('"data":{"dup":1,"dup":2}'),
  '{"name":"interaction.added","name":"interaction.deleted","data":{}}',
  rec('"data":{"huge":9007199254740993,"neg":-9007199254740993,"flt":1e300}'),
  rec('"data":{"k' + 'K'.repeat(64) + '":"a key longer than 64"}'),
  rec('"data":{' + Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(',') + '}'),
  rec('"data":' + '{"d":'.repeat(20) + '1' + '}'.repeat(20)),
  rec('"data":' + '['.repeat(120) + ']'.repeat(120)),
  rec('"data":{}', '"2026-01-01T00:00:00.500Z"'),
  rec('"data":{}', '"2026-01-01T01:00:00+01:00"'),
  rec('"data":{}', '1767225605000'),
  rec('"data":{}', '"yesterday"'),
  rec('"data":{}', '"2026-02-30T00:00:00.000Z"'),
  rec('"data":{}', '"2026-01-01T24:00:00.000Z"'),
  '{"ts":"2026-01-01T00:00:06.000Z","name":"","data":{}}',
  '{"ts":"2026-01-01T00:00:06.000Z","name":"","action":"ixn:pick","data":{}}',
  '{"ts":"2026-01-01T00:00:06.000Z","session":"S1","data":{"interactionid":"I9"}}',
  '{"ts":"2026-01-01T00:00:06.000Z","name":42,"action":"x","data":{}}',
  '{"ts":"2026-01-01T00:00:06.000Z","name":"interaction.added","data":{"a":01}}',
  '{"ts":"2026-01-01T00:00:06.000Z","name":"interaction.added","data":{"a":1.}}',
  '{"ts":"2026-01-01T00:00:06.000Z","name":"interaction.added","data":{"a":tru}}',
  '{"ts":"2026-01-01T00:00:06.000Z","name":"interaction.added","data":{"a":"ctrl\u0001"}}',
  '{"ts":"2026-01-01T00:00:06.000Z","name":"interaction.added","data":{"a":1,}}',
  '{"ts":"2026-01-01T00:00:06.000Z","name":"interaction.added","data":{"a":1}} trailing',
  '{"ts":"2026-01-01T00:00:06.000Z","name":"interaction.added","data":{"a":[1,]}}',
  '{"ts":"2026-01-01T00:00:06.000Z","name":"interaction.added","data":{"a"',
  '\uFEFF{"ts":"2026-01-01T00:00:07.000Z","name":"interaction.added","data":{}}',
  '\uFEFF\uFEFF{"ts":"2026-01-01T00:00:07.000Z","name":"interaction.added","data":{}}',
  '["an","array"]',
  '"a string"',
  '# a comment',
  '',
  '   ',
  'not json at all',
  // Escapes and characters beyond ASCII, read by the scanner (lines 47-49) or not (50-56):
  rec('"data":{"esc":"q\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u00e9\\u0000\\ud83d\\ude00\\ud800x","caf\u00e9":"na\u00efve","t\\u0073":"a ts","e":"' + '\u00e9'.repeat(40) + '"}', '"2026-01-01T00:00:08.000Z"'),
  rec('"data":{"bom":"\uFEFFstarts with a BOM","k\\u0065y2":1,"deep":{"a":{"b":{"\u00fc":"\u00fc","x":"\\u00fc"}}},"arr":["\u00e9",["\\n",{"\u00e9":true}]]}', '"2026-01-01T00:00:08.000Z"'),
  '{"ts":"2026-01-01T00:00:08.000Z","session":"S\u00e9","name":"interaction.\u00e9","action":"x","data":{"interactionid":"I\\u00e9"}}',
  rec('"data":{"key":1,"k\\u0065y":2}', '"2026-01-01T00:00:08.000Z"'),
  rec('"data":{"\\u0031":"an integer key","b":2}', '"2026-01-01T00:00:08.000Z"'),
  '{"ts":"2026-01-01T00:00:08.000Z","n\\u0061me":"interaction.added","data":{}}',
  '{"ts":"2026-01-01T00:00:08.000Z","name":"interaction.added","d\\u0061ta":{"interactionid":"I7","s":"searched"}}',
  rec('"data":{"bad":"\\x"}', '"2026-01-01T00:00:08.000Z"'),
  rec('"data":{"bad":"\\u12G4"}', '"2026-01-01T00:00:08.000Z"'),
  rec('"data":{"bad":"tab\there"}', '"2026-01-01T00:00:08.000Z"'),
  // Records cut by a newline where JSON white space could be: two broken lines each, not one
  // record (the scanner stops at a line's newline by itself, see scanLine).
  '{"ts":"2026-01-01T00:00:08.500Z","name":"interaction.added","data":{"a":1',
  '}}',
  '{"ts":"2026-01-01T00:00:08.500Z","name":"interaction.added","data":{"a":12',
  ',"b":"x"}}',
  '{"ts":"2026-01-01T00:00:08.500Z","name":"interaction.added","data":{"a":true}',
  '}',
  // A ts of 24 bytes with T and Z where a time has them, and an escape or a control character inside.
  rec('"data":{}', '"2026-01-01T00:00:09.0\\"Z"'),
  rec('"data":{}', '"2026-01-01T00:00:09.00\tZ"'),
  // Keys of the record that only look like its own (after them: they would replace them).
  '{"ts":"2026-01-01T00:00:09.000Z","name":"interaction.added","data":{"interactionid":"I8"},"namx":"","datx":1,"dbta":2,"tz":"z","tsx":"t","actiox":""}',
  rec('"data":{"after":"everything"}', '"2026-01-01T00:00:09.000Z"'),
];

describe('scanning plain lines from their bytes (lineScan.ts)', () => {
  const text = LINES.join('\n') + '\n' + LINES.join('\r\n');

  it('gives the batches, rejections and times JSON.parse gives, at any chunk size', () => {
    for (const chunk of [1, 2, 3, 7, 31, 64, 257, 4096, 1 << 20]) {
      for (const ndjson of [false, true]) {
        const parsed = encodeAll(text, chunk, false, { ndjson });
        const scanned = encodeAll(text, chunk, true, { ndjson });
        expect(scanned.out, `chunk ${chunk}, ndjson ${ndjson}`).toBe(parsed.out);
      }
    }
  });

  it('takes the plain lines and leaves the others to JSON.parse', () => {
    // One chunk, NDJSON from the start: line 1 is read as text (the end of a line an earlier
    // chunk began, see feedBytes). Line 5 starts with spaces, line 9 goes back in time; of the
    // others only line 30 is plain (a request: its name is not a string, its action is), and
    // not back in time: a record that goes back in time sets the time (line 28's).
    // Lines 12 (characters beyond ASCII) and 47-49 (escapes, beyond ASCII) are read too.
    const { lines } = encodeAll(LINES.join('\n') + '\n', 1 << 20, true, { ndjson: true });
    expect(lines).toEqual([2, 3, 4, 6, 7, 8, 10, 12, 30, 47, 48, 49, LINES.length - 1, LINES.length]);
  });

  it('scans a line that chunks cut as it scans a whole one', () => {
    // The bytes of a line a chunk ends in wait for the chunk that ends it: only the first line,
    // read before the parser knows it reads bytes, goes through the decoder.
    for (const chunk of [1, 7, 64, 257, 4096]) {
      const { lines } = encodeAll(LINES.join('\n') + '\n', chunk, true, { ndjson: true });
      expect(lines, `chunk ${chunk}`).toEqual([2, 3, 4, 6, 7, 8, 10, 12, 30, 47, 48, 49, LINES.length - 1, LINES.length]);
    }
  });

  it('gives the same for generated traces, faults and comments included, at chunk sizes that cut lines', () => {
    const { text: clean } = generateTrace({ events: 3000, seed: '5' });
    const { text: faulty } = generateTrace({ events: 3000, seed: '9', faults: 0.05 }, { comments: true });
    // Every line with a string beyond ASCII, some with escapes.
    const accented = clean.replace(/"session":"S(\d+)"/g, '"session":"Sé$1"').replace(/"Language":"es"/g, '"Language":"espa\\u00f1ol \\"es\\""');
    for (const trace of [clean, faulty, accented]) {
      for (const chunk of [1000, 65536]) {
        const parsed = encodeAll(trace, chunk, false);
        const scanned = encodeAll(trace, chunk, true);
        expect(scanned.out).toBe(parsed.out);
        expect(scanned.scanned).toBeGreaterThan(2000);
      }
    }
  });

  it("keeps the limit on a line's length", () => {
    const long = rec('"data":{"note":"' + 'n'.repeat(300) + '"}');
    const trace = [LINES[0], long, LINES[1], long, LINES[9]].join('\n') + '\n';
    for (const chunk of [100, 4096]) {
      const parsed = encodeAll(trace, chunk, false, { maxLineChars: 200 });
      const scanned = encodeAll(trace, chunk, true, { maxLineChars: 200 });
      expect(scanned.out).toBe(parsed.out);
      expect(scanned.out).toContain('longer than');
    }
  });

  it('leaves a line over 64 KiB to JSON.parse, with the same result', () => {
    const big = rec('"data":{"note":"' + 'n'.repeat(70_000) + '"}', '"2026-01-01T00:00:05.000Z"');
    const trace = [LINES[0], LINES[1], big, LINES.at(-1)].join('\n') + '\n';
    for (const chunk of [100, 4096, 1 << 20]) {
      const scanned = encodeAll(trace, chunk, true, { ndjson: true });
      expect(scanned.lines, `chunk ${chunk}`).toEqual([2, 4]);
      expect(scanned.out).toBe(encodeAll(trace, chunk, false, { ndjson: true }).out);
    }
  });

  it('finds where a string ends, four bytes at a time, wherever in a word the byte that ends it is', () => {
    // Strings of 0-11 characters with one byte put at each position: bytes that end a plain
    // string (quote, backslash escape, control characters, beyond ASCII) and their neighbours,
    // which do not. Values and keys (whose hashes find repeats) both.
    const enc = new TextEncoder();
    const specials = ['"', '\\n', '\u0001', '\u001f', 'é', ' ', '!', '#', '[', ']', '~', '\u007f', '\\u0041'];
    const lines: string[] = [];
    for (let n = 0; n < 12; n++) {
      for (let at = 0; at <= n; at++) {
        for (const sp of specials) {
          const text = 'a'.repeat(at) + sp + 'b'.repeat(n - at);
          lines.push(`{"name":"x","data":{"k":"${text}","${text}":1,"v${n}":"${'c'.repeat(n)}"}}`);
          lines.push(`{"name":"x","data":{"${'c'.repeat(n)}":2,"v${n}":"${'c'.repeat(n)}","${'c'.repeat(n)}":3}}`);
        }
      }
    }
    const bytes = enc.encode(lines.join('\n') + '\n');
    const scanned = encodeAll(bytes, 1 << 20, true, { ndjson: true });
    expect(scanned.out).toBe(encodeAll(bytes, 1 << 20, false, { ndjson: true }).out);
    // Every line but the first (read as text) and those with a quote or a raw control character
    // (not JSON) or a repeated key is scanned.
    expect(scanned.scanned).toBe(lines.filter((l, i) => i > 0 && !/"k":"a*("|[\u0001\u001f])/.test(l) && !l.includes('":2')).length);
  });

  it('reads invalid UTF-8 in a line it declines as the decoder does', () => {
    const head = utf8.encode(LINES[0] + '\n' + LINES[1] + '\n');
    const bad = new Uint8Array([...utf8.encode('{"ts":"2026-01-01T00:00:08.000Z","name":"x","data":{"b":"'), 0xc3, 0x28, 0xff, 0xe2, 0x82, ...utf8.encode('"}}\n')]);
    const tail = utf8.encode(LINES[9] + '\n' + LINES[0] + '\n');
    const all = new Uint8Array([...head, ...bad, ...tail]);
    for (const chunk of [5, 64, 4096]) {
      expect(encodeAll(all, chunk, true).out).toBe(encodeAll(all, chunk, false).out);
    }
  });
});

describe('scanning lines against JSON.parse, on lines made at random', () => {
  // Record-shaped lines: the record's own keys with values of any JSON kind (strings with escapes
  // and characters from the whole of Unicode), data of any shape, keys that repeat or are digits,
  // white space between tokens; then some lines with a byte changed, added or removed.
  const text = fc.oneof(
    fc.constantFrom('', 'ts', 'data', 'name', 'I1', 'P1', '0', '7', '12', '01', '4294967295', '__proto__', 'é', '\u2028', '\uFEFF', '"', '\\', '\n', '\b\f\t\r/'),
    fc.string({ unit: 'binary', maxLength: 12 }),
  );
  // JSON text made here, not by JSON.stringify of an object (which puts integer keys first and
  // never repeats one): objects are lists of members, in the order written.
  const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      text.map((t) => JSON.stringify(t)),
      fc.constantFrom(0, -0, 1.5, -2e-7, 1e21, 9007199254740991, 9007199254740993, 12345678901234567890, true, false, null).map(String),
      fc.constantFrom('-0', '1E2', '0.10', '-0.0e-0', '12345678901234567', '9007199254740993'),
      fc.integer().map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 }).map((d) => JSON.stringify(d)),
      fc.array(tie('v'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
      fc.array(fc.tuple(text, tie('v')), { maxLength: 5 }).map((members) => `{${members.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
    ),
  })).v;
  // Mostly one canonical time (times that go back are the parser's to read).
  const ts = fc.oneof(
    { weight: 6, arbitrary: fc.constant('2026-01-01T00:00:00.000Z') },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 86_399_999 }).map((ms) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString()) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('2026-01-01T00:00:00Z', '2026-01-01T24:00:00.000Z', 'x', '2026-02-30T00:00:00.000Z', 1767225600000, null) },
  ).map((t) => JSON.stringify(t));
  const space = fc.constantFrom('', '', '', ' ', '\t', ' \r');
  const record = fc
    .record(
      {
        ts,
        name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('"interaction.added"', '"interaction.partystatechanged"', '""') }, { weight: 1, arbitrary: value }),
        action: fc.oneof(fc.constant('"ixn:transfer"'), value),
        session: fc.oneof(fc.constantFrom('"S1"', '"S2"'), value),
        data: fc.oneof(fc.array(fc.tuple(text, value), { maxLength: 6 }).map((m) => `{${m.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`), value),
        extra: value,
      },
      { requiredKeys: ['ts', 'name'] },
    )
    .chain((r) => fc.tuple(fc.shuffledSubarray(Object.keys(r), { minLength: Object.keys(r).length - 1 }), fc.array(space, { minLength: 12, maxLength: 12 }), fc.integer({ min: 0, max: 5 })).map(([keys, gaps, twice]) => {
      let i = 0;
      const gap = () => gaps[i++ % gaps.length];
      const members = keys.map((k) => `${gap()}${JSON.stringify(k)}${gap()}:${gap()}${(r as Record<string, string>)[k]}`);
      if (twice === 0 && members.length > 0) members.push(members[0]);
      return `{${members.join(',')}${gap()}}`;
    }));
  const line = fc.oneof(
    { weight: 4, arbitrary: record },
    {
      weight: 1,
      arbitrary: fc.tuple(record, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')).map(([l, at, byte, how]) => {
        const bytes = [...utf8.encode(l)];
        const k = at % Math.max(1, bytes.length);
        if (how === 'set') bytes[k] = byte;
        else if (how === 'insert') bytes.splice(k, 0, byte);
        else bytes.splice(k, 1);
        return new Uint8Array(bytes.filter((b) => b !== 10));
      }),
    },
  );

  it('gives the batches, rejections and times JSON.parse gives', () => {
    let scanned = 0;
    let lines = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 1, max: 64 }) }, { weight: 3, arbitrary: fc.integer({ min: 1024, max: 8192 }) }), (made, chunk) => {
        const parts = made.map((l) => (typeof l === 'string' ? utf8.encode(l) : l));
        const all = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
        let at = 0;
        for (const p of parts) {
          all.set(p, at);
          all[at + p.length] = 10;
          at += p.length + 1;
        }
        const fast = encodeAll(all, chunk, true, { ndjson: true });
        expect(fast.out).toBe(encodeAll(all, chunk, false, { ndjson: true }).out);
        scanned += fast.scanned;
        lines += parts.length;
      }),
      { numRuns: 400 },
    );
    // The scanner took a good share of them: the comparison is not between two JSON.parse readings.
    expect(scanned).toBeGreaterThan(lines / 10);
  });
});

describe('LineScanner', () => {
  const scan = (line: string): LineScanner | null => {
    const s = new LineScanner();
    return s.scan(utf8.encode(line), 0, utf8.encode(line).length) ? s : null;
  };

  it("notes the record's own ts, name, action and data, and each container's extent", () => {
    const s = scan('{"data":{"a":[1,"x"]},"ts":"T","name":"n","action":"a"}') as LineScanner;
    expect(s).not.toBeNull();
    expect(s.kind(0)).toBe(OBJECT);
    expect(s.tokens[1]).toBe(4);
    expect(s.after(0)).toBe(s.size);
    expect(s.kind(s.data)).toBe(OBJECT);
    expect(s.kind(s.tsAt)).toBe(STRING);
    expect([s.tsAt, s.name, s.action].every((t) => t > s.data)).toBe(true);
  });

  it('declines what it does not read exactly', () => {
    for (const line of ['{"a":"\\x"}', '{"a":"\\u12"}', '{"a":"\\"}', '{"\\u0031":1}', '{"k":1,"\\u006b":2}', '{"n\\u0061me":"x"}', '{"1":1}', '{"a":1,"a":1}', '{"a":12345678901234567890}', '[1]', '{"a":1} x', '{"a":1', '{"a":-}', '{"a":1e}']) {
      expect(scan(line), line).toBeNull();
    }
    expect(scan('{"a":-0.5e-3,"b":[],"c":{},"d":null,"e":"" }')).not.toBeNull();
    const text = scan('{"a":"\\n\\u00e9\\ud83d\\ude00é\\"\\\\"}') as LineScanner;
    expect(text.texts).toEqual(['\n\u00e9\u{1F600}é"\\']);
  });
});
