/**
 * Trace records and diagnostics: the vocabulary shared by the parser, the reducer, the CLI and
 * the app. Field names follow `trace-format.md` section 1.
 */

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'parse-error'
  | 'missing-name'
  | 'missing-attribute'
  | 'unknown-event'
  | 'unknown-action'
  | 'unknown-interaction'
  | 'after-deleted'
  | 'deleted-without-notcontrolled'
  | 'action-after-notcontrolled'
  | 'action-before-present'
  | 'duplicate-added'
  | 'unknown-party'
  | 'undocumented-error'
  | 'duplicate-requestid'
  | 'pending-request'
  | 'unmatched-result'
  | 'time-regression'
  | 'bad-timestamp';

export const RULE_SEVERITY: Readonly<Record<RuleId, Severity>> = {
  'parse-error': 'error',
  'missing-name': 'error',
  'missing-attribute': 'error',
  'unknown-event': 'warning',
  'unknown-action': 'warning',
  'unknown-interaction': 'warning',
  'after-deleted': 'error',
  'deleted-without-notcontrolled': 'error',
  'action-after-notcontrolled': 'error',
  'action-before-present': 'warning',
  'duplicate-added': 'warning',
  'unknown-party': 'warning',
  'undocumented-error': 'warning',
  'duplicate-requestid': 'warning',
  'pending-request': 'warning',
  'unmatched-result': 'info',
  'time-regression': 'warning',
  'bad-timestamp': 'warning',
};

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** A problem found in a trace, pointing at the file and line of the record that caused it. */
export interface Diagnostic {
  severity: Severity;
  rule: RuleId;
  /** Source file as given (path on the command line, file name in the app). */
  file: string;
  /** 1-based physical line in NDJSON, element index in a JSON array. */
  line: number;
  /** `data.interactionid` (or `tointeractionid`) of the record, when known. */
  interactionid: string | null;
  message: string;
  /** The record's SCXML session, when the record was readable. */
  session: string | null;
  /** Position of the file in the input list; orders diagnostics of several files. */
  fileIndex: number;
  /** Index of the kept record this points at (see `TraceRecord.index`), or -1 for a rejected line. */
  recordIndex: number;
}

/** Fields every kept record carries. */
interface RecordBase {
  /** Position in the merged trace, 0-based; assigned when the reducer applies the record. */
  index: number;
  file: string;
  fileIndex: number;
  line: number;
  /** Epoch ms: the record's `ts`, or the previous kept record's of its file; null before any. */
  time: number | null;
  /** `session`, default `"default"`. */
  session: string;
  /** The JSON object as read: every field, including unknown ones, kept for display. */
  raw: Record<string, unknown>;
  /** `data` when it is an object, else `{}`. */
  data: Record<string, unknown>;
  /** Diagnostics the parser found on this record (bad-timestamp, time-regression); the reducer files them. */
  issues?: Diagnostic[];
  /**
   * True when the parser read `ts` as a string that is exactly `formatIso(time)`
   * (`YYYY-MM-DDTHH:MM:SS.mmmZ`): the load worker then sends it as a token, not as text.
   */
  tsCanonical?: boolean;
}

/** An SCXML event as the session received it (`_event.name`, `_event.data`). */
export interface EventRecord extends RecordBase {
  kind: 'event';
  name: string;
}

/** A request the session sent (`<ixn:redirect>` etc.); `action` has no `ixn:` prefix. */
export interface ActionRecord extends RecordBase {
  kind: 'action';
  action: string;
}

export type TraceRecord = EventRecord | ActionRecord;

/** Name shown for a record: the event name, or the action as written without `ixn:`. */
export function recordName(record: TraceRecord): string {
  return record.kind === 'event' ? record.name : record.action;
}
