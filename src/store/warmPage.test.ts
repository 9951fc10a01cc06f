import { describe, expect, it } from 'vitest';
import type { EncodedRecords } from '../ingest/batchCodec';
import { loadTrace } from '../ingest/loadTrace';
import { warmUp } from '../ingest/warmUp';
import { generateTrace } from '../model/generate/generator';
import { pageWarming, step, warmPageWith, warmRecordsApplied } from './warmPage';

/** The batches a worker's warm-up of `records` records posts, read once. */
async function warmBatches(records: number): Promise<EncodedRecords[]> {
  const batches: EncodedRecords[] = [];
  await warmUp(records, (b) => batches.push(b), 1);
  return batches;
}

/** The batches of a load of `text` (one read, its own string table). */
async function loadBatches(text: string): Promise<EncodedRecords[]> {
  const batches: EncodedRecords[] = [];
  await loadTrace([{ kind: 'blob', name: 't', blob: new Blob([text]) }], (m) => {
    if (m.type === 'batch') batches.push(structuredClone(m.records));
  }, { batchSize: 700 });
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

  it('reads each pass with a decoder of its own: a pass starts a new string table', async () => {
    // Two different traces, so that one decoder for both would read the second's positions as
    // the first's strings (records without a name, and the scratch dropped).
    const first = await loadBatches(generateTrace({ events: 2000, seed: 'pass-0' }, { comments: false }).text);
    const second = await loadBatches(generateTrace({ events: 3000, seed: 'pass-1', faults: 0.05 }, { comments: false }).text.replace(/"S1"/g, '"Sé1"'));
    const before = warmRecordsApplied();
    for (const b of first) warmPageWith(b, () => false, 0);
    step(() => false, () => true);
    for (const b of second) warmPageWith(b, () => false, 1);
    step(() => false, () => true);
    expect(pageWarming()).toBe(true);
    endWarmUp();
    expect(pageWarming()).toBe(false);
    const count = (bs: EncodedRecords[]): number => bs.reduce((n, b) => n + b.count, 0);
    expect(warmRecordsApplied() - before).toBe(count(first) + count(second));
  });

  it('applies every pass the worker reads', async () => {
    const batches: [EncodedRecords, number][] = [];
    await warmUp(1500, (b, pass) => batches.push([b, pass]), 3);
    expect(new Set(batches.map(([, pass]) => pass))).toEqual(new Set([0, 1, 2]));
    const before = warmRecordsApplied();
    for (const [b, pass] of batches) warmPageWith(b, () => false, pass);
    endWarmUp();
    expect(warmRecordsApplied() - before).toBe(4500);
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
