/**
 * The byte bookkeeping of the split summary: texts joined into UTF-8 chunks (ASCII and not), items
 * dropped without copying, and the merge by record index. The whole split is compared with one
 * reduction in src/cli/split.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { joinedTexts, keptTexts, mergedTexts, type JoinedTexts } from './split';

const decoder = new TextDecoder();

/** Deterministic texts, some with characters of two, three and four bytes, long enough to fill several 64K chunks. */
function texts(n: number): string[] {
  const out: string[] = [];
  let seed = 7;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const extra = seed % 5 === 0 ? 'Zoë Łódź ✓ 😀' : '';
    out.push(`{"i":${i},"t":"${'x'.repeat(seed % 40)}${extra}"}`);
  }
  return out;
}

function itemText(list: JoinedTexts, i: number): string {
  return decoder.decode(list.bytes.subarray(list.starts[i], list.ends[i]));
}

describe('joined texts', () => {
  for (const separator of [',', ''] as const) {
    it(`keeps every item's bytes and place, separator '${separator}'`, () => {
      const items = texts(6000);
      const list = joinedTexts(items, (t) => t, (t) => items.indexOf(t), separator);
      expect(list.ends.length).toBe(items.length);
      expect(decoder.decode(list.bytes)).toBe(items.join(separator));
      for (let i = 0; i < items.length; i += 97) expect(itemText(list, i)).toBe(items[i]);
      expect(itemText(list, items.length - 1)).toBe(items[items.length - 1]);
    });
  }

  it('drops items without touching the bytes, and merges the rest with the head by index', () => {
    const items = texts(3000);
    const index = new Map(items.map((t, i) => [t, i * 2 + 1]));
    const list = joinedTexts(items, (t) => t, (t) => index.get(t)!, ',');
    const kept = keptTexts(list, (k) => k % 7 !== 0 && k % 11 !== 0, 1000);
    expect(kept.bytes).toBe(list.bytes);
    const keptItems = items.filter((t) => {
      const k = index.get(t)!;
      return k % 7 !== 0 && k % 11 !== 0;
    });
    expect(kept.ends.length).toBe(keptItems.length);
    // The head's items sit at even indexes between the tail's (offset by 1000).
    const head = Array.from({ length: 800 }, (_, i) => ({ at: 1000 + i * 8, text: `"h${i}"` }));
    const pieces = [...mergedTexts(head, (h) => h.at, (h) => h.text, kept)];
    const expected = [
      ...head.map((h) => ({ at: h.at, text: h.text })),
      ...keptItems.map((t) => ({ at: index.get(t)! + 1000, text: t })),
    ].sort((a, b) => a.at - b.at);
    // Runs of bytes hold several items joined by their commas: split them back to compare.
    const got = pieces.flatMap((p) => (typeof p === 'string' ? [p] : JSON.parse(`[${decoder.decode(p)}]`).map((v: unknown) => JSON.stringify(v))));
    expect(got).toEqual(expected.map((e) => JSON.stringify(JSON.parse(e.text))));
    // Adjacent tail items go out as one run, not one piece each.
    expect(pieces.length).toBeLessThan(head.length + keptItems.length);
  });
});
