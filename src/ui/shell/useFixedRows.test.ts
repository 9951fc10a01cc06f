import { describe, expect, it } from 'vitest';
import { revealOffset, visibleRange } from './useFixedRows';

describe('fixed-height rows', () => {
  it('renders the rows on screen and the overscan around them, within the count', () => {
    expect(visibleRange(0, 22, 0, 500, 8)).toEqual([0, 0]);
    expect(visibleRange(1_000_000, 22, 0, 440, 8)).toEqual([0, 28]);
    expect(visibleRange(1_000_000, 22, 22 * 500_000, 440, 8)).toEqual([499_992, 500_028]);
    expect(visibleRange(100, 22, 22 * 95, 440, 8)).toEqual([87, 100]);
    // A viewport scrolled past the end after the rows shrank (a filter) still yields a valid range.
    expect(visibleRange(10, 22, 22 * 5000, 440, 8)).toEqual([10, 10]);
  });

  it('scrolls the least needed to show a row, or not at all', () => {
    expect(revealOffset(10, 22, 0, 440, 'auto')).toBeNull(); // rows 0-19 show
    expect(revealOffset(19, 22, 0, 440, 'auto')).toBeNull();
    expect(revealOffset(20, 22, 0, 440, 'auto')).toBe(22);
    expect(revealOffset(3, 22, 220, 440, 'auto')).toBe(66);
    expect(revealOffset(500, 22, 0, 440, 'start')).toBe(11_000);
  });
});
