/**
 * The live-stream protocol shared by `ixnscope serve`, `ixnscope relay`, `ixnscope record` and the
 * app's WebSocket client (docs/live-protocol.md). Every frame is one JSON text frame. Records are
 * the objects of trace-format.md section 1 with a top-level `seq` ("optional number, kept and
 * shown") assigned by the server: 1, 2, 3, ... without holes within one `stream`.
 */

/** Names the servers put in `hello.server`. */
export type ServerName = 'ixnscope serve' | 'ixnscope relay';

/** A trace record as it travels: its own fields plus the server's `seq`. */
export interface LiveRecord {
  seq?: number;
  [field: string]: unknown;
}

/** First frame on every viewer connection. */
export interface HelloMessage {
  type: 'hello';
  server: ServerName | string;
  /**
   * Identity of the sequence: seqs are comparable only within one stream. A relay draws a new
   * one each time it starts; `serve` derives it from the replayed records, so a restarted serve
   * of the same files resumes where the viewer was.
   */
  stream: string;
  /** Highest seq the server has (0 when none). */
  lastSeq: number;
  /** Lowest seq it can still send (lastSeq + 1 when it holds none). */
  oldestSeq: number;
  /** True when the viewer's `since` was honoured (same stream); false when it starts over. */
  resumed: boolean;
  /** The seq the server will send after (the honoured `since`, else 0). */
  since: number;
}

export interface RecordsMessage {
  type: 'records';
  records: LiveRecord[];
}

/** Records the viewer asked for (`since`) that the server no longer holds. */
export interface GapMessage {
  type: 'gap';
  /** The viewer's `since`. */
  after: number;
  /** First seq that will follow. */
  oldestSeq: number;
  /** How many records (after+1 .. oldestSeq-1) are lost to this viewer. */
  lost: number;
  reason: string;
}

export interface ErrorMessage {
  type: 'error';
  reason: string;
  /** Machine-readable kind: unauthorized, origin, slow-consumer, too-large, bad-request. */
  code?: string;
}

/** `serve` finished its replay (never sent with --loop); the server closes after it. */
export interface EndMessage {
  type: 'end';
  lastSeq: number;
}

export type ServerMessage = HelloMessage | RecordsMessage | GapMessage | ErrorMessage | EndMessage;

/** One line a publisher sent that the relay refused. */
export interface RejectedLine {
  /** 1-based line within the frame or POST body. */
  line: number;
  reason: string;
}

/** Reply to each publisher frame: exactly one per frame. */
export type PublishReply =
  | { type: 'ack'; accepted: number; lastSeq: number }
  | { type: 'error'; accepted: number; line: number; reason: string; rejected: RejectedLine[]; rejectedCount: number };

/** Body of the answer to `POST /publish`. */
export interface PublishResult {
  accepted: number;
  lastSeq: number;
  rejectedCount: number;
  /** The first `MAX_REPORTED_REJECTIONS` refused lines. */
  rejected: RejectedLine[];
}

export const MAX_REPORTED_REJECTIONS = 100;

/** Close codes the servers use (RFC 6455 section 7.4.1). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  /** Refused: missing or wrong token, origin not allowed. Retrying does not help. */
  policy: 1008,
  tooBig: 1009,
  /** Slow consumer: reconnect later, resuming by seq. */
  tryAgainLater: 1013,
} as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** True when an object reads as a trace record (the parser's rule: a non-empty `name` or `action`). */
export function looksLikeRecord(value: Record<string, unknown>): boolean {
  return (typeof value.name === 'string' && value.name.length > 0) || (typeof value.action === 'string' && value.action.length > 0);
}

export type DecodedFrame =
  | ServerMessage
  /** A frame that is not a control message: NDJSON record lines, from a plain producer. */
  | { type: 'lines'; text: string }
  | { type: 'invalid'; reason: string };

/**
 * Reads one server frame. Control messages are checked field by field; a frame whose JSON is a
 * record (or that is not one JSON value, e.g. several NDJSON lines) is handed back as text so
 * the caller's trace parser reports its problems with line numbers like any other input.
 */
export function decodeServerFrame(text: string): DecodedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { type: 'lines', text };
  }
  if (!isObject(value)) return { type: 'lines', text };
  if (looksLikeRecord(value)) return { type: 'lines', text };
  switch (value.type) {
    case 'records': {
      if (!Array.isArray(value.records)) return { type: 'invalid', reason: '"records" message without a records array' };
      const records: LiveRecord[] = [];
      for (const r of value.records) {
        if (!isObject(r)) return { type: 'invalid', reason: '"records" message with an entry that is not an object' };
        records.push(r as LiveRecord);
      }
      return { type: 'records', records };
    }
    case 'hello':
      if (typeof value.stream !== 'string' || !isSeq(value.lastSeq) || !isSeq(value.oldestSeq)) {
        return { type: 'invalid', reason: '"hello" message without stream, lastSeq and oldestSeq' };
      }
      return {
        type: 'hello',
        server: typeof value.server === 'string' ? value.server : 'unknown server',
        stream: value.stream,
        lastSeq: value.lastSeq,
        oldestSeq: value.oldestSeq,
        resumed: value.resumed === true,
        since: isSeq(value.since) ? value.since : 0,
      };
    case 'gap':
      if (!isSeq(value.after) || !isSeq(value.oldestSeq) || !isSeq(value.lost)) {
        return { type: 'invalid', reason: '"gap" message without after, oldestSeq and lost' };
      }
      return {
        type: 'gap',
        after: value.after,
        oldestSeq: value.oldestSeq,
        lost: value.lost,
        reason: typeof value.reason === 'string' ? value.reason : `${value.lost} records are no longer held by the server`,
      };
    case 'error':
      return {
        type: 'error',
        reason: typeof value.reason === 'string' ? value.reason : 'the server reported an error',
        ...(typeof value.code === 'string' ? { code: value.code } : {}),
      };
    case 'end':
      return { type: 'end', lastSeq: isSeq(value.lastSeq) ? value.lastSeq : 0 };
    default:
      return { type: 'invalid', reason: `unknown message type ${JSON.stringify(value.type)?.slice(0, 40) ?? 'undefined'}` };
  }
}

/** The seq of a record as received, or null when it carries none usable. */
export function seqOf(record: LiveRecord): number | null {
  return isSeq(record.seq) && record.seq > 0 ? record.seq : null;
}

/**
 * Builds a `records` frame from records already serialised one by one, so a server encodes each
 * record once however many viewers receive it.
 */
export function recordsFrame(recordJson: readonly string[]): string {
  return `{"type":"records","records":[${recordJson.join(',')}]}`;
}

export function encode(message: ServerMessage | PublishReply): string {
  return JSON.stringify(message);
}
