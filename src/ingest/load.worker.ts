/**
 * The load worker: wires the message port to `loadTrace` (which runs the model's parser), so
 * reading and parsing never block the page. A `warm` message (see `prepareLoadWorker`) has it
 * read a generated trace first; a load that comes meanwhile waits for the warm-up's pass to end.
 */
import { transferables, type EncodedRecords } from './batchCodec';
import { loadTrace } from './loadTrace';
import type { LoadRequest, WarmRequest, WorkerMessage } from './protocol';
import { WARM_UP_PASSES, WARM_UP_RECORDS, warmUp } from './warmUp';

const ctx = self as unknown as {
  postMessage(message: WorkerMessage, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<LoadRequest | WarmRequest>) => void) | null;
};

let warming: Promise<void> = Promise.resolve();
/** A load came: the warm-up ends after the pass it is in. */
let loadWaiting = false;

ctx.onmessage = (event) => {
  const request = event.data;
  if (request?.type === 'warm') {
    // A failed warm-up costs nothing but the time: the load runs as it would have.
    // The page warms its side with the first read's batches only: applying all three there
    // showed no gain in alternating loads, and kept more of the page's heap and idle time.
    const post = (records: EncodedRecords, pass: number): void => {
      if (pass > 0) return;
      const message: WorkerMessage = { type: 'warm-batch', records };
      ctx.postMessage(message, transferables({ type: 'batch', records, rejected: [], rejectedCount: 0 }));
    };
    warming = warmUp(WARM_UP_RECORDS, post, WARM_UP_PASSES, () => loadWaiting)
      .catch(() => undefined)
      .then(() => ctx.postMessage({ type: 'warmed' }, []));
    return;
  }
  if (request?.type !== 'load') return;
  loadWaiting = true;
  void warming.then(() => loadTrace(request.sources, (message) => ctx.postMessage(message, transferables(message)), { batchSize: request.batchSize }));
};
