import { describe, expect, it } from 'vitest';
import { clockText, durationText, timeCellText } from './timeFormat';

const T0 = Date.parse('2026-11-24T10:00:00.000Z');

describe('time texts', () => {
  it('writes the clock in UTC with milliseconds', () => {
    expect(clockText(T0 + 4210)).toBe('10:00:04.210');
  });
  it('writes durations in ms, s, m:ss and h:mm:ss', () => {
    expect(durationText(41)).toBe('41 ms');
    expect(durationText(4210)).toBe('4.210 s');
    expect(durationText(125_000)).toBe('2:05.000');
    expect(durationText(3_725_500)).toBe('1:02:05.500');
    expect(durationText(-12)).toBe('−12 ms');
  });
  it('formats the time cell as absolute, relative to the start, or delta to the row above', () => {
    expect(timeCellText(T0 + 4210, 'absolute', T0, null)).toBe('10:00:04.210');
    expect(timeCellText(T0 + 4210, 'relative', T0, null)).toBe('+4.210 s');
    expect(timeCellText(T0 + 4210, 'delta', T0, T0 + 1560)).toBe('+2.650 s');
    expect(timeCellText(T0 + 1000, 'delta', T0, T0 + 1500)).toBe('−500 ms');
    expect(timeCellText(T0, 'delta', T0, null)).toBe('');
    expect(timeCellText(null, 'relative', T0, null)).toBe('—');
  });
});
