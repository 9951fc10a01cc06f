/**
 * Whole-trace analysis over already-decoded inputs: parse each file, merge them by time
 * (trace-format.md section 5), fold the reducer, finish. The CLI streams big single files
 * through `TraceParser` + `apply` directly; this is the shared path for several files and tests.
 */
import { TraceParser, type ParseOutput } from './parser';
import { addRejected, apply, createTrace, finish } from './reducer';
import type { TraceState } from './state';
import { summarize, type Summary } from './summary';
import type { TraceRecord } from './types';

export interface TraceInput {
  name: string;
  /** Text or bytes of the file (already gunzipped). */
  content: string | Uint8Array;
}

/** Parses one input completely. */
export function parseInput(input: TraceInput, fileIndex: number): ParseOutput {
  const parser = new TraceParser(input.name, fileIndex);
  const first = parser.push(input.content);
  const rest = parser.end();
  return {
    records: first.records.concat(rest.records),
    diagnostics: first.diagnostics.concat(rest.diagnostics),
    rejected: first.rejected + rest.rejected,
  };
}

/**
 * Merges per-file record lists: at each step the file whose next record has the smallest time
 * goes first (null time first), ties to the file named first; each file keeps its own order.
 */
export function mergeByTime(lists: readonly TraceRecord[][]): TraceRecord[] {
  if (lists.length === 1) return lists[0];
  const heads = lists.map(() => 0);
  const total = lists.reduce((n, l) => n + l.length, 0);
  const out: TraceRecord[] = new Array(total);
  for (let k = 0; k < total; k++) {
    let best = -1;
    let bestTime = 0;
    for (let f = 0; f < lists.length; f++) {
      if (heads[f] >= lists[f].length) continue;
      const t = lists[f][heads[f]].time;
      const tv = t === null ? -Infinity : t;
      if (best === -1 || tv < bestTime) {
        best = f;
        bestTime = tv;
      }
    }
    out[k] = lists[best][heads[best]++];
  }
  return out;
}

/** Parses, merges and reduces several inputs into one finished trace. */
export function analyze(inputs: readonly TraceInput[]): TraceState {
  const parsed = inputs.map((input, i) => parseInput(input, i));
  const state = createTrace();
  for (const p of parsed) addRejected(state, p.diagnostics, p.rejected);
  for (const record of mergeByTime(parsed.map((p) => p.records))) apply(state, record);
  return finish(state);
}

export function summarizeInputs(inputs: readonly TraceInput[]): Summary {
  return summarize(analyze(inputs));
}
