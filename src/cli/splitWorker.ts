/**
 * The tail thread of a split summary (see `split.ts`): reduces the tail, sends its keys, and on
 * the head's answer the deferred records made again and its part of the summary. Started through
 * `bin/split-worker.mjs`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JoinedTexts, TailReduction } from '../model/split';
import type { HeadMessage, TailMessage } from './split';
import { deferredRecords, reduceTail, tailOutput, tailTexts, type TailGo, type TailJob } from './tail';

function post(message: TailMessage, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(message, transfer);
}

function failed(err: unknown): void {
  post({ kind: 'failed', reason: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}

function answer(tail: TailReduction, job: TailJob, go: TailGo, texts: JoinedTexts[]): void {
  post({ kind: 'deferred', ...deferredRecords(tail, job, go) });
  const output = tailOutput(tail, job, go, texts);
  post({ kind: 'output', output }, output.lists.flatMap((l) => [l.bytes.buffer, l.starts.buffer, l.ends.buffer, l.indexes.buffer]) as ArrayBuffer[]);
}

try {
  const job = workerData as TailJob;
  const tail = reduceTail(job);
  const keys = tail.keys();
  post({ kind: 'keys', keys }, [keys.interactionGroups.buffer, keys.requestGroups.buffer, keys.groupRecords.buffer] as ArrayBuffer[]);
  // While the head finishes: the texts of the whole tail, most of which it will keep.
  const texts = tailTexts(tail, job);
  if (process.env.IXNSCOPE_SPLIT_DEBUG) process.stderr.write(`ixnscope split: tail texts made (tail thread)\n`);
  parentPort!.once('message', (message: HeadMessage) => {
    if (message.kind !== 'go') return;
    try {
      answer(tail, job, message, texts);
    } catch (err) {
      failed(err);
    }
  });
} catch (err) {
  failed(err);
}
