import { describe, expect, it } from 'vitest';
import { parseInput } from '../../model/analyze';
import { buildTraceIndex, type TraceIndex } from '../../model/recordColumns';
import { apply, createTrace, finish } from '../../model/reducer';
import type { TraceRecord } from '../../model/types';
import { columnsOf, FINE_BINS, updateDensity, type Density } from './density';

/** What the bar showed before densities were kept per batch: every record placed one by one. */
function naive(index: TraceIndex, count: number, pixels: number) {
  const { startTime, endTime } = index;
  const byTime = startTime !== null && endTime !== null && endTime > startTime;
  const position = (i: number) => {
    if (byTime) {
      const t = index.timeCeiling[i];
      return Number.isNaN(t) ? 0 : (t - startTime) / (endTime - startTime);
    }
    return count <= 1 ? 0 : i / (count - 1);
  };
  const counts = new Uint32Array(pixels);
  const severity = new Uint8Array(pixels);
  for (let i = 0; i < count; i++) {
    const x = Math.min(pixels - 1, Math.floor(position(i) * pixels));
    counts[x]++;
    severity[x] = Math.max(severity[x], index.severity[i]);
  }
  return { counts, severity };
}

function line(i: number, ts: number | null, extra = ''): string {
  const time = ts === null ? '' : `"ts":${ts},`;
  return `{${time}"name":"interaction.present","data":{"interactionid":"I-${i % 7}"${extra}}}`;
}

/** Applies `lines` to a trace in batches of `batch`, updating the density after each batch. */
function streamed(lines: string[], batch: number, end = true) {
  const trace = createTrace();
  const records: TraceRecord[] = [];
  const parsed = parseInput({ name: 't.ndjson', content: lines.join('\n') }, 0).records;
  let index: TraceIndex | undefined;
  let density: Density | null = null;
  for (let at = 0; at < parsed.length; at += batch) {
    for (const r of parsed.slice(at, at + batch)) {
      apply(trace, r);
      records.push(r);
    }
    index = buildTraceIndex(trace, records, index);
    density = updateDensity(density, records, index);
  }
  if (end) {
    finish(trace);
    index = buildTraceIndex(trace, records, index);
    density = updateDensity(density, records, index);
  }
  return { records, index: index!, density: density! };
}

describe('scrubber density', () => {
  it('counts every record into the same pixel columns as placing them one by one, by time', () => {
    // Irregular times, bursts and a gap; more records than fine bins at first width, so bins merge.
    const lines: string[] = [];
    let t = 1_700_000_000_000;
    for (let i = 0; i < 3000; i++) {
      t += i % 97 === 0 ? 5_000_000 : (i * 7919) % 13;
      lines.push(line(i, t));
    }
    const { records, index, density } = streamed(lines, 250);
    expect(density.time.width).toBeGreaterThan(1);
    for (const pixels of [1, 300, 1234]) {
      const got = columnsOf(density, index, pixels);
      const want = naive(index, records.length, pixels);
      expect(got.counts.reduce((a, b) => a + b, 0)).toBe(records.length);
      // A record is placed by the start of its fine bin (narrower than a column): at most one
      // column left of where it belongs, never right of it.
      let sumGot = 0;
      let sumWant = 0;
      for (let x = 0; x < pixels; x++) {
        sumGot += got.counts[x];
        expect(sumGot).toBeGreaterThanOrEqual(sumWant + want.counts[x]);
        expect(sumGot).toBeLessThanOrEqual(sumWant + want.counts[x] + (x + 1 < pixels ? want.counts[x + 1] : 0));
        sumWant += want.counts[x];
      }
    }
    // Counted batch by batch, the bins are those of one count over every record, problems too.
    const faulty = lines.map((l, i) => (i % 211 === 5 ? l.replace('interaction.present', 'interaction.partystatechanged') : l));
    const whole = streamed(faulty, faulty.length).density;
    expect(whole.number.severity.some((s) => s > 0)).toBe(true);
    for (const batch of [1, 7, 250]) {
      const d = streamed(faulty, batch).density;
      expect([d.time, d.number]).toEqual([whole.time, whole.number]);
    }
    // At 1 ms bins (a short trace) the columns are exact.
    const short = streamed(lines.slice(0, 40).map((_, i) => line(i, 1000 + i * 3)), 7);
    expect(columnsOf(short.density, short.index, 97)).toEqual(naive(short.index, short.records.length, 97));
  });

  it('lays records out by number when the trace has no time span, and untimed records at the start', () => {
    const untimed = streamed(Array.from({ length: 500 }, (_, i) => line(i, null)), 64);
    expect(columnsOf(untimed.density, untimed.index, 211)).toEqual(naive(untimed.index, 500, 211));
    const oneInstant = streamed(Array.from({ length: 50 }, (_, i) => line(i, 5)), 9);
    expect(columnsOf(oneInstant.density, oneInstant.index, 33)).toEqual(naive(oneInstant.index, 50, 33));
    // The first records have no time yet: they sit at position 0, as before.
    const mixed = streamed([...Array.from({ length: 10 }, (_, i) => line(i, null)), ...Array.from({ length: 90 }, (_, i) => line(i, 1000 + i))], 8);
    expect(columnsOf(mixed.density, mixed.index, 64)).toEqual(naive(mixed.index, 100, 64));
  });

  it('widens its bins as the trace outgrows them, and loses no record', () => {
    // The last record is the first of a bin twice as wide: the widening must be for it.
    const lines = Array.from({ length: 2 * FINE_BINS + 1 }, (_, i) => line(i, 1000 + 3 * i));
    const whole = streamed(lines, lines.length).density;
    const d = streamed(lines, 9_999).density;
    expect(d.number.width).toBe(4);
    expect(d.time.width).toBeGreaterThan(1);
    for (const a of [d.time, d.number]) expect(a.counts.reduce((x, y) => x + y, 0)).toBe(lines.length);
    expect([d.time, d.number]).toEqual([whole.time, whole.number]);
  });

  it('marks problems found on earlier records after they were counted (requests left pending at the end)', () => {
    const lines = [
      '{"ts":1000,"name":"interaction.added","data":{"interactionid":"I-1","parties":[]}}',
      '{"ts":1001,"name":"interaction.present","data":{"interactionid":"I-1"}}',
      '{"ts":1002,"action":"ixn:redirect","data":{"interactionid":"I-1","requestid":"R-1","to":"9"}}',
      ...Array.from({ length: 60 }, (_, i) => `{"ts":${1003 + i},"name":"interaction.udata.changed","data":{"interactionid":"I-1","udata":{"k":${i}}}}`),
    ];
    const open = streamed(lines, 10, false);
    const before = columnsOf(open.density, open.index, 60);
    expect(before.severity.every((s) => s === 0)).toBe(true);
    const done = streamed(lines, 10, true);
    expect(done.index.severityRevisions).toBeGreaterThan(0);
    const after = columnsOf(done.density, done.index, 60);
    expect(after).toEqual(naive(done.index, done.records.length, 60));
    expect(after.severity.reduce((a, b) => a + b, 0)).toBeGreaterThan(before.severity.reduce((a, b) => a + b, 0));
  });

  it('starts over for another trace', () => {
    const a = streamed(Array.from({ length: 30 }, (_, i) => line(i, 1000 + i)), 30);
    const b = streamed(Array.from({ length: 5 }, (_, i) => line(i, 1000 + i)), 5);
    const reused = updateDensity(a.density, b.records, b.index);
    expect(reused.counted).toBe(5);
    expect(columnsOf(reused, b.index, 10)).toEqual(naive(b.index, 5, 10));
  });
});
