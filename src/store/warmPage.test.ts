import { describe, expect, it } from 'vitest';
import type { EncodedRecords } from '../ingest/batchCodec';
import { warmUp } from '../ingest/warmUp';
import { pageWarming, step, warmPageWith, warmRecordsApplied } from './warmPage';

describe("the page's side of the warm-up", () => {
  it("applies the warm-up's batches to a scratch trace in steps, then drops it", async () => {
    const batches: EncodedRecords[] = [];
    await warmUp(3000, (b) => batches.push(b));
    expect(batches.length).toBeGreaterThan(0);
    const before = warmRecordsApplied();
    for (const b of batches) warmPageWith(b, () => false);
    expect(pageWarming()).toBe(true);
    // A step stops when its time is up and goes on in the next.
    let budget = 3;
    step(() => false, () => budget-- > 0);
    expect(warmRecordsApplied() - before).toBe(1500);
    // All queued batches applied, but the worker has not said it sent the last: kept.
    step(() => false, () => true);
    expect(pageWarming()).toBe(true);
    expect(warmRecordsApplied() - before).toBe(3000);
    warmPageWith(null, () => false);
    step(() => false, () => true);
    expect(pageWarming()).toBe(false);
    expect(warmRecordsApplied() - before).toBe(3000);
  });

  it('reads batches that come after the first ones were applied with the same decoder (its string table)', async () => {
    const batches: EncodedRecords[] = [];
    await warmUp(12_000, (b) => batches.push(b));
    expect(batches.length).toBeGreaterThan(2);
    const before = warmRecordsApplied();
    for (const b of batches) {
      warmPageWith(b, () => false);
      step(() => false, () => true);
    }
    warmPageWith(null, () => false);
    step(() => false, () => true);
    expect(pageWarming()).toBe(false);
    expect(warmRecordsApplied() - before).toBe(12_000);
  });

  it('stops as soon as a load runs', async () => {
    const batches: EncodedRecords[] = [];
    await warmUp(1000, (b) => batches.push(b));
    const before = warmRecordsApplied();
    for (const b of batches) warmPageWith(b, () => true);
    step(() => true, () => true);
    expect(pageWarming()).toBe(false);
    expect(warmRecordsApplied()).toBe(before);
  });
});
