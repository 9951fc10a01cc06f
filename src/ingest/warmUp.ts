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

/**
 * Records of the warm-up trace: enough for V8 to optimize the hot paths (a load after it ran at
 * its later speed from the start); the warm-up took 230-290 ms, the worker's start included.
 */
export const WARM_UP_RECORDS = 20_000;

/**
 * Reads a generated trace of `records` records as a load would; its batches go to `batch` (the
 * worker posts them to the page, which warms its own side with them), nothing else is posted.
 */
export async function warmUp(records = WARM_UP_RECORDS, batch: (records: EncodedRecords) => void = () => undefined): Promise<void> {
  const { text } = generateTrace({ events: records, seed: 'warm-up' }, { comments: false });
  const blob = new Blob([text], { type: 'application/x-ndjson' });
  await loadTrace([{ kind: 'blob', name: 'warm-up', blob }], (message) => {
    if (message.type === 'batch') batch(message.records);
  }, {});
}
