/**
 * How a batch of records crosses from the load worker to the page: as a wire batch
 * (`src/model/wire.ts`), a token stream in typed arrays that are transferred, not copied, plus
 * the strings new to this load. The page rebuilds the objects without scanning JSON text again,
 * and names, keys, sessions, ids and states come out of one table: a million records bring a few
 * hundred thousand distinct strings. Every number crosses as it is (-0 and infinities too).
 */
import { actionNameOf, dataOf, eventNameOf, recordFrom, sessionOf } from '../model/parser';
import type { LineScanner } from '../model/lineScan';
import type { ActionRecord, Diagnostic, EventRecord, TraceRecord } from '../model/types';
import type { RecordSegment } from '../model/records';
import { WireDecoder, WireEncoder, type RecordParts, type WireBatch, type WireRecord, type WireSegment } from '../model/wire';
import type { WorkerMessage } from './protocol';

export interface EncodedRecords {
  count: number;
  wire: WireBatch;
  /** Names of the files the records come from, by file index. */
  files: [number, string][];
}

/** Encodes the batches of one load, in order, for one `RecordDecoder`. */
export class RecordEncoder {
  private readonly wire: WireEncoder;
  private files: [number, string][] = [];
  private lastFile = -1;

  /** `expectedStrings`: see `WireEncoder`. */
  constructor(expectedStrings = 0) {
    this.wire = new WireEncoder(expectedStrings);
  }

  encode(records: readonly TraceRecord[]): EncodedRecords {
    for (let i = 0; i < records.length; i++) this.add(records[i]);
    return this.take();
  }

  /** Records added since the last `take`. */
  get size(): number {
    return this.wire.size;
  }

  /** Encodes one more record of the next batch (see `WireEncoder.add`). */
  add(record: TraceRecord): void {
    this.from(record.fileIndex, record.file);
    this.wire.add(record);
  }

  /** Encodes one more record of file `file`, from the tokens the parser scanned (see `WireEncoder.addScanned`). */
  addScanned(file: string, scanner: LineScanner, bytes: Uint8Array, line: number, fileIndex: number, time: number | null, timeTs: boolean): void {
    this.from(fileIndex, file);
    this.wire.addScanned(scanner, bytes, line, fileIndex, time, timeTs);
  }

  private from(fileIndex: number, file: string): void {
    if (fileIndex !== this.lastFile) {
      this.lastFile = fileIndex;
      if (!this.files.some(([i]) => i === fileIndex)) this.files.push([fileIndex, file]);
    }
  }

  /** The batch of the records added since the last `take`. */
  take(): EncodedRecords {
    const wire = this.wire.take();
    const files = this.files;
    this.files = [];
    this.lastFile = -1;
    return { count: wire.count, wire, files };
  }
}

/** The buffers a worker message can transfer instead of copying: a batch's records. */
export function transferables(message: WorkerMessage): ArrayBuffer[] {
  if (message.type !== 'batch') return [];
  const { wire } = message.records;
  return [wire.ints.buffer, wire.nums.buffer, wire.search.tokens.buffer, wire.search.ends.buffer];
}

/** Decodes the batches of one load, in the order they were encoded. */
export class RecordDecoder {
  private readonly wire = new WireDecoder();
  private readonly files = new Map<number, string>();

  decode(encoded: EncodedRecords): TraceRecord[] {
    return this.decodeSegment(encoded).records;
  }

  /**
   * The batch's records, whole (`raw` included), and a segment that rebuilds any of them later
   * (kept by `RecordList`).
   */
  decodeSegment(encoded: EncodedRecords): { records: TraceRecord[]; segment: RecordSegment } {
    this.learnFiles(encoded);
    const { records: wire, segment: wireSegment } = this.wire.decodeSegment(encoded.wire);
    const records = wire.map((w, k) => this.record(w, k));
    return { records, segment: this.segmentOf(encoded, wireSegment) };
  }

  /** The names of the files the batch's records come from (a batch names each file once). */
  private learnFiles(encoded: EncodedRecords): void {
    for (const [i, name] of encoded.files) this.files.set(i, name);
  }

