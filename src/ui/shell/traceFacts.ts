/** Header facts about the trace on screen, derived once per store version. */
import type { TraceState } from '../../model/state';
import type { Severity } from '../../model/types';
import type { Records } from '../../model/records';

export interface TraceFacts {
  records: number;
  interactions: number;
  sessions: number;
  firstTime: number | null;
  lastTime: number | null;
  problems: Record<Severity, number>;
}

export function traceFacts(trace: TraceState, records: Records): TraceFacts {
  let firstTime: number | null = null;
  for (let i = 0; i < records.length && firstTime === null; i++) firstTime = records.time(i);
  let lastTime: number | null = null;
  for (let i = records.length - 1; i >= 0 && lastTime === null; i--) lastTime = records.time(i);
  const problems: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of trace.diagnostics) problems[d.severity]++;
  return {
    records: records.length,
    interactions: trace.interactions.size,
    sessions: trace.sessions.size,
    firstTime,
    lastTime,
    problems,
  };
}
