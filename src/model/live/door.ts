/**
 * Validation at the door: what a publisher sends is read by the model's own `TraceParser`, so a
 * line the relay accepts is exactly a line the app keeps, and a refused line carries the reason
 * the parser gives (`parse-error`, `missing-name`) with its line number. Nothing refused is ever
 * broadcast.
 */
import { TraceParser } from '../parser';
import type { RejectedLine } from './protocol';

/** A record let in: the object as parsed, and its line exactly as sent when that can be reused. */
export interface AdmittedRecord {
  record: Record<string, unknown>;
  /** The trimmed source line (NDJSON input), so the relay forwards the publisher's own bytes. */
  text: string | null;
}

export interface AdmittedBatch {
  records: AdmittedRecord[];
  rejected: RejectedLine[];
}

/**
 * Reads one publisher message (a WebSocket frame) or one POST body, chunk by chunk. Lines are
 * numbered from 1 within the message. A body whose first character is `[` is read as a JSON
 * array of records, like a trace file.
 *
 * Beside the parser it keeps the text of each line the parser accepts: forwarding that text
 * (with `seq` spliced in) costs nothing, where serialising the parsed object again would cost
 * as much as parsing it, and the viewer gets exactly the digits the publisher wrote.
 */
export class RecordDoor {
  private readonly parser: TraceParser;
  private readonly maxLineChars: number;
  private readonly decoder = new TextDecoder('utf-8');
  private mode: 'detect' | 'ndjson' | 'array' = 'detect';
  private carry = '';
  /** The unfinished line grew past the limit: its text is not kept (the parser rejects it). */
  private carryDropped = false;
  private line = 0;

  constructor(source: string, maxLineChars: number) {
    this.parser = new TraceParser(source, 0, { maxLineChars });
    this.maxLineChars = maxLineChars;
  }

  push(chunk: string | Uint8Array): AdmittedBatch {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.take(this.parser.push(text), this.lines(text, false));
  }

  end(): AdmittedBatch {
    const tail = this.decoder.decode();
    const lines = this.lines(tail, true);
    return this.take(this.parser.end(), lines);
  }

  /** Texts of the lines that `text` completes, by line number. */
  private lines(text: string, final: boolean): Map<number, string> {
    const done = new Map<number, string>();
    if (this.mode === 'detect') {
      const first = text.search(/\S/);
      if (first !== -1) this.mode = text[first] === '[' && this.carry.trim() === '' ? 'array' : 'ndjson';
    }
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      this.line++;
      if (!this.carryDropped) done.set(this.line, this.carry + text.slice(start, nl));
      this.carry = '';
      this.carryDropped = false;
      start = nl + 1;
    }
    if (!this.carryDropped) {
      this.carry += text.slice(start);
      if (this.carry.length > this.maxLineChars) {
        this.carry = '';
        this.carryDropped = true;
      }
    }
    if (final && (this.carry.length > 0 || this.carryDropped)) {
      this.line++;
      if (!this.carryDropped) done.set(this.line, this.carry);
      this.carry = '';
    }
    return done;
  }

  private take(out: ReturnType<TraceParser['push']>, lines: Map<number, string>): AdmittedBatch {
    const array = this.mode === 'array';
    return {
      records: out.records.map((r) => ({ record: r.raw, text: array ? null : (lines.get(r.line)?.trim() ?? null) })),
      rejected: out.diagnostics.map((d) => ({ line: d.line, reason: `${d.rule}: ${d.message}` })),
    };
  }
}

/** Reads a whole message at once. */
export function admitMessage(text: string, maxLineChars: number): AdmittedBatch {
  const door = new RecordDoor('publish', maxLineChars);
  const a = door.push(text);
  const b = door.end();
  return { records: a.records.concat(b.records), rejected: a.rejected.concat(b.rejected) };
}

/**
 * Serialises a record with the server's `seq` first. A record that already carried a `seq`
 * (a publisher's own counter, or a recorded session replayed) keeps it as `originalSeq`:
 * unknown fields are kept, never dropped.
 */
export function stampSeq(record: Record<string, unknown>, seq: number, text: string | null = null): string {
  if (!Object.hasOwn(record, 'seq')) {
    // The record has a name or action, so its JSON text is a non-empty object: `{"seq":N,` fits.
    const body = text !== null && text.charCodeAt(0) === 123 ? text : JSON.stringify(record);
    return /^\{\s*\}$/.test(body) ? `{"seq":${seq}}` : `{"seq":${seq},${body.slice(1)}`;
  }
  const { seq: original, ...rest } = record;
  return JSON.stringify({ seq, ...rest, originalSeq: original });
}
