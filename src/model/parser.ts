/**
 * Streaming trace parser (trace-format.md section 1): NDJSON, or a JSON array when the first
 * non-space character is `[`. Chunks go in as bytes or text, records and diagnostics come out;
 * a file is never held as one string, and a line longer than `maxLineChars` is rejected without
 * being buffered.
 */
import { canonicalIsoMs, canonicalIsoMsAt, tsMillis } from './time';
import { RULE_SEVERITY, type Diagnostic, type RuleId, type TraceRecord } from './types';
import { idText, keepExactIntegers } from './ids';
import { LineScanner, NULL as SCAN_NULL, STRING as SCAN_STRING } from './lineScan';

export interface ParseOutput {
  records: TraceRecord[];
  diagnostics: Diagnostic[];
  /** Lines (or array elements) that could not be read as records. */
  rejected: number;
}

export interface ParserOptions {
  /** Longest line (or array element) accepted, in UTF-16 code units. */
  maxLineChars?: number;
  /**
   * Read the input as NDJSON from its first character, without looking for a JSON array: for a
   * part of a file that starts at a line (see `src/cli/split.ts`), whose file is known to be NDJSON.
   */
  ndjson?: boolean;
  /**
   * Receives each record as soon as it is read, instead of the `records` of `push` and `end`
   * (which then stay empty): the load worker encodes it at once, so the objects of a chunk's
   * thousands of lines are not all alive when the collector runs.
   */
  onRecord?: (record: TraceRecord) => void;
  /**
   * Takes the records of plain NDJSON lines straight from their bytes, without decoding them,
   * `JSON.parse` or a record object (see lineScan.ts): the load worker encodes them for the page at
   * once. Lines it cannot take that way (and a JSON array's elements) become records as usual.
   */
  lines?: ScannedLineSink;
}

/** Where `TraceParser` hands the records it scanned instead of parsing (`ParserOptions.lines`). */
export interface ScannedLineSink {
  /**
   * The record at line `line` of file `fileIndex`, whose tokens `scanner` found in `bytes`: it has
   * no issues, its time is `time`, and `timeTs` says its `ts` is exactly the text `formatIso`
   * makes of that time.
   */
  addScanned(scanner: LineScanner, bytes: Uint8Array, line: number, fileIndex: number, time: number | null, timeTs: boolean): void;
}

export const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

/**
 * Longest line, in bytes, that `TraceParser` scans from its bytes (see `ParserOptions.lines`):
 * records are a few hundred bytes, and the scanner's token arrays grow with the longest line it
 * reads. Longer ones go to `JSON.parse`.
 */
const MAX_SCANNED_LINE = 64 * 1024;

/**
 * Deepest nesting of objects and arrays in a record (the record itself is level 1). Real records
 * nest a few levels; a deeper one is rejected because JSON.stringify, structuredClone (worker
 * messages) and recursive views overflow the stack on nesting in the thousands.
 */
export const MAX_NESTING = 100;

/** Control characters (C0, C1, bidi overrides, line separators) shown as escapes in messages. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print on a terminal or a page: control characters become `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A short, printable preview of a JSON value for messages. */
function preview(value: unknown): string {
  if (typeof value === 'string') return printable(JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value));
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

const TOO_DEEP = 1;
const BIG_NUMBER = 2;

/**
 * One walk over a parsed value: TOO_DEEP when objects and arrays nest more than `levels` deep (a
 * flat object is 1), BIG_NUMBER when it holds a number beyond 2^53. It runs on every record, so
 * it allocates nothing (for-in and indexed loops) and stops at the first TOO_DEEP.
 */
function inspect(value: object, levels: number): number {
  if (levels === 0) return TOO_DEEP;
  let flags = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && !(flags & TOO_DEEP); i++) flags |= inspectChild(value[i], levels);
  } else {
    for (const key in value) {
      flags |= inspectChild((value as Record<string, unknown>)[key], levels);
      if (flags & TOO_DEEP) break;
    }
  }
  return flags;
}

