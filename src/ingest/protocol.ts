/**
 * Messages between the main thread and the load worker. Records cross the boundary as wire
 * batches (`batchCodec.ts`), small enough that reading one back stays well under a frame budget.
 */
import type { Diagnostic } from '../model/types';
import type { EncodedRecords } from './batchCodec';

/** Where a trace file comes from: a File/Blob the person picked or dropped, or a URL. */
export type LoadSource =
  | { kind: 'blob'; name: string; blob: Blob }
  | { kind: 'url'; name: string; url: string };

export interface LoadRequest {
  type: 'load';
  sources: LoadSource[];
  /** Records per posted batch. */
  batchSize?: number;
}

/** Has a worker started ahead of a load read a generated trace, to compile its code (`warmUp.ts`). */
export interface WarmRequest {
  type: 'warm';
}

export interface ProgressMessage {
  type: 'progress';
  /** Bytes read from the sources as stored (compressed bytes for gzip). */
  bytesRead: number;
  /** Sum of the known sizes; null while a source's size is unknown (URL without Content-Length). */
  bytesTotal: number | null;
  /** Records parsed so far (kept + rejected lines). */
  recordsRead: number;
  /** Name of the file being read. */
  file: string;
}

export interface BatchMessage {
  type: 'batch';
  /** Records in trace order (several files already merged by time); `index` not yet assigned. */
  records: EncodedRecords;
  /** Diagnostics of rejected lines found since the last batch. */
  rejected: Diagnostic[];
  rejectedCount: number;
}

export interface DoneMessage {
  type: 'done';
  records: number;
  rejected: number;
  bytes: number;
  /**
   * When the worker posted it, on the clock pages and workers share (`performance.timeOrigin +
   * performance.now()`); the page marks it in its performance timeline (`ixnscope:worker-done`).
   */
  finishedAt?: number;
}

export interface ErrorMessage {
  type: 'error';
  /** The file that could not be read. */
  file: string;
  reason: string;
}

/** A batch of the worker's warm-up trace, for the page to warm its own code with (`warmUp.ts`). */
export interface WarmBatchMessage {
  type: 'warm-batch';
  records: EncodedRecords;
}

/** The worker's warm-up (`WarmRequest`) ended; a load is not waiting for it any more. */
export interface WarmedMessage {
  type: 'warmed';
}

export type WorkerMessage = ProgressMessage | BatchMessage | DoneMessage | ErrorMessage | WarmBatchMessage | WarmedMessage;

export const DEFAULT_BATCH_SIZE = 5000;
