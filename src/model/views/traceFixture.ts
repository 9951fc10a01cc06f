/**
 * Test support: builds a trace from NDJSON text exactly as the app does (parse, then apply each
 * record), so the view derivations are tested on what users load. No `node:` imports here: the
 * tests read the sample files themselves.
 */
import { parseInput } from '../analyze';
import { apply, createTrace } from '../reducer';
import type { TraceState } from '../state';
import type { TraceRecord } from '../types';

export interface LoadedTrace {
  trace: TraceState;
  records: TraceRecord[];
}

export function loadTrace(text: string, name = 'test.ndjson'): LoadedTrace {
  const parsed = parseInput({ name, content: text }, 0);
  const trace = createTrace();
  for (const r of parsed.records) apply(trace, r);
  return { trace, records: parsed.records };
}

/** NDJSON from objects, one per line; `ts` defaults to one second apart from a fixed origin. */
export function ndjson(records: Record<string, unknown>[]): string {
  const origin = Date.UTC(2026, 10, 24, 9, 0, 0);
  return records.map((r, i) => JSON.stringify({ ts: new Date(origin + i * 1000).toISOString(), session: 'S1', ...r })).join('\n');
}

/** Index of the first record whose event name (or action) is `name`, after `from`. */
export function indexOf(records: readonly TraceRecord[], name: string, from = 0): number {
  for (let i = from; i < records.length; i++) {
    const r = records[i];
    if ((r.kind === 'event' ? r.name : r.action) === name) return i;
  }
  throw new Error(`no record ${name}`);
}