function inspectChild(child: unknown, levels: number): number {
  if (typeof child === 'number') return child > Number.MAX_SAFE_INTEGER || child < -Number.MAX_SAFE_INTEGER ? BIG_NUMBER : 0;
  return typeof child === 'object' && child !== null ? inspect(child, levels - 1) : 0;
}

/**
 * Checks a value just parsed from `text`: a reason to reject it when it nests too deep, else
 * null, after giving integers beyond 2^53 their exact digits back from the text.
 */
function settle(value: unknown, text: string): string | null {
  if (!isObject(value)) return null;
  const flags = inspect(value, MAX_NESTING);
  if (flags & TOO_DEEP) return `record nests objects and arrays deeper than ${MAX_NESTING} levels`;
  if (flags & BIG_NUMBER) keepExactIntegers(text, value);
  return null;
}

/**
 * The kept record for an object read at `line` (null when it has neither `name` nor `action`):
 * the parser makes records with it, and so does the page for objects the load worker parsed
 * (see `wire.ts`). One literal shape per kind keeps property access monomorphic in the reducer.
 */
export function recordFrom(
  obj: Record<string, unknown>,
  file: string,
  fileIndex: number,
  line: number,
  time: number | null,
  issues?: Diagnostic[],
  tsCanonical = false,
): TraceRecord | null {
  const name = eventNameOf(obj.name);
  const data = dataOf(obj.data);
  const session = sessionOf(obj.session);
  if (name !== null) {
    return { kind: 'event', name, index: -1, file, fileIndex, line, time, session, raw: obj, data, issues, tsCanonical };
  }
  const action = actionNameOf(obj.action);
  if (action === null) return null;
  return { kind: 'action', action, index: -1, file, fileIndex, line, time, session, raw: obj, data, issues, tsCanonical };
}

/*
 * What a record object's keys mean, for `recordFrom` and for the page, which reads the same keys
 * from a wire batch without the object (`RecordDecoder.begin`).
 */

/** The event a record's `name` names: a non-empty string, else null (then `action` is read). */
export function eventNameOf(name: unknown): string | null {
  return typeof name === 'string' && name.length > 0 ? name : null;
}

/** The action a record's `action` names, without `ixn:`; null when it is not a non-empty string. */
export function actionNameOf(action: unknown): string | null {
  if (typeof action !== 'string' || action.length === 0) return null;
  return action.startsWith('ixn:') ? action.slice(4) : action;
}

/** A record's `data` when it is an object, else a new empty one. */
export function dataOf(data: unknown): Record<string, unknown> {
  return isObject(data) ? data : {};
}

/** A record's `session` as text, `default` when it has none. */
export function sessionOf(session: unknown): string {
  return idText(session) ?? 'default';
}

/**
 * The record a line already read once (and kept) makes again, given what the first reading found
 * out from the lines before it: its time and its time diagnostics. Throws if the line is not a
 * record after all.
 */
export function recordFromLine(
  text: string,
  file: string,
  fileIndex: number,
  line: number,
  time: number | null,
  issues: Diagnostic[] | undefined,
): TraceRecord {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const value: unknown = JSON.parse(body);
  if (!isObject(value) || settle(value, body) !== null) throw new Error(`${file}:${line}: not the record it was`);
  const record = recordFrom(value, file, fileIndex, line, time, issues);
  if (record === null) throw new Error(`${file}:${line}: not the record it was`);
  return record;
}

