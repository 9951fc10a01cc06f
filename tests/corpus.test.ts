/**
 * The bad-input corpus (tests/corpus/): every file goes through the model (`summarizeInputs`, and
 * the streaming parser fed in small chunks) and must yield exactly the diagnostics and counts of
 * tests/corpus/expected.json. Inputs too big or too binary to commit (truncated gzip, random
 * bytes, invalid UTF-8, a 50 MB line, 100,000 levels of nesting) are built here in a temp dir.
 * A few files also go through the CLI in a child process, for exit codes and peak memory.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, summarizeInputs } from '../src/model/analyze.ts';
import { DEFAULT_MAX_LINE_CHARS, MAX_NESTING, TraceParser } from '../src/model/parser.ts';
import { summarize, type Summary } from '../src/model/summary.ts';
import { interactionAt } from '../src/model/timeTravel.ts';
import type { TraceRecord } from '../src/model/types.ts';
import { graphAt } from '../src/model/views/graph.ts';
import { axisOf } from '../src/model/views/lanes.ts';
import { layoutGraph } from '../src/ui/graph/layout.ts';
import { CORPUS, ROOT, chunksOf, runCli, seededRandom, splitAt, summaryOfChunks } from './corpus/harness.ts';

interface Expectation {
  why: string;
  records: number;
  events: number;
  actions: number;
  rejected: number;
  diagnostics: [string, number][];
  exit: 0 | 1;
  interactions?: Record<string, unknown>[];
  requests?: Record<string, unknown>[];
}

const expected = JSON.parse(readFileSync(CORPUS + 'expected.json', 'utf8')).files as Record<string, Expectation>;
const corpusFiles = readdirSync(CORPUS).filter((f) => /\.(ndjson|json)$/.test(f) && f !== 'expected.json');

function bytesOf(file: string): Uint8Array {
  return new Uint8Array(readFileSync(CORPUS + file));
}

function counts(s: Summary) {
  return { records: s.records, events: s.events, actions: s.actions, rejected: s.rejected };
}

function rulesAndLines(s: { diagnostics: readonly { rule: string; line: number }[] }): [string, number][] {
  return s.diagnostics.map((d) => [d.rule, d.line]);
}

/** Raw C0/C1 controls and bidi overrides: what must never reach a terminal unescaped. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('corpus: every file is listed in expected.json', () => {
  it('has an expectation for each file and a file for each expectation', () => {
    expect(corpusFiles.sort()).toEqual(Object.keys(expected).sort());
  });
});

describe.each(corpusFiles)('corpus file %s', (file) => {
  const want = expected[file];

  it('yields the listed counts and diagnostics (rule, line), each with file, line and a reason', () => {
    const s = summarizeInputs([{ name: file, content: bytesOf(file) }]);
    expect(counts(s), want.why).toEqual({ records: want.records, events: want.events, actions: want.actions, rejected: want.rejected });
    expect(s.records).toBe(s.events + s.actions + s.rejected);
    expect(rulesAndLines(s)).toEqual(want.diagnostics);
    for (const d of s.diagnostics) {
      expect(d.file).toBe(file);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.message.length).toBeGreaterThan(10);
    }
    if (want.interactions) expect(s.interactions).toMatchObject(want.interactions);
    if (want.requests) expect(s.requests).toMatchObject(want.requests);
    // Whatever was read can be written back out (the CLI's --json and the app's exports do this).
    expect(JSON.parse(JSON.stringify(s))).toEqual(JSON.parse(JSON.stringify(s)));
  });

  it('reads the same fed in chunks of 1 to 7 bytes (boundaries inside lines and UTF-8 sequences)', () => {
    const bytes = bytesOf(file);
    const whole = summarizeInputs([{ name: file, content: bytes }]);
    const random = seededRandom(bytes.length + 1);
    const cuts: number[] = [];
    for (let at = 0; at < bytes.length; at += 1 + Math.floor(random() * 7)) cuts.push(at);
    expect(summaryOfChunks(file, splitAt(bytes, cuts))).toEqual(whole);
  });

  it('parse messages carry no raw control characters', () => {
    const parser = new TraceParser(file);
    const out = parser.push(bytesOf(file));
    const rest = parser.end();
    for (const d of [...out.diagnostics, ...rest.diagnostics]) expect(d.message).not.toMatch(CONTROL);
    for (const r of [...out.records, ...rest.records]) for (const d of r.issues ?? []) expect(d.message).not.toMatch(CONTROL);
  });
});

describe('prototype pollution', () => {
  afterAll(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('__proto__, constructor and prototype keys stay plain data in records, udata, parties and time travel', () => {
    const file = 'proto-keys.ndjson';
    const state = analyze([{ name: file, content: bytesOf(file) }]);
    const s = summarize(state);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    const udata = s.interactions[0].udata;
    expect(Object.getPrototypeOf(udata)).toBe(Object.prototype);
    expect(Object.keys(udata)).toEqual(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']);
    expect(Object.getOwnPropertyDescriptor(udata, '__proto__')?.value).toEqual({ polluted: 'changed' });
    // The state at the first record replays the udata patches: the same keys as data.
    const first = interactionAt(state, 'I1', 0)!;
    expect(Object.getOwnPropertyDescriptor(first.udata, '__proto__')?.value).toEqual({ polluted: 'udata' });
    expect(Object.getPrototypeOf(first.udata)).toBe(Object.prototype);
    expect(JSON.stringify(s)).toContain('"__proto__":{"polluted":"changed"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof ({} as Record<string, unknown>).toString).toBe('function');
  });
});

describe('generated bad input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ixnscope-corpus-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function randomBytes(seed: number, length: number): Uint8Array {
    const random = seededRandom(seed);
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
    return out;
  }

  /** What the contract asks of bytes that hold no records: one rejected record per non-blank, non-comment line. */
  function garbageOracle(bytes: Uint8Array): { rejected: number; lines: number[] } {
    let text = new TextDecoder().decode(bytes);
    const first = text.search(/\S/);
    if (first !== -1 && text[first] === '[') return { rejected: 1, lines: [1] };
    const lines: number[] = [];
    text.split('\n').forEach((line, i) => {
      const t = line.trim();
      if (t.length > 0 && t[0] !== '#') lines.push(i + 1);
    });
    return { rejected: lines.length, lines };
  }

  it('random binary garbage: every non-blank line is one rejected record with its line (4 seeds x 64 KiB)', () => {
    for (const seed of [1, 2, 3, 4]) {
      const bytes = randomBytes(seed, 64 * 1024);
      if (seed === 4) bytes[0] = 0x5b; // '[': read as a JSON array that does not parse
      const oracle = garbageOracle(bytes);
      const s = summaryOfChunks('garbage.bin', chunksOf(bytes, 4093));
      expect(counts(s)).toEqual({ records: oracle.rejected, events: 0, actions: 0, rejected: oracle.rejected });
      expect(s.diagnostics.map((d) => d.line)).toEqual(oracle.lines);
      expect(new Set(s.diagnostics.map((d) => d.rule))).toEqual(new Set(['parse-error']));
      for (const d of s.diagnostics) expect(d.message).not.toMatch(CONTROL);
    }
  });

  it('invalid UTF-8 inside strings becomes U+FFFD and the record is kept; outside strings the line is rejected', () => {
    const enc = new TextEncoder();
    const parts: Uint8Array[] = [
      enc.encode('{"ts":"2026-11-24T10:00:00.000Z","name":"interaction.added","data":{"interactionid":"I1","udata":{"bad":"a'),
      new Uint8Array([0xff, 0xfe, 0xc3, 0x28, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]), // lone, truncated, overlong, surrogate, > U+10FFFF
      enc.encode('z"}}}\n'),
      enc.encode('{"ts":"2026-11-24T10:00:01.000Z","name":"interaction.partyadded","data":{"interactionid":"I1","focusresource":"7001","partyid":"P'),
      new Uint8Array([0xe2, 0x82]), // a euro sign cut short
      enc.encode('","partystate":"ringing"}}\n'),
      new Uint8Array([0x80, 0x81]),
      enc.encode('{"name":"interaction.deleted","data":{"interactionid":"I1"}}\n'),
      enc.encode('{"name":"interaction.deleted","data":{"interactionid":"I1"}}'),
      new Uint8Array([0xc3]), // the file ends inside a character
    ];
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const whole = summaryOfChunks('bad-utf8.ndjson', [bytes]);
    expect(counts(whole)).toEqual({ records: 4, events: 2, actions: 0, rejected: 2 });
    expect(rulesAndLines(whole)).toEqual([['parse-error', 3], ['parse-error', 4]]);
    const bad = whole.interactions[0].udata.bad as string;
    expect(bad.startsWith('a\uFFFD')).toBe(true);
    expect(bad.endsWith('\uFFFDz')).toBe(true);
    expect(whole.interactions[0].parties[0].partyid).toBe('P\uFFFD');
    // Byte by byte: every split inside a multi-byte sequence reads the same.
    expect(summaryOfChunks('bad-utf8.ndjson', chunksOf(bytes, 1))).toEqual(whole);
  });

  it('a 50 MB single line is rejected with its reason and the lines around it are kept (fed whole and in 1 MiB chunks)', () => {
    const before = '{"ts":"2026-11-24T10:00:00.000Z","name":"interaction.added","data":{"interactionid":"I1"}}\n';
    const after = '{"ts":"2026-11-24T10:00:01.000Z","name":"interaction.deleted","data":{"interactionid":"I1"}}\n';
    const long = '{"name":"interaction.udata.changed","data":{"interactionid":"I1","udata":{"blob":"' + 'x'.repeat(50 * 1024 * 1024) + '"}}}\n';
    const text = before + long + after;
    for (const s of [summaryOfChunks('long.ndjson', [text]), summaryOfChunks('long.ndjson', chunksOf(text, 1 << 20))]) {
      expect(counts(s)).toEqual({ records: 3, events: 2, actions: 0, rejected: 1 });
      expect(rulesAndLines(s)).toEqual([['parse-error', 2]]);
      expect(s.diagnostics[0].message).toContain(`longer than ${DEFAULT_MAX_LINE_CHARS / 1024 / 1024} MiB`);
      expect(s.interactions[0].deleted).toBe('2026-11-24T10:00:01.000Z');
    }
  });

  it('100,000 levels of nesting are rejected with the reason; nothing overflows the stack', () => {
    const deep = '{"name":"interaction.udata.changed","data":{"interactionid":"I1","udata":{"d":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}}}';
    const array = '[' + deep + ',{"name":"interaction.added","data":{"interactionid":"I2"}}]';
    for (const [text, line] of [[deep, 1], [array, 1]] as const) {
      const s = summaryOfChunks('deep.json', chunksOf(text, 65_536));
      expect(rulesAndLines(s)).toEqual([['parse-error', line]]);
      expect(s.diagnostics[0].message).toContain(`deeper than ${MAX_NESTING} levels`);
      expect(() => JSON.stringify(s)).not.toThrow();
    }
    // In an array, the other elements are kept.
    expect(summaryOfChunks('deep.json', [array]).interactions.map((i) => i.id)).toEqual(['I2']);
  });

  it('20 MB of white space and blank lines is an empty trace', () => {
    const text = ' '.repeat(10 * 1024 * 1024) + '\r\n'.repeat(5 * 1024 * 1024);
    const s = summaryOfChunks('blank.ndjson', chunksOf(text, 1 << 20));
    expect(counts(s)).toEqual({ records: 0, events: 0, actions: 0, rejected: 0 });
  });

  describe('through the CLI', () => {
    const sample = ROOT + 'public/samples/consult-transfer.ndjson';

    it('validate --json prints the corpus diagnostics and exits 0 (no error) or 1 (an error)', async () => {
      const files = ['crlf.ndjson', 'proto-keys.ndjson', 'html-injection.ndjson', 'empty.ndjson'];
      const results = await Promise.all(files.map((f) => runCli(['validate', '--json', CORPUS + f])));
      results.forEach((r, i) => {
        const want = expected[files[i]];
        expect(r.code, `${files[i]}: ${r.stderr}`).toBe(want.exit);
        expect(rulesAndLines({ diagnostics: JSON.parse(r.stdout) }), files[i]).toEqual(want.diagnostics);
      });
    });

    it('a truncated gzip, and gzip magic followed by garbage, cannot be read: exit 2 with the file and reason', async () => {
      const gz = gzipSync(readFileSync(sample));
      const truncated = join(dir, 'truncated.ndjson.gz');
      writeFileSync(truncated, gz.subarray(0, Math.floor(gz.length * 0.6)));
      const garbage = join(dir, 'fake.ndjson.gz');
      writeFileSync(garbage, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(randomBytes(7, 4096))]));
      const whole = join(dir, 'whole.ndjson.gz');
      writeFileSync(whole, gz);
      const [v, s, g, ok] = await Promise.all([
        runCli(['validate', truncated]),
        runCli(['summarize', '--json', truncated]),
        runCli(['validate', '--json', garbage]),
        runCli(['summarize', '--json', whole]),
      ]);
      for (const r of [v, s, g]) {
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/cannot read .*\.ndjson\.gz/);
        expect(r.stderr).toMatch(/gzip|unexpected end|header/i);
      }
      expect(ok.code).toBe(0);
      const fromGzip = JSON.parse(ok.stdout) as Summary;
      const fromText = summarizeInputs([{ name: sample, content: readFileSync(sample) }]);
      // Same trace: only the file name in the diagnostics differs.
      expect({ ...fromGzip, diagnostics: fromGzip.diagnostics.map((d) => ({ ...d, file: '' })) })
        .toEqual({ ...fromText, diagnostics: fromText.diagnostics.map((d) => ({ ...d, file: '' })) });
    });

    it('a 20 MB line and a 300 MB line take about the same memory: the line is skipped, not held', async () => {
      const head = '{"ts":"2026-11-24T10:00:00.000Z","name":"interaction.added","data":{"interactionid":"I1"}}\n';
      const write = (name: string, mb: number) => {
        const path = join(dir, name);
        writeFileSync(path, head + '{"name":"x","data":{"blob":"' + 'y'.repeat(mb * 1024 * 1024) + '"}}\n' + head);
        return path;
      };
      // One after the other: two cores are shared, and each peak is the process's own.
      const small = write('line20.ndjson', 20);
      const r20 = await runCli(['validate', '--json', small], 60_000);
      const big = write('line300.ndjson', 300);
      const r300 = await runCli(['validate', '--json', big], 60_000);
      rmSync(big);
      for (const r of [r20, r300]) {
        expect(r.code).toBe(1);
        expect(rulesAndLines({ diagnostics: JSON.parse(r.stdout) })).toEqual([['parse-error', 2], ['duplicate-added', 3]]);
      }
      const grewMiB = (r300.maxRssKiB! - r20.maxRssKiB!) / 1024;
      // 280 MB more input; a parser holding the line would need at least that much more.
      expect(grewMiB).toBeLessThan(80);
      // Recorded for docs/reliability.md.
      console.info(`[corpus] peak RSS: 20 MB line ${Math.round(r20.maxRssKiB! / 1024)} MiB, 300 MB line ${Math.round(r300.maxRssKiB! / 1024)} MiB`);
    }, 60_000);

    // CLI BUG (owner: src/cli/validate.ts and src/cli/summarize.ts, the text output): ids, names and
    // sessions from the trace reach the terminal raw inside diagnostic messages and the report, so a
    // trace can send escape sequences (clear screen, set title, OSC 52 clipboard write) to whoever
    // runs `ixnscope validate`. The fix is to print text through `printable()` (src/model/parser.ts)
    // or an equivalent in the CLI. --json output is safe: JSON.stringify escapes control characters.
    it('text output sends no raw control characters to the terminal', async () => {
      const file = CORPUS + 'control-chars.ndjson';
      const [v, s] = await Promise.all([runCli(['validate', file]), runCli(['summarize', file])]);
      expect(v.code).toBe(1);
      expect(s.code).toBe(0);
      expect(v.stdout).not.toMatch(CONTROL);
      expect(s.stdout).not.toMatch(CONTROL);
    });
  });
});

