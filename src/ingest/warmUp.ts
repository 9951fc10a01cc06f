/**
 * A load worker's warm-up: before the person opens a file, the worker reads a small generated
 * trace through the very pipeline a load runs (`loadTrace`: stream, parser, line scanner, wire
 * encoder, batches) and throws the result away. A worker started for a load runs its first
 * hundred thousand lines in V8's lower tiers while the code is compiled and optimized; warmed,
 * the load runs optimized code from its first line (and the worker's start-up is paid too).
 * Nothing of the warm-up is kept: `loadTrace` makes its parser, encoder and string table per call.
 */
import { generateTrace } from '../model/generate/generator';
import type { EncodedRecords } from './batchCodec';
import { loadTrace } from './loadTrace';

/** Records of the warm-up trace (generated once per worker, read `WARM_UP_PASSES` times). */
export const WARM_UP_RECORDS = 20_000;

/**
 * Times the warm-up trace is read. One read of 20k records gets the functions a record runs to
 * V8's mid tier (Maglev) only: a 1M load then compiled some 60 functions of the worker and the
 * page with TurboFan (432 ms) while it ran, and ran their slower code until then.
 * After three reads it compiled 349 ms' worth, the worker's mostly done before
 * (docs/performance-log.md, "A warm-up read three times"). The page's side gets the first read only
 * (load.worker.ts). Reading the same text again costs no new generation; the warm-up (the page's
 * side included) takes 0.40-0.44 s in Chromium here, against 0.28-0.35 s for one read. Six reads
 * compiled less during the load, and the loads were no faster.
 */
export const WARM_UP_PASSES = 3;

/**
 * Reads a generated trace of `records` records `passes` times as a load would; its batches go to
 * `batch` with the pass they belong to (each pass is a load of its own, with its own string
 * table; the worker posts the first pass's to the page, which warms its own side with them),
 * nothing else is posted. `stop` is asked before each pass after the first: a load waiting for
 * the warm-up ends it there (it waits for one pass at most).
 */
export async function warmUp(
  records = WARM_UP_RECORDS,
  batch: (records: EncodedRecords, pass: number) => void = () => undefined,
  passes = WARM_UP_PASSES,
  stop: () => boolean = () => false,
): Promise<void> {
  const { text } = generateTrace({ events: records, seed: 'warm-up' }, { comments: false });
  const blob = new Blob([text], { type: 'application/x-ndjson' });
  for (let pass = 0; pass < passes; pass++) {
    if (pass > 0 && stop()) return;
    await loadTrace([{ kind: 'blob', name: 'warm-up', blob }], (message) => {
      if (message.type === 'batch') batch(message.records, pass);
    }, {});
  }
}