/** Gzip streams start with the magic bytes 1f 8b: detection never trusts the file name. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

type Mode = 'detect' | 'ndjson' | 'array';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

const MiB = 1024 * 1024;

export class TraceParser {
  readonly file: string;
  readonly fileIndex: number;
  private readonly maxLineChars: number;
  /** Longest line scanned from its bytes: `MAX_SCANNED_LINE`, or the line limit when lower. */
  private readonly maxScanned: number;
  private readonly onRecord: ((record: TraceRecord) => void) | null;
  private readonly lineSink: ScannedLineSink | null;
  private readonly scanner: LineScanner | null;
  private decoder = new TextDecoder('utf-8');
  /**
   * Decodes the whole lines of a chunk `scanLine` declined (see `feedBytes`), keeping a BOM at
   * their start as the stream's decoder does (it drops only the file's first).
   */
  private lineDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private mode: Mode = 'detect';
  private pending = '';
  private line = 0;
  private skippingLongLine = false;
  private lastTime: number | null = null;
  private out: ParseOutput = { records: [], diagnostics: [], rejected: 0 };
  private started = false;
  // JSON array scanning state.
  private array = new ArrayScanner();

  constructor(file: string, fileIndex = 0, options: ParserOptions = {}) {
    this.file = file;
    this.fileIndex = fileIndex;
    this.maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
    this.maxScanned = Math.min(this.maxLineChars, MAX_SCANNED_LINE);
    this.onRecord = options.onRecord ?? null;
    this.lineSink = options.lines ?? null;
    this.scanner = this.lineSink === null ? null : new LineScanner();
    if (options.ndjson) this.mode = 'ndjson';
  }

  /** Lines read so far (a last line without its newline counts once `end` has run). */
  get lines(): number {
    return this.line;
  }

  /** The time of the last record with a valid `ts`: the one the next record without `ts` takes. */
  get lastTs(): number | null {
    return this.lastTime;
  }

  /** Feeds a chunk; returns what became readable. */
  push(chunk: Uint8Array | string): ParseOutput {
    if (this.scanner !== null && this.mode === 'ndjson' && typeof chunk !== 'string') {
      this.feedBytes(chunk);
      return this.take();
    }
    this.releaseCarry();
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.feed(text);
    return this.take();
  }

  /** Ends the input; returns the rest. */
  end(): ParseOutput {
    this.releaseCarry();
    const tail = this.decoder.decode();
    if (tail) this.feed(tail);
    if (this.mode === 'array') {
      this.finishArray();
    } else if (this.skippingLongLine) {
      this.skippingLongLine = false;
    } else if (this.pending.length > 0) {
      this.line++;
      const text = this.pending;
      this.pending = '';
      this.handleLine(text);
    }
    return this.take();
  }

  private take(): ParseOutput {
    const out = this.out;
    this.out = { records: [], diagnostics: [], rejected: 0 };
    return out;
  }

  private feed(text: string): void {
    if (this.mode === 'detect') {
      this.pending += text;
      const first = this.pending.search(/\S/);
      if (first === -1) {
        // Only white space so far: count the blank lines it finished and keep the unfinished one.
        const lastNl = this.pending.lastIndexOf('\n');
        if (lastNl !== -1) {
          for (let i = 0; i <= lastNl; i++) if (this.pending.charCodeAt(i) === 10) this.line++;
        }
        // The unfinished line is white space too: it needs no keeping (and a file of spaces stays small).
        this.pending = '';
        return;
      }
      this.mode = this.pending[first] === '[' ? 'array' : 'ndjson';
      text = this.pending;
      this.pending = '';
    }
    if (this.mode === 'array') {
      this.array.feed(text, this.maxLineChars);
      return;
    }
    this.feedLines(text);
  }

  /**
   * The bytes of the unfinished line a chunk fed as bytes ended with (`carried` of them), kept as
   * bytes so the line is scanned when the next chunk ends it. Null while the decoder and `pending`
   * may hold part of a line (before the first chunk fed as bytes, and after a rest too long to
   * scan): the next chunk's first line then goes through them.
   */
  private carry: Uint8Array | null = null;
  private carried = 0;

  /**
   * An NDJSON chunk with a line sink: its lines are scanned from its bytes, without decoding them
   * (`scanLine`), and only those the scanner declines are decoded and parsed. A line cut by the
   * chunk's end waits as bytes (`carry`) for the next chunk. What the decoder and `pending` hold
   * (the first chunk's first line, a line too long to scan) goes through them and `feedLines` as
   * before: a newline byte never falls inside a UTF-8 sequence, so the decoder reads the same.
   */
  private feedBytes(chunk: Uint8Array): void {
    const first = chunk.indexOf(10);
    let start = 0;
    if (this.carry === null) {
      // The decoder may hold part of the line this chunk ends.
      this.feedLines(this.decoder.decode(first === -1 ? chunk : chunk.subarray(0, first + 1), { stream: true }));
      if (first === -1) return;
      start = first + 1;
    } else if (this.carried > 0) {
      start = this.endCarried(chunk, first);
      if (start < 0) return;
    }
    const last = chunk.lastIndexOf(10);
    if (start <= last) start = this.scanLines(chunk, start, last);
    this.keepRest(chunk, start);
  }

  /** Scans the lines of `chunk` from `start` to its newline at `last`; the position after it. */
  private scanLines(chunk: Uint8Array, start: number, last: number): number {
    const cap = this.maxScanned;
    while (start <= last) {
      this.line++;
      // The scanner finds where a line it takes ends; only the others are searched for it.
      let nl = this.scanLine(chunk, start, Math.min(last + 1, start + cap + 1));
      if (nl < 0) {
        nl = chunk.indexOf(10, start);
        this.handleLine(this.lineDecoder.decode(chunk.subarray(start, nl)));
      }
      start = nl + 1;
    }
    return start;
  }

  /**
   * Adds the head of `chunk` (to its first newline, at `first`, or all of it when -1) to the
   * line `carry` holds: when it ends the line, reads the line and gives the position after it;
   * else -1.
   */
  private endCarried(chunk: Uint8Array, first: number): number {
    const carry = this.carry as Uint8Array;
    const head = first === -1 ? chunk.length : first + 1;
    if (this.carried + head > carry.length) {
      // Too long to scan: the line goes to the decoder, and so does the chunk's rest when it does not end it.
      this.releaseCarry();
      this.feedLines(this.decoder.decode(chunk.subarray(0, head), { stream: true }));
      return first === -1 ? -1 : head;
    }
    carry.set(first === -1 ? chunk : chunk.subarray(0, head), this.carried);
    this.carried += head;
    if (first === -1) return -1;
    const n = this.carried;
    this.carried = 0;
    this.line++;
    if (this.scanLine(carry, 0, n) < 0) this.handleLine(this.lineDecoder.decode(carry.subarray(0, n - 1)));
    return head;
  }

  /** Keeps the bytes of `chunk` from `start` (a line it does not end) for the next chunk. */
  private keepRest(chunk: Uint8Array, start: number): void {
    const cap = this.maxScanned;
    const rest = chunk.length - start;
    if (rest > cap) {
      this.carry = null;
      this.feedLines(this.decoder.decode(chunk.subarray(start), { stream: true }));
      return;
    }
    // Room for a line of `cap` bytes and its newline.
    this.carry ??= new Uint8Array(cap + 1);
    if (rest > 0) this.carry.set(chunk.subarray(start), 0);
    this.carried = rest;
  }

  /** Hands the bytes of an unfinished line kept by `feedBytes` to the decoder (the input ends or turns to text). */
  private releaseCarry(): void {
    if (this.carry === null) return;
    const bytes = this.carry.subarray(0, this.carried);
    this.carry = null;
    this.carried = 0;
    if (bytes.length > 0) this.feedLines(this.decoder.decode(bytes, { stream: true }));
  }

  private feedLines(text: string): void {
    let start = 0;
    if (this.skippingLongLine) {
      const nl = text.indexOf('\n');
      if (nl === -1) return;
      this.skippingLongLine = false;
      start = nl + 1;
    }
    let buffer = text;
    if (this.pending.length > 0) {
      // The unfinished line holds no newline: while the chunk brings none either, append without
      // rescanning, and give up on the line as soon as it is too long.
      if (text.indexOf('\n', start) === -1) {
        if (this.pending.length + text.length - start > this.maxLineChars) this.skipLongLine();
        else this.pending += text.slice(start);
        return;
      }
      buffer = this.pending + text.slice(start);
      start = 0;
      this.pending = '';
    }
    for (;;) {
      const nl = buffer.indexOf('\n', start);
      if (nl === -1) break;
      this.line++;
      this.handleLine(buffer.slice(start, nl));
      start = nl + 1;
    }
    const rest = buffer.length - start;
    if (rest > this.maxLineChars) this.skipLongLine();
    else this.pending = rest > 0 ? buffer.slice(start) : '';
  }

  /** Rejects the unfinished line and drops the rest of it up to its newline. */
  private skipLongLine(): void {
    this.line++;
    this.reject('parse-error', this.line,
      `line is longer than ${Math.round(this.maxLineChars / MiB)} MiB; skipped without reading it`);
    this.skippingLongLine = true;
    this.pending = '';
  }

  /**
   * Takes the line from `start` of `bytes` (ending at a newline before `limit`) through the line
   * sink when it is plain (lineScan.ts) and a record this parser keeps without a word (`toRecord`
   * with no issue): the position of its newline. -1 leaves it to `handleLine`, which says what is
   * wrong with it, if anything.
   */
  private scanLine(bytes: Uint8Array, start: number, limit: number): number {
    const scanner = this.scanner;
    if (scanner === null) return -1;
    const nl = scanner.scanLine(bytes, start, limit);
    if (nl < 0) return -1;
    // As `recordFrom`: an event has a non-empty name; else a request a non-empty action.
    if (!scanner.nonEmptyString(scanner.name) && !scanner.nonEmptyString(scanner.action)) return -1;
    let time = this.lastTime;
    let timeTs = false;
    const ts = scanner.tsAt;
    if (ts >= 0 && scanner.kind(ts) !== SCAN_NULL) {
      if (scanner.kind(ts) !== SCAN_STRING) return -1;
      const ms = canonicalIsoMsAt(bytes, scanner.tokens[ts + 1], scanner.tokens[ts + 2]);
      // Other forms of ts, and a time earlier than the last one's, are for `toRecord` to read.
      if (ms === null || (time !== null && ms < time)) return -1;
      time = ms;
      timeTs = true;
    }
    (this.lineSink as ScannedLineSink).addScanned(scanner, bytes, this.line, this.fileIndex, time, timeTs);
    this.lastTime = time;
    return nl;
  }

  private handleLine(text: string): void {
    // A BOM inside the file: files joined with `cat` keep the BOM of each.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let c = text.charCodeAt(0);
    if (c !== 123 /* { */) {
      const trimmed = text.trim();
      if (trimmed.length === 0 || trimmed[0] === '#') return;
      c = trimmed.charCodeAt(0);
    }
    if (text.length > this.maxLineChars) {
      this.reject('parse-error', this.line, `line is longer than ${Math.round(this.maxLineChars / MiB)} MiB`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.reject('parse-error', this.line, `not valid JSON: ${printable((err as Error).message)}`);
      return;
    }
    const problem = settle(value, text);
    if (problem !== null) this.reject('parse-error', this.line, problem);
    else this.handleValue(value, this.line);
  }

  private handleValue(value: unknown, line: number): void {
    if (!isObject(value)) {
      this.reject('parse-error', line, `JSON value is ${describeJson(value)}, not an object`);
      return;
    }
    const record = this.toRecord(value, line);
    if (record === null) return;
    if (this.onRecord !== null) this.onRecord(record);
    else this.out.records.push(record);
  }

  private toRecord(obj: Record<string, unknown>, line: number): TraceRecord | null {
    const record = recordFrom(obj, this.file, this.fileIndex, line, this.lastTime);
    if (record === null) {
      this.reject('missing-name', line, 'record has neither "name" (an event) nor "action" (a request)');
      return null;
    }
    const ts = obj.ts;
    if (ts === undefined || ts === null) return record;
    // The common shape first: read, it is also known to be the text `formatIso` makes of the time.
    const canonical = typeof ts === 'string' ? canonicalIsoMs(ts) : null;
    if (canonical !== null) record.tsCanonical = true;
    const ms = canonical ?? tsMillis(ts);
    if (!Number.isNaN(ms)) {
      if (this.lastTime !== null && ms < this.lastTime) {
        record.issues = this.diagnose(record.issues, 'time-regression', line, record.session, record.data,
          `ts ${new Date(ms).toISOString()} is earlier than the record before it (${new Date(this.lastTime).toISOString()}); kept in file order`);
      }
      record.time = ms;
      this.lastTime = ms;
    } else {
      record.issues = this.diagnose(record.issues, 'bad-timestamp', line, record.session, record.data,
        `ts ${preview(obj.ts)} is neither ISO-8601 nor epoch milliseconds; the record takes the time before it`);
    }
    return record;
  }

  private reject(rule: RuleId, line: number, message: string): void {
    this.out.rejected++;
    this.out.diagnostics.push({
      severity: RULE_SEVERITY[rule],
      rule,
      file: this.file,
      line,
      interactionid: null,
      message,
      session: null,
      fileIndex: this.fileIndex,
      recordIndex: -1,
    });
  }

  private diagnose(
    issues: Diagnostic[] | undefined,
    rule: RuleId,
    line: number,
    session: string,
    data: Record<string, unknown>,
    message: string,
  ): Diagnostic[] {
    const list = issues ?? [];
    list.push({
      severity: RULE_SEVERITY[rule],
      rule,
      file: this.file,
      line,
      interactionid: idText(data.interactionid) ?? idText(data.tointeractionid),
      message,
      session,
      fileIndex: this.fileIndex,
      recordIndex: -1,
    });
    return list;
  }

  private finishArray(): void {
    const result = this.array.finish();
    if (result.error !== null) {
      this.reject('parse-error', 1, `JSON array does not parse: ${result.error}`);
      return;
    }
    for (let i = 0; i < result.elements.length; i++) {
      const problem = result.problems[i];
      if (problem !== null) this.reject('parse-error', i + 1, problem);
      else this.handleValue(result.elements[i], i + 1);
    }
  }
}

