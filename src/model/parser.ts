/**
 * Streaming trace parser (trace-format.md section 1): NDJSON, or a JSON array when the first
 * non-space character is `[`. Chunks go in as bytes or text, records and diagnostics come out;
 * a file is never held as one string, and a line longer than `maxLineChars` is rejected without
 * being buffered.
 */
import { readTs } from './time';
import { RULE_SEVERITY, type Diagnostic, type RuleId, type TraceRecord } from './types';
import { idText } from './ids';

export interface ParseOutput {
  records: TraceRecord[];
  diagnostics: Diagnostic[];
  /** Lines (or array elements) that could not be read as records. */
  rejected: number;
}

export interface ParserOptions {
  /** Longest line (or array element) accepted, in UTF-16 code units. */
  maxLineChars?: number;
}

export const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

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
  private decoder = new TextDecoder('utf-8');
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
  }

  /** Feeds a chunk; returns what became readable. */
  push(chunk: Uint8Array | string): ParseOutput {
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
          this.pending = this.pending.slice(lastNl + 1);
        }
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
    if (rest > this.maxLineChars) {
      this.line++;
      this.reject('parse-error', this.line,
        `line is longer than ${Math.round(this.maxLineChars / MiB)} MiB; skipped without reading it`);
      this.skippingLongLine = true;
      this.pending = '';
    } else {
      this.pending = rest > 0 ? buffer.slice(start) : '';
    }
  }

  private handleLine(text: string): void {
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
      this.reject('parse-error', this.line, `not valid JSON: ${(err as Error).message}`);
      return;
    }
    this.handleValue(value, this.line);
  }

  private handleValue(value: unknown, line: number): void {
    if (!isObject(value)) {
      this.reject('parse-error', line, `JSON value is ${describeJson(value)}, not an object`);
      return;
    }
    const record = this.toRecord(value, line);
    if (record) this.out.records.push(record);
  }

  private toRecord(obj: Record<string, unknown>, line: number): TraceRecord | null {
    const name = typeof obj.name === 'string' && obj.name.length > 0 ? obj.name : null;
    const rawAction = typeof obj.action === 'string' && obj.action.length > 0 ? obj.action : null;
    if (name === null && rawAction === null) {
      this.reject('missing-name', line, 'record has neither "name" (an event) nor "action" (a request)');
      return null;
    }
    const data = isObject(obj.data) ? obj.data : {};
    const session = idText(obj.session) ?? 'default';
    let time = this.lastTime;
    let issues: Diagnostic[] | undefined;
    const ts = readTs(obj.ts);
    if (ts.kind === 'ok') {
      if (this.lastTime !== null && ts.ms < this.lastTime) {
        issues = this.diagnose(issues, 'time-regression', line, session, data,
          `ts ${new Date(ts.ms).toISOString()} is earlier than the record before it (${new Date(this.lastTime).toISOString()}); kept in file order`);
      }
      time = ts.ms;
      this.lastTime = ts.ms;
    } else if (ts.kind === 'bad') {
      issues = this.diagnose(issues, 'bad-timestamp', line, session, data,
        `ts ${JSON.stringify(obj.ts)?.slice(0, 80)} is neither ISO-8601 nor epoch milliseconds; the record takes the time before it`);
    }
    const base = {
      index: -1,
      file: this.file,
      fileIndex: this.fileIndex,
      line,
      time,
      session,
      raw: obj,
      data,
      issues,
    };
    if (name !== null) return { ...base, kind: 'event', name };
    const action = rawAction!.startsWith('ixn:') ? rawAction!.slice(4) : rawAction!;
    return { ...base, kind: 'action', action };
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
    for (let i = 0; i < result.elements.length; i++) this.handleValue(result.elements[i], i + 1);
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
      this.elements.push(JSON.parse(text));
    } catch (err) {
      this.error = `element ${this.elements.length + 1}: ${(err as Error).message}`;
    }
  }

  finish(): { error: string | null; elements: unknown[] } {
    if (this.error === null && !this.closed) this.error = 'the array is not closed (missing ])';
    return { error: this.error, elements: this.elements };
  }
}
