/**
 * Seeded pseudo-random numbers for the trace generator: the same seed gives the same trace, byte
 * for byte, on every platform. sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) is
 * fast in 32-bit integer JavaScript arithmetic and passes PractRand; `Math.random` is never used.
 */

/** Hashes a seed given as a number or text to 32 bits (FNV-1a over its decimal/text form). */
export function seedHash(seed: number | string): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 step, used to spread one 32-bit seed over the four words of the sfc32 state. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    const sm = { s: seedHash(seed) };
    this.a = splitmix32(sm);
    this.b = splitmix32(sm);
    this.c = splitmix32(sm);
    this.d = splitmix32(sm) | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** A uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** An index drawn with the given weights (all >= 0, at least one > 0). */
  weighted(weights: readonly number[], total: number): number {
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Exponentially distributed whole milliseconds with the given mean (inter-arrival times). */
  exponential(meanMs: number): number {
    return Math.round(-Math.log(1 - this.next()) * meanMs);
  }

  /**
   * A human think time: log-normal around `medianMs`, clamped to [minMs, maxMs]. Talk and queue
   * times are skewed this way (most short, a few long), which a uniform draw would not show.
   */
  think(medianMs: number, minMs: number, maxMs: number): number {
    // Box-Muller; sigma 0.6 gives a 90% range of roughly median/2.7 .. median*2.7.
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    const ms = Math.round(medianMs * Math.exp(0.6 * z));
    return ms < minMs ? minMs : ms > maxMs ? maxMs : ms;
  }
}
