import { describe, expect, it } from 'vitest';
import type { EncodedRecords } from '../ingest/batchCodec';
import { warmUp } from '../ingest/warmUp';
import { pageWarming, step, warmPageWith, warmRecordsApplied } from './warmPage';

/** The batches a worker's warm-up of `records` records posts. */
async function warmBatches(records: number): Promise<EncodedRecords[]> {
  const batches: EncodedRecords[] = [];
  await warmUp(records, (b) => batches.push(b), 1);
  return batches;
}

/** The worker's end of the warm-up, and a step with time to spare. */
function endWarmUp(): void {
  warmPageWith(null, () => false);
  step(() => false, () => true);
}

describe("the page's side of the warm-up", () => {
  it("applies the warm-up's batches to a scratch trace in steps, then drops it", async () => {
    const batches = await warmBatches(3000);
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
    endWarmUp();
    expect(pageWarming()).toBe(false);
    expect(warmRecordsApplied() - before).toBe(3000);
  });

  it('reads batches that come after the first ones were applied with the same decoder (its string table)', async () => {
    const batches = await warmBatches(12_000);
    expect(batches.length).toBeGreaterThan(2);
    const before = warmRecordsApplied();
    for (const b of batches) {
      warmPageWith(b, () => false);
      step(() => false, () => true);
    }
    endWarmUp();
    expect(pageWarming()).toBe(false);
    expect(warmRecordsApplied() - before).toBe(12_000);
  });

  it('stops as soon as a load runs', async () => {
    const batches = await warmBatches(1000);
    const before = warmRecordsApplied();
    for (const b of batches) warmPageWith(b, () => true);
    step(() => true, () => true);
    expect(pageWarming()).toBe(false);
    expect(warmRecordsApplied()).toBe(before);
  });
});
