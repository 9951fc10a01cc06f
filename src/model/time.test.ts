import { describe, expect, it } from 'vitest';
import { canonicalIsoMs, canonicalIsoMsAt, formatIso, isIsoOf, parseIsoMs, tsMillis } from './time';

describe('time', () => {
  it('formats exactly as Date#toISOString across days, years and far dates', () => {
    for (const ms of [0, 1, 999, 86_399_999, 86_400_000, 1764000000123, -1, -86_400_001, 951_782_400_000, 253_402_300_799_999, -62_198_755_200_000]) {
      expect(formatIso(ms), String(ms)).toBe(new Date(ms).toISOString());
    }
    expect(formatIso(null)).toBeNull();
  });

  it('formats runs of nearby times (the per-second cache) and jumps back and forth alike', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let ms = 1_764_000_000_000;
    for (let i = 0; i < 5000; i++) {
      ms += i % 500 === 0 ? Math.floor((rnd() - 0.5) * 4e11) : Math.floor(rnd() * 2500) - 300;
      expect(formatIso(ms), String(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('parses canonical times of different days one after the other', () => {
    for (const text of ['2026-11-24T23:59:59.999Z', '2026-11-25T00:00:00.000Z', '2026-11-24T00:00:00.001Z', '2027-01-01T12:00:00.000Z']) {
      expect(parseIsoMs(text), text).toBe(Date.parse(text));
    }
  });

  it('parses the canonical form and the general one alike', () => {
    for (const text of ['2026-11-24T10:00:00.123Z', '2024-02-29T23:59:59.999Z', '1970-01-01T00:00:00.000Z']) {
      expect(parseIsoMs(text), text).toBe(Date.parse(text));
    }
    expect(parseIsoMs('2026-11-24T10:00:00Z')).toBe(Date.parse('2026-11-24T10:00:00Z'));
    expect(parseIsoMs('2026-11-24')).toBe(Date.parse('2026-11-24T00:00:00Z'));
    expect(parseIsoMs('2026-11-24T10:00:00.5-05:30')).toBe(Date.parse('2026-11-24T15:30:00.500Z'));
  });

  it('rejects impossible dates and non-dates', () => {
    for (const text of ['2025-02-29T00:00:00.000Z', '2026-13-01T00:00:00Z', '2026-11-24T25:00:00Z', 'tomorrow', '', '1764000000123', '2026-11-24T10:60:00.000Z']) {
      expect(parseIsoMs(text), text).toBeNull();
    }
    expect(tsMillis(Number.NaN)).toBeNaN();
    expect(tsMillis(1e20)).toBeNaN();
    expect(tsMillis(true)).toBeNaN();
    expect(tsMillis('tomorrow')).toBeNaN();
    expect(tsMillis(1.9)).toBe(1);
    expect(tsMillis('2026-11-24T10:00:00.123456Z')).toBe(Date.UTC(2026, 10, 24, 10, 0, 0, 123));
  });

  it('isIsoOf says whether a text is exactly formatIso of a time', () => {
    const times = [0, 1, 999, 1000, 1764000000123, 1764000000999, 1764000001000, -1, -1000, -86_400_001, 253402300799999, 253402300800000, -62167219200000, -62167219200001];
    for (let i = 0; i < 2000; i++) times.push(Math.floor(1764000000000 + i * 777.7));
    for (const ms of times) {
      const text = formatIso(ms)!;
      // Its own text, in any order of seconds (the check keeps the last second's text).
      expect(isIsoOf(text, ms), `${text} ${ms}`).toBe(text.length === 24);
      expect(isIsoOf(text, ms + 1), `${text} ${ms + 1}`).toBe(false);
      expect(isIsoOf(text, ms + 1000), `${text} ${ms + 1000}`).toBe(false);
      expect(isIsoOf(text, ms - 1000), `${text} ${ms - 1000}`).toBe(false);
    }
    const ms = Date.UTC(2026, 10, 24, 10, 0, 0, 123);
    expect(isIsoOf('2026-11-24T10:00:00.123Z', ms)).toBe(true);
    for (const other of ['2026-11-24T10:00:00.124Z', '2026-11-24T10:00:00.023Z', '2026-11-24T10:00:00.120Z', '2026-11-24t10:00:00.123Z', '2026-11-24T10:00:00.123z', '2026-11-24T10:00:00,123Z', '2026-11-24T10:00:00.123+00:00', '2026-11-24 10:00:00.123Z', '2026-11-25T10:00:00.123Z', '2026-11-24T10:00:00.1234Z']) {
      expect(isIsoOf(other, ms), other).toBe(false);
    }
    expect(isIsoOf('2026-11-24T10:00:00.123Z', ms + 0.5)).toBe(false);
    expect(isIsoOf('2026-11-24T10:00:00.123Z', Number.NaN)).toBe(false);
  });

  it('reads the common shape from text and from bytes alike, whichever read the last day', () => {
    // Both share a cache of the last day read: days change in every order between the two.
    const enc = new TextEncoder();
    const texts = ['2026-01-01T23:59:59.999Z', '2026-01-02T00:00:00.000Z', '2026-01-01T12:00:00.500Z', '2025-12-31T00:00:01.000Z',
      '2026-01-02T08:30:00.250Z', '2024-02-29T12:00:00.000Z', '2026-01-01T00:00:00.001Z'];
    const got: (number | null)[] = [];
    for (let round = 0; round < 3; round++) {
      texts.forEach((t, i) => {
        const bytes = enc.encode(`xx${t}yy`);
        got.push((i + round) % 2 === 0 ? canonicalIsoMs(t) : canonicalIsoMsAt(bytes, 2, 2 + t.length));
      });
    }
    expect(got).toEqual([...texts, ...texts, ...texts].map((t) => Date.parse(t)));
    expect(canonicalIsoMsAt(enc.encode('2026-02-30T00:00:00.000Z'), 0, 24)).toBeNull();
  });
});
