/**
 * Streaming analysis: a single source goes straight from parser batches into the reducer, so
 * memory holds the state, not the records; several sources are parsed, then merged by time.
 */
import { mergeByTime } from './analyze';
import type { ParseOutput } from './parser';
import { addRejected, apply, createTrace, finish } from './reducer';
import type { TraceState } from './state';
import type { TraceRecord } from './types';

export interface TraceSource {
  name: string;
  /** Parses the source, calling `onBatch` for each batch in file order. */
  parse(onBatch: (out: ParseOutput) => void): Promise<void>;
}

export async function analyzeStream(sources: readonly TraceSource[], options: { history?: boolean } = {}): Promise<TraceState> {
  const state = createTrace(options);
  if (sources.length === 1) {
    await sources[0].parse((out) => {
      addRejected(state, out.diagnostics, out.rejected);
      for (const r of out.records) apply(state, r);
    });
    return finish(state);
  }
  const lists: TraceRecord[][] = [];
  for (const source of sources) {
    const records: TraceRecord[] = [];
    await source.parse((out) => {
      addRejected(state, out.diagnostics, out.rejected);
      for (const r of out.records) records.push(r);
    });
    lists.push(records);
  }
  for (const r of mergeByTime(lists)) apply(state, r);
  return finish(state);
}
