import { describe, expect, it } from 'vitest';
import { listeners } from './listeners';

describe('listeners', () => {
  it('calls each listener in the order added, with the arguments, until it is removed', () => {
    const l = listeners<[number]>();
    const seen: string[] = [];
    const removeA = l.add((n) => seen.push(`a${n}`));
    l.add((n) => seen.push(`b${n}`));
    l.call(1);
    removeA();
    removeA(); // twice: nothing more to remove
    l.call(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });
});
