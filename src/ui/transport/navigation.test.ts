import { describe, expect, it } from 'vitest';
import { nextIn, previousIn } from './navigation';

describe('previousIn / nextIn', () => {
  const list = Int32Array.from([3, 8, 20]);
  it('finds the neighbours strictly before and after the cursor', () => {
    expect(previousIn(list, 8)).toBe(3);
    expect(nextIn(list, 8)).toBe(20);
    expect(previousIn(list, 10)).toBe(8);
    expect(nextIn(list, 10)).toBe(20);
  });
  it('returns null past either end, and from before the first record', () => {
    expect(previousIn(list, 3)).toBeNull();
    expect(nextIn(list, 20)).toBeNull();
    expect(nextIn(list, -1)).toBe(3);
    expect(nextIn([], 0)).toBeNull();
  });
});