// MODEL GAP D (fixed) (owner: src/model/reducer.ts missingAttributes / applyEvent). Contract section 3:
// "Every record that cannot be used yields a diagnostic with file, line and reason". An event whose
// interactionid is present but not an id (an object, an array, a boolean) is counted as an event,
// applied to nothing (no interaction, not listed anywhere) and yields no diagnostic at all, so the
// user sees a silent no-op. `missing-attribute` only looks for absent or null. Fix idea: treat an
// id attribute that `idText` cannot read as missing, naming its type in the message.
describe('regressions: ids that are not ids', () => {
  it('D: an event whose interactionid is not an id (object, array, boolean) gets a diagnostic on its line', () => {
    for (const bad of [{ id: 'I1' }, ['I1'], true]) {
      const line = JSON.stringify({ ts: '2026-11-24T10:00:00.000Z', session: 'S1', name: 'interaction.present', data: { interactionid: bad } });
      const s = summarizeInputs([{ name: 'wrong-id.ndjson', content: line + '\n' }]);
      expect(s.events).toBe(1);
      expect(s.diagnostics.map((d) => d.line), JSON.stringify(bad)).toContain(1);
    }
  });
});

// KNOWN UI BUG E (owner: src/ui/graph/layout.ts). dagre's graphlib keeps nodes in plain objects keyed
// by node id, and the party graph passes interaction ids straight in as group ids. An interaction
// named `hasOwnProperty` (any Object.prototype member) makes layoutGraph throw; in the app the
// exception escapes render and the whole page goes blank (e2e/hostile-corpus.spec.ts, proto-keys).
// Fix idea: give dagre ids of its own (e.g. `g${i}` / `n${i}`) and map the boxes back; and an
// error boundary around each view, so that one failing view does not blank the page.
describe('known UI bugs (failing until fixed in src/ui)', () => {
  it('E: the party graph lays out interactions and parties named after Object.prototype members', () => {
    const state = analyze([{ name: 'proto-keys.ndjson', content: bytesOf('proto-keys.ndjson') }]);
    const last = state.recordCount - 1;
    for (const selection of [null, ...state.interactions.keys()]) {
      expect(() => layoutGraph(graphAt(state, last, selection)), String(selection)).not.toThrow();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // KNOWN UI BUG H (owners: src/model/views/lanes.ts axisOf, src/ui/timeline/draw.ts drawMarkers).
  // H1: the timeline axis starts at the FIRST timed record, not the earliest, so a trace whose
  // first record carries a later clock (time-regression, diagnosed as a warning) gets an axis 1 ms
  // wide at that time, with every other record off it to the left.
  // H2: on such an axis (sub-millisecond per pixel at large epoch values) the "skip to the next
  // pixel column" step `i = firstMarkerAtOrAfter(times, timeAt(vp, px + 0.5)) - 1` does not
  // advance (float rounding makes timeAt(px + 0.5) equal the marker's time) and the loop never
  // ends: opening the Timeline tab on tests/corpus/timestamps.ndjson freezes the page
  // (e2e/hostile-corpus.spec.ts). Fix idea: start = min time; and i = Math.max(i, ... - 1).
  it('H1: the timeline axis spans from the earliest to the latest time, whatever the order', () => {
    const state = analyze([{ name: 'timestamps.ndjson', content: bytesOf('timestamps.ndjson') }]);
    const records: TraceRecord[] = [];
    // analyze() keeps no record list; read them again (the same parse the app does).
    const parser = new TraceParser('timestamps.ndjson');
    records.push(...parser.push(bytesOf('timestamps.ndjson')).records, ...parser.end().records);
    records.forEach((r, i) => (r.index = i));
    const times = records.map((r) => r.time).filter((t): t is number => t !== null);
    const axis = axisOf(records);
    expect(state.recordCount).toBe(records.length);
    expect(axis.start).toBe(Math.min(...times));
    expect(axis.end).toBe(Math.max(...times));
  });
});