  private segmentOf(encoded: EncodedRecords, wireSegment: WireSegment): RecordSegment {
    return {
      count: wireSegment.count,
      record: (k) => this.record(this.wire.decodeAt(wireSegment, k), k),
      search: { ...encoded.wire.search, table: this.wire.strings },
    };
  }

  /**
   * Reads a batch a few records at a time (`next(n)`, an empty list at the end), so that only the
   * records being applied are alive; `segment` rebuilds any record already read. The records
   * `next` returns are for applying: each reads its `raw` object again from the batch when asked
   * (see `AppliedEvent`).
   */
  begin(encoded: EncodedRecords): { segment: RecordSegment; next(n: number): TraceRecord[] } {
    this.learnFiles(encoded);
    const reading = this.wire.begin(encoded.wire);
    const segment = this.segmentOf(encoded, reading.segment);
    const make = (parts: RecordParts, position: number): TraceRecord => this.applied(parts, segment, position);
    return { segment, next: (n) => this.wire.nextParts(reading, n, make) };
  }

  /** The record of `parts`, as `recordFrom` makes it from its object, but for `raw`. */
  private applied(parts: RecordParts, segment: RecordSegment, position: number): TraceRecord {
    const file = this.files.get(parts.fileIndex) ?? '';
    const name = eventNameOf(parts.name);
    const data = dataOf(parts.data);
    const session = sessionOf(parts.session);
    if (name !== null) return new AppliedEvent(name, parts, file, session, data, segment, position);
    const action = actionNameOf(parts.action);
    if (action === null) throw new Error(`batch record ${position} (line ${parts.line}) has neither name nor action`);
    return new AppliedAction(action, parts, file, session, data, segment, position);
  }

  private record(w: WireRecord, position: number): TraceRecord {
    const record = recordFrom(w.raw, this.files.get(w.fileIndex) ?? '', w.fileIndex, w.line, w.time, w.issues, w.tsCanonical);
    if (record === null) throw new Error(`batch record ${position} (line ${w.line}) has neither name nor action`);
    return record;
  }
}

/**
 * A record decoded to be applied (`RecordDecoder.begin`'s `next`): the fields `recordFrom` sets,
 * but `raw`, a getter that decodes the record again from its batch. The load path never reads
 * it (the reducer and the record list do not), so a load builds neither the record's object nor
 * the text of its `ts`; whoever asks still gets the whole record. One subclass per kind, as
 * `recordFrom` has two literals: the reducer's property reads see two shapes either way.
 */
abstract class AppliedRecord {
  index = -1;
  readonly file: string;
  readonly fileIndex: number;
  readonly line: number;
  readonly time: number | null;
  readonly session: string;
  readonly data: Record<string, unknown>;
  readonly issues: Diagnostic[] | undefined;
  readonly tsCanonical: boolean;
  readonly #segment: RecordSegment;
  readonly #position: number;

  constructor(parts: RecordParts, file: string, session: string, data: Record<string, unknown>, segment: RecordSegment, position: number) {
    this.file = file;
    this.fileIndex = parts.fileIndex;
    this.line = parts.line;
    this.time = parts.time;
    this.session = session;
    this.data = data;
    this.issues = parts.issues;
    this.tsCanonical = parts.tsCanonical;
    this.#segment = segment;
    this.#position = position;
  }

  get raw(): Record<string, unknown> {
    return this.#segment.record(this.#position).raw;
  }
}

class AppliedEvent extends AppliedRecord implements EventRecord {
  readonly kind = 'event';
  constructor(
    readonly name: string,
    parts: RecordParts,
    file: string,
    session: string,
    data: Record<string, unknown>,
    segment: RecordSegment,
    position: number,
  ) {
    super(parts, file, session, data, segment, position);
  }
}

class AppliedAction extends AppliedRecord implements ActionRecord {
  readonly kind = 'action';
  constructor(
    readonly action: string,
    parts: RecordParts,
    file: string,
    session: string,
    data: Record<string, unknown>,
    segment: RecordSegment,
    position: number,
  ) {
    super(parts, file, session, data, segment, position);
  }
}
