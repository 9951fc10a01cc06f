/**
 * The load worker: wires the message port to `loadTrace` (which runs the model's parser), so
 * reading and parsing never block the page.
 */
import { transferables } from './batchCodec';
import { loadTrace } from './loadTrace';
import type { LoadRequest, WorkerMessage } from './protocol';

const ctx = self as unknown as {
  postMessage(message: WorkerMessage, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<LoadRequest>) => void) | null;
};

ctx.onmessage = (event) => {
  if (event.data?.type !== 'load') return;
  void loadTrace(event.data.sources, (message) => ctx.postMessage(message, transferables(message)), { batchSize: event.data.batchSize });
};