/**
 * Splits a JSON array into its elements while text streams in. "A JSON array that does not parse
 * is one parse-error at line 1", so elements are only handed out once the whole array parsed.
 */
class ArrayScanner {
  private buffer = '';
  private pos = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private elementStart = -1;
  private closed = false;
  private opened = false;
  private error: string | null = null;
  readonly elements: unknown[] = [];
  /** Per element: why it cannot be a record though it parsed (see `settle`), else null. */
  readonly problems: (string | null)[] = [];

  feed(text: string, maxElementChars: number): void {
    if (this.error !== null) return;
    this.buffer += text;
    const buf = this.buffer;
    let i = this.pos;
    for (; i < buf.length && this.error === null; i++) {
      const c = buf.charCodeAt(i);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.closed) {
        this.error = `unexpected text after the closing ]`;
        break;
      }
      if (!this.opened) {
        if (c === 91) {
          this.opened = true;
          this.depth = 1;
        } else this.error = 'expected [';
        continue;
      }
      if (this.depth === 1 && this.elementStart < 0 && c !== 44 && c !== 93) this.elementStart = i;
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === 0) {
          if (this.elementStart >= 0) this.element(buf.slice(this.elementStart, i));
          else if (this.elements.length > 0) this.error = 'trailing comma before ]';
          this.elementStart = -1;
          this.closed = true;
        }
      } else if (c === 44 && this.depth === 1) {
        if (this.elementStart < 0) this.error = `empty element at index ${this.elements.length + 1}`;
        else this.element(buf.slice(this.elementStart, i));
        this.elementStart = -1;
      }
    }
    if (this.error !== null) {
      this.buffer = '';
      return;
    }
    const keepFrom = this.elementStart >= 0 ? this.elementStart : i;
    if (i - keepFrom > maxElementChars) {
      this.error = `element ${this.elements.length + 1} is longer than ${Math.round(maxElementChars / MiB)} MiB`;
      this.buffer = '';
      return;
    }
    this.buffer = buf.slice(keepFrom);
    if (this.elementStart >= 0) this.elementStart = 0;
    this.pos = i - keepFrom;
  }

  private element(text: string): void {
    try {
      const value: unknown = JSON.parse(text);
      this.problems.push(settle(value, text));
      this.elements.push(value);
    } catch (err) {
      this.error = `element ${this.elements.length + 1}: ${printable((err as Error).message)}`;
    }
  }

  finish(): { error: string | null; elements: unknown[]; problems: (string | null)[] } {
    if (this.error === null && !this.closed) this.error = 'the array is not closed (missing ])';
    return { error: this.error, elements: this.elements, problems: this.problems };
  }
}
