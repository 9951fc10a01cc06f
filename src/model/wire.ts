/**
 * How parsed records cross from a parsing thread (the app's load worker)
 * to the thread that reduces them: as a flat token stream in typed arrays plus a table of strings
 * sent once. The receiving side rebuilds the same objects `JSON.parse` made, without scanning
 * text: names, keys, ids, states and resources arrive as positions in a string table the two
 * sides grow together, so a million records bring a few hundred thousand distinct strings, each
 * copied once. The typed arrays are transferred, not copied.
 *
 * Which strings go in the table: every key and value up to `MAX_INTERNED` long but the values
 * of `LITERAL_VALUES` (a record's `ts` is its own). The receiving thread is the busy one (it
 * reduces and draws): a table string costs it nothing, is one object however many records name
 * it, and keeps its hash for the Maps it is looked up in; the sending thread pays the lookups.
 * Long text travels as literals.
 *
 * Token stream (Int32): a value is
 *   n >= 0   the string at position n of the table
 *   NULL, TRUE, FALSE
 *   NUMBER   the next number of `nums` (any double: -0, infinities and NaN stay as they are)
 *   LITERAL  the next string of `literals` (strings not worth a table entry: timestamps, long text)
 *   TIME_TS  (a record's own `ts` only) the text `formatIso` makes of the record's time
 *   OBJECT n then n pairs of key (a table position or LITERAL) and value
 *   ARRAY n  then n values
 * and a record is its line, its file's index, its time (in `nums`, NaN when null), its issue
 * count (issues go in `issues`), then its raw object.
 *
 * A batch also brings its records' search texts (`WireSearch`): the texts a free-text search
 * reads in a record's data (see `forEachText` in filter.ts), as table positions or ids of the
 * load's other texts, found in the same walk that encodes the data (a string's position is the
 * one just written). The page then indexes a million records by copying integers (it did a
 * second of work after each 1M load when it walked them).
 */
import { ARRAY as SCAN_ARRAY, FALSE as SCAN_FALSE, NULL as SCAN_NULL, NUMBER as SCAN_NUMBER, OBJECT as SCAN_OBJECT, STRING as SCAN_STRING, TEXT as SCAN_TEXT, asciiText, stringHash, type LineScanner } from './lineScan';
import { formatIso, isIsoOf } from './time';
import type { Diagnostic } from './types';

const NULL = -1;
const TRUE = -2;
const FALSE = -3;
const NUMBER = -4;
const LITERAL = -5;
const OBJECT = -6;
const ARRAY = -7;
/** A record's top-level `ts` that is exactly `formatIso` of its time: rebuilt from the time. */
const TIME_TS = -8;

const NO_BYTES = new Uint8Array(0);
/** Slots of `StringTable`'s cache of recent positions. */
const RECENT_MASK = (1 << 14) - 1;

/** Strings longer than this go as literals: ids, names and states are short, free text rarely repeats. */
const MAX_INTERNED = 64;
/** The table stops growing here (both sides hold it); later new strings go as literals. */
const MAX_TABLE = 1 << 20;

const CACHE_MASK = (1 << 16) - 1;

/** The depth `WireEncoder.object` is given for a record's own object (not inside its data). */
const RECORD = -2;

/** Keys whose string values are unique to a record: never worth a table entry. */
const LITERAL_VALUES = new Set(['ts']);

/** A record as the parser hands it over: where it came from, its time, and the object read. */
export interface WireRecord {
  line: number;
  fileIndex: number;
  time: number | null;
  raw: Record<string, unknown>;
  issues?: Diagnostic[];
  /** Whether `raw.ts` is exactly `formatIso(time)`, when the parser knows (see `TraceRecord`). */
  tsCanonical?: boolean;
}

export interface WireBatch {
  count: number;
  ints: Int32Array<ArrayBuffer>;
  nums: Float64Array<ArrayBuffer>;
  /** Strings added to the table by this batch, in position order. */
  strings: string[];
  literals: string[];
  issues: Diagnostic[];
  search: WireSearch;
}

/**
 * The search texts of a batch's records' data, in the order `forEachText` (filter.ts) finds
 * them. A token n >= 0 is the string at position n of the table; n < 0 is the load's other text
 * -1 - n: a string not in the table, or a number or boolean as text.
 */
export interface WireSearch {
  tokens: Int32Array<ArrayBuffer>;
  /** Where each record's tokens end in `tokens` (record r's start where record r - 1's end). */
  ends: Int32Array<ArrayBuffer>;
  /** The load's other texts new in this batch, lower-cased, with ids `extraBase`, `extraBase + 1`... */
  extras: string[];
  extraBase: number;
}

/** Encodes batches of one stream; keeps the string table the matching `WireDecoder` grows. */
export class WireEncoder {
  private readonly table: StringTable;
  // Direct-mapped caches in front of the table, indexed by a hash of a few characters: a hit
  // costs an `===`, where the Map would hash every character of a fresh string.
  private readonly valueStrs: (string | undefined)[] = new Array(CACHE_MASK + 1).fill(undefined);
  private readonly valueIds = new Int32Array(CACHE_MASK + 1);
  private readonly keyStrs: (string | undefined)[] = new Array(CACHE_MASK + 1).fill(undefined);
  /** Table position of the cached key, -1 when it goes as a literal. */
  private readonly keyIds = new Int32Array(CACHE_MASK + 1);
  /** 1 when the cached key's string values go in the table. */
  private readonly keyInterns = new Uint8Array(CACHE_MASK + 1);
  private ints = new Int32Array(1 << 16);
  private nums = new Float64Array(1 << 12);
  private n = 0;
  private m = 0;
  private strings: string[] = [];
  private literals: string[] = [];
  /** Search texts (see `WireSearch`). */
  private readonly extraIds = new Map<string, number>();
  private extras: string[] = [];
  private extraBase = 0;
  private searchTokens = new Int32Array(1 << 14);
  private t = 0;
  /** Table position of the key `key` wrote last (-1: a literal). */
  private keyId = -1;

  /** `expectedStrings`: about how many strings the stream will bring, when known (`StringTable`). */
  constructor(expectedStrings = 0) {
    this.table = new StringTable(expectedStrings);
  }

  /** Records added since the last `take`; their issues; where each one's search texts end. */
  private count = 0;
  private issues: Diagnostic[] = [];
  private ends = new Int32Array(1 << 12);

  /** Encodes `records` as one batch (`add` each, then `take`). */
  encode(records: readonly WireRecord[]): WireBatch {
    for (let i = 0; i < records.length; i++) this.add(records[i]);
    return this.take();
  }

  /** Records added since the last `take`. */
  get size(): number {
    return this.count;
  }

  /**
   * Encodes one more record of the next batch. The load worker adds each record as the parser
   * reads it, so the objects `JSON.parse` made die young, before any collection has to copy them.
   */
  add(r: WireRecord): void {
    this.int(r.line);
    this.int(r.fileIndex);
    this.num(r.time === null ? NaN : r.time);
    const own = r.issues;
    this.int(own ? own.length : 0);
    if (own) for (const d of own) this.issues.push(d);
    // Its search texts are found while its `data` is encoded (see `object`).
    const ts = r.raw.ts;
    const timeTs = typeof ts === 'string' && r.time !== null && (r.tsCanonical ?? isIsoOf(ts, r.time));
    this.object(r.raw, timeTs, RECORD);
    if (this.count === this.ends.length) this.ends = doubled(this.ends, new Int32Array(2 * this.count));
    this.ends[this.count++] = this.t;
  }

  /**
   * Encodes one more record of the next batch from the tokens `scanner` found in a line's
   * `bytes` (lineScan.ts), as `add` encodes the object `JSON.parse` makes of that line: the same
   * tokens, table and search texts, without the object. The caller has checked the record as the
   * parser checks one (`TraceParser`): it has no issues, and `timeTs` says its `ts` is the text
   * of `time`.
   */
  addScanned(scanner: LineScanner, bytes: Uint8Array, line: number, fileIndex: number, time: number | null, timeTs: boolean): void {
    this.int(line);
    this.int(fileIndex);
    this.num(time === null ? NaN : time);
    this.int(0);
    this.scanBytes = bytes;
    this.scanner = scanner;
    this.scannedObject(0, timeTs && time !== null, RECORD);
    this.scanBytes = NO_BYTES;
    this.scanner = null;
    if (this.count === this.ends.length) this.ends = doubled(this.ends, new Int32Array(2 * this.count));
    this.ends[this.count++] = this.t;
  }

  /** The line `addScanned` is encoding, and its tokens. */
  private scanBytes: Uint8Array = NO_BYTES;
  private scanner: LineScanner | null = null;

  /** As `object`, for the scanned object at token `at`. */
  private scannedObject(at: number, timeTs: boolean, depth: number): void {
    const sc = this.scanner as LineScanner;
    const bytes = this.scanBytes;
    const size = sc.tokens[at + 1];
    this.int(OBJECT);
    this.int(size);
    let k = at + 4;
    for (let i = 0; i < size; i++) {
      const tokens = sc.tokens;
      const a = tokens[k + 1];
      const b = tokens[k + 2];
      let isTs: boolean;
      if (tokens[k] === SCAN_TEXT) {
        // A key with escapes or characters beyond ASCII (never the record's own, see LineScanner).
        const key = sc.texts[a];
        isTs = !this.key(key);
        if (depth > 0) this.searchString(key, this.keyId);
      } else {
        // Keys are at most MAX_KEY (= MAX_INTERNED) long: the table's, unless it is full.
        const keyId = this.positionIn(bytes, a, b, tokens[k + 3]);
        if (keyId >= 0) this.int(keyId);
        else this.literal(asciiText(bytes, a, b));
        if (depth > 0) this.searchIn(bytes, a, b, tokens[k + 3], keyId);
        // LITERAL_VALUES, read from the bytes.
        isTs = b - a === 2 && bytes[a] === 116 && bytes[a + 1] === 115;
      }
      const v = k + 4;
      const kind = tokens[v];
      const inner = depth >= 0 ? depth + 1 : depth === RECORD && v === sc.data && kind === SCAN_OBJECT ? 0 : -1;
      if (kind === SCAN_STRING && isTs) {
        // LITERAL_VALUES: a `ts` string at any depth is a literal; the record's own may be TIME_TS.
        const va = tokens[v + 1];
        const vb = tokens[v + 2];
        if (timeTs && depth === RECORD) this.int(TIME_TS);
        else this.literal(asciiText(bytes, va, vb));
        if (inner >= 0) this.searchIn(bytes, va, vb, tokens[v + 3], -1);
      } else if (kind === SCAN_TEXT && isTs) {
        // Not the record's own `ts`: that one is read from its bytes or the line declined.
        const value = sc.texts[tokens[v + 1]];
        this.literal(value);
        if (inner >= 0) this.searchString(value, -1);
      } else this.scannedValue(v, inner);
      k = sc.after(v);
    }
  }

  /** As `value`, for the scanned value at token `v`. */
  private scannedValue(v: number, depth: number): void {
    const sc = this.scanner as LineScanner;
    const tokens = sc.tokens;
    switch (tokens[v]) {
      case SCAN_STRING: {
        const bytes = this.scanBytes;
        const a = tokens[v + 1];
        const b = tokens[v + 2];
        if (b - a > MAX_INTERNED) {
          const s = asciiText(bytes, a, b);
          this.literal(s);
          if (depth >= 0) this.searchToken(this.extra(s));
          return;
        }
        const id = this.positionIn(bytes, a, b, tokens[v + 3]);
        if (id >= 0) this.int(id);
        else this.literal(asciiText(bytes, a, b));
        if (depth >= 0) this.searchIn(bytes, a, b, tokens[v + 3], id);
        return;
      }
      case SCAN_TEXT: {
        const s = sc.texts[tokens[v + 1]];
        const id = this.interned(s);
        if (depth >= 0) this.searchString(s, id);
        return;
      }
      case SCAN_NUMBER: {
        const n = sc.nums[tokens[v + 1]];
        this.int(NUMBER);
        this.num(n);
        if (depth >= 0) this.searchToken(this.extra(String(n)));
        return;
      }
      case SCAN_NULL:
        this.int(NULL);
        return;
      case SCAN_FALSE:
        this.int(FALSE);
        if (depth >= 0) this.searchToken(this.extra('false'));
        return;
      case SCAN_ARRAY: {
        const inner = searchedWithin(depth);
        const size = tokens[v + 1];
        this.int(ARRAY);
        this.int(size);
        for (let i = 0, e = v + 4; i < size; i++) {
          this.scannedValue(e, inner >= 0 ? inner + 1 : -1);
          e = sc.after(e);
        }
        return;
      }
      case SCAN_OBJECT:
        this.scannedObject(v, false, searchedWithin(depth));
        return;
      default:
        // TRUE
        this.int(TRUE);
        if (depth >= 0) this.searchToken(this.extra('true'));
    }
  }

  /** As `position`, for the ASCII `bytes` [a, b) (at most MAX_INTERNED) with hash `h`. */
  private positionIn(bytes: Uint8Array, a: number, b: number, h: number): number {
    const table = this.table;
    const size = table.size;
    const pos = table.positionIn(bytes, a, b, h, size < MAX_TABLE);
    if (pos === size) this.strings.push(table.at(pos));
    return pos;
  }

  /** As `searchString`, for the ASCII string at `bytes` [a, b) (at most MAX_INTERNED long) with table position `id`. */
  private searchIn(bytes: Uint8Array, a: number, b: number, h: number, id: number): void {
    const at = id >= 0 ? id : this.table.positionIn(bytes, a, b, h, false);
    this.searchToken(at >= 0 ? at : this.extra(asciiText(bytes, a, b)));
  }

  /** The batch of the records added since the last `take`. */
  take(): WireBatch {
    const batch: WireBatch = {
      count: this.count,
      ints: this.ints.slice(0, this.n),
      nums: this.nums.slice(0, this.m),
      strings: this.strings,
      literals: this.literals,
      issues: this.issues,
      search: { tokens: this.searchTokens.slice(0, this.t), ends: this.ends.slice(0, this.count), extras: this.extras, extraBase: this.extraBase },
    };
    this.count = 0;
    this.issues = [];
    this.n = 0;
    this.m = 0;
    this.t = 0;
    this.strings = [];
    this.literals = [];
    this.extraBase += this.extras.length;
    this.extras = [];
    return batch;
  }

  /**
   * The search token of a string just written with table position `id` (-1: written as a
   * literal, which the table may still hold from elsewhere).
   */
  private searchString(s: string, id: number): void {
    // A string longer than MAX_INTERNED is never in the table (nor hashed: it may be megabytes).
    const at = id >= 0 ? id : s.length > MAX_INTERNED ? -1 : this.table.find(s);
    this.searchToken(at >= 0 ? at : this.extra(s));
  }

  /**
   * The token of a text the table does not hold: -1 - its id among the load's other texts. Long
   * texts get a new id each time (free text rarely repeats, and a Map of them would keep every
   * one), and so do all texts once `MAX_TABLE` of them are known (the page's index still finds
   * repeats: it looks texts up by what they say).
   */
  private extra(text: string): number {
    let id = text.length > MAX_INTERNED ? undefined : this.extraIds.get(text);
    if (id === undefined) {
      id = this.extraBase + this.extras.length;
      if (text.length <= MAX_INTERNED && this.extraIds.size < MAX_TABLE) this.extraIds.set(text, id);
      this.extras.push(text.toLowerCase());
    }
    return -1 - id;
  }

  private searchToken(token: number): void {
    if (this.t === this.searchTokens.length) this.searchTokens = doubled(this.searchTokens, new Int32Array(2 * this.t));
    this.searchTokens[this.t++] = token;
  }

  private int(v: number): void {
    if (this.n === this.ints.length) this.ints = doubled(this.ints, new Int32Array(2 * this.n));
    this.ints[this.n++] = v;
  }

  private num(v: number): void {
    if (this.m === this.nums.length) this.nums = doubled(this.nums, new Float64Array(2 * this.m));
    this.nums[this.m++] = v;
  }

  /** The table position of `s`, adding it; -1 when it goes as a literal. */
  private position(s: string): number {
    if (s.length > MAX_INTERNED) return -1;
    const table = this.table;
    const size = table.size;
    const pos = table.position(s, size < MAX_TABLE);
    if (pos === size) this.strings.push(s);
    return pos;
  }

  /**
   * Writes key `s`; returns whether its string values go in the table. `keyId` is then its
   * table position (-1: written as a literal).
   */
  private key(s: string): boolean {
    const slot = slotOf(s);
    if (this.keyStrs[slot] !== s) {
      this.keyStrs[slot] = s;
      this.keyIds[slot] = this.position(s);
      this.keyInterns[slot] = LITERAL_VALUES.has(s) ? 0 : 1;
    }
    const id = this.keyIds[slot];
    this.keyId = id;
    if (id >= 0) this.int(id);
    else this.literal(s);
    return this.keyInterns[slot] === 1;
  }

  /** Writes string value `s`; returns its table position, -1 when it went as a literal. */
  private interned(s: string): number {
    const slot = slotOf(s);
    if (this.valueStrs[slot] === s) {
      const cached = this.valueIds[slot];
      this.int(cached);
      return cached;
    }
    const id = this.position(s);
    if (id < 0) {
      this.literal(s);
      return -1;
    }
    this.valueStrs[slot] = s;
    this.valueIds[slot] = id;
    this.int(id);
    return id;
  }

  private literal(s: string): void {
    this.int(LITERAL);
    this.literals.push(s);
  }

  /**
   * `depth` RECORD: `o` is a record's object, `timeTs` whether its `ts` is the text of its time
   * (sent as TIME_TS), and its `data`, when an object, is the record's data (parser.ts
   * `recordFrom`), encoded with its search texts.
   * `depth` >= 0: `o` is at that depth of a record's data, and its texts are found as
   * `forEachText` (filter.ts) finds them: strings, numbers and booleans as text, keys below the
   * top level, three levels deep.
   */
  private object(o: Record<string, unknown>, timeTs = false, depth = -1): void {
    this.int(OBJECT);
    const sizeAt = this.n;
    this.int(0);
    let size = 0;
    for (const key in o) {
      size++;
      const internValue = this.key(key);
      if (depth > 0) this.searchString(key, this.keyId);
      const v = o[key];
      // Depth in the data of `v`: the record's `data` is depth 0, what is not in it -1.
      const inner = depth >= 0 ? depth + 1 : depth === RECORD && key === 'data' && isDataObject(v) ? 0 : -1;
      if (typeof v === 'string' && !internValue) {
        // A canonical timestamp costs a token, not a string the receiving side keeps per record.
        if (timeTs && depth === RECORD && key === 'ts') this.int(TIME_TS);
        else this.literal(v);
        if (inner >= 0) this.searchString(v, -1);
      } else this.value(v, inner);
    }
    this.ints[sizeAt] = size;
  }

  /** Writes `v`; `depth` >= 0 is its depth in a record's data, whose search texts it adds (see `object`). */
  private value(v: unknown, depth = -1): void {
    switch (typeof v) {
      case 'string': {
        const id = this.interned(v);
        if (depth >= 0) this.searchString(v, id);
        return;
      }
      case 'number':
        this.int(NUMBER);
        this.num(v);
        if (depth >= 0) this.searchToken(this.extra(String(v)));
        return;
      case 'boolean':
        this.int(v ? TRUE : FALSE);
        if (depth >= 0) this.searchToken(this.extra(String(v)));
        return;
      case 'object': {
        const inner = searchedWithin(depth);
        if (v === null) {
          this.int(NULL);
        } else if (Array.isArray(v)) {
          this.int(ARRAY);
          this.int(v.length);
          for (let i = 0; i < v.length; i++) this.value(v[i], inner >= 0 ? inner + 1 : -1);
        } else {
          this.object(v as Record<string, unknown>, false, inner);
        }
        return;
      }
      default:
        // JSON holds nothing else; undefined (never from JSON.parse) reads back as null.
        this.int(NULL);
    }
  }
}

/**
 * The search depth of what a container at search depth `depth` holds (-1: not searched): as
 * `forEachText` (filter.ts), nothing below three levels of a record's data is searched.
 */
function searchedWithin(depth: number): number {
  return depth >= 0 && depth < 3 ? depth : -1;
}

/** `into` (twice as long as `from`) with `from`'s values at its start. */
function doubled<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(from: T, into: T): T {
  into.set(from);
  return into;
}

/**
 * The encoder's string table: each string's position, by open addressing over typed arrays. A
 * `Map` did the same at about twice the cost per lookup on a table of a few hundred thousand
 * strings (a million records bring ~430k ids), mostly in the memory it reads per probe; here a
 * probe reads an Int32 slot and the stored hash, and compares strings only when the hashes agree.
 */
export class StringTable {
  private slots: Int32Array<ArrayBuffer>;
  private hashes: Int32Array<ArrayBuffer>;
  private readonly strings: string[] = [];
  /**
   * Each string's characters as bytes, at `bytes` [spans[2p], spans[2p + 1]), for comparing a
   * scanned line's bytes without reading the string (-1, -1: it has a character beyond ASCII, so
   * no scanned text is it).
   */
  private spans: Int32Array<ArrayBuffer>;
  private bytes: Uint8Array<ArrayBuffer>;
  /** `bytes`, read four at a time by `holds`. */
  private view: DataView;
  /** The last text `positionIn` looked up, and a view of it. */
  private text: Uint8Array = new Uint8Array(0);
  private textView: DataView = new DataView(new ArrayBuffer(0));
  private used = 0;
  /**
   * The last string found for each value of the low bits of a hash (lines repeat keys and names):
   * its position + 1 (0: none, or a string beyond ASCII), its hash, and where its bytes start and
   * how many, side by side: a hit reads them together and then the string's bytes, where the
   * table's own arrays are read one after the other.
   */
  private readonly recent = new Int32Array(4 * (RECENT_MASK + 1));

  /**
   * `expected`: about how many strings the table will hold, when known (a load knows its file's
   * size): sized for them at once, it does not grow by rehashing every string it holds, four
   * times over on a million-record load.
   */
  constructor(expected = 0) {
    const strings = Math.min(MAX_TABLE, Math.max(1 << 15, expected));
    const slots = 1 << Math.ceil(Math.log2(2 * strings));
    this.slots = new Int32Array(slots);
    this.hashes = new Int32Array(slots >> 1);
    this.spans = new Int32Array(slots);
    this.bytes = new Uint8Array(Math.max(1 << 18, Math.min(1 << 25, 16 * strings)));
    this.view = new DataView(this.bytes.buffer);
  }

  get size(): number {
    return this.strings.length;
  }

  /** Position of `s`, -1 when it is not in the table. */
  find(s: string): number {
    return this.position(s, false);
  }

  /** Position of `s`; when absent, `add` puts it at position `size`, else -1. */
  position(s: string, add: boolean): number {
    const h = stringHash(s);
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const p = slots[i] - 1;
      if (p < 0) return add ? this.insert(s, h, i) : -1;
      if (this.hashes[p] === h && this.strings[p] === s) return p;
    }
  }

  /** The string at position `p`. */
  at(p: number): string {
    return this.strings[p];
  }

  /**
   * As `position`, for the ASCII bytes [a, b) of `text` whose `stringHash` is `h`, without making
   * that string unless it is added.
   */
  positionIn(text: Uint8Array, a: number, b: number, h: number, add: boolean): number {
    if (text !== this.text) {
      this.text = text;
      this.textView = new DataView(text.buffer, text.byteOffset, text.byteLength);
    }
    const recent = this.recent;
    const e = (h & RECENT_MASK) << 2;
    if (recent[e + 1] === h && recent[e] !== 0 && recent[e + 3] === b - a && this.sameAt(recent[e + 2], text, a, b - a)) return recent[e] - 1;
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const p = slots[i] - 1;
      if (p < 0) return add ? this.insert(asciiText(text, a, b), h, i) : -1;
      if (this.hashes[p] === h && this.holds(p, text, a, b)) {
        this.remember(p, h);
        return p;
      }
    }
  }

  /** Whether the string at `p` is the ASCII bytes [a, b) of `text`. */
  private holds(p: number, text: Uint8Array, a: number, b: number): boolean {
    const start = this.spans[2 * p];
    if (start < 0 || this.spans[2 * p + 1] - start !== b - a) return false;
    return this.sameAt(start, text, a, b - a);
  }

  /** Whether the `n` bytes the table keeps from `start` are those of `text` from `a`. */
  private sameAt(start: number, text: Uint8Array, a: number, n: number): boolean {
    // Four bytes at a time, then the last few.
    const view = this.view;
    const textView = this.textView;
    let i = 0;
    for (; i + 4 <= n; i += 4) if (view.getInt32(start + i) !== textView.getInt32(a + i)) return false;
    const bytes = this.bytes;
    for (; i < n; i++) if (bytes[start + i] !== text[a + i]) return false;
    return true;
  }

  /** Makes `p` (hash `h`) the string `recent` holds for the low bits of its hash. */
  private remember(p: number, h: number): void {
    const e = (h & RECENT_MASK) << 2;
    const start = this.spans[2 * p];
    const recent = this.recent;
    recent[e] = start < 0 ? 0 : p + 1;
    recent[e + 1] = h;
    recent[e + 2] = start;
    recent[e + 3] = this.spans[2 * p + 1] - start;
  }

  private insert(s: string, h: number, slot: number): number {
    const pos = this.strings.length;
    this.strings.push(s);
    if (pos === this.hashes.length) {
      this.hashes = doubled(this.hashes, new Int32Array(2 * pos));
      this.spans = doubled(this.spans, new Int32Array(4 * pos));
    }
    this.hashes[pos] = h;
    // Its characters as bytes, when it is ASCII.
    const used = this.used;
    if (used + s.length > this.bytes.length) {
      this.bytes = doubled(this.bytes, new Uint8Array(2 * (this.bytes.length + s.length)));
      this.view = new DataView(this.bytes.buffer);
    }
    const bytes = this.bytes;
    let ascii = true;
    for (let i = 0; i < s.length && ascii; i++) {
      const c = s.charCodeAt(i);
      bytes[used + i] = c;
      ascii = c < 128;
    }
    this.spans[2 * pos] = ascii ? used : -1;
    this.spans[2 * pos + 1] = ascii ? used + s.length : -1;
    if (ascii) this.used = used + s.length;
    this.remember(pos, h);
    this.slots[slot] = pos + 1;
    // At most half full: probes stay short.
    if (2 * (pos + 1) > this.slots.length) this.grow();
    return pos;
  }

  private grow(): void {
    const slots = new Int32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (let p = 0; p < this.strings.length; p++) {
      let i = this.hashes[p] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = p + 1;
    }
    this.slots = slots;
  }
}

/** A cache slot for `s` from its length and four of its characters. */
function slotOf(s: string): number {
  const len = s.length;
  if (len === 0) return 0;
  return (len * 31 + s.charCodeAt(0) * 7 + s.charCodeAt(len - 1) * 131 + s.charCodeAt(len >> 1) * 1031 + s.charCodeAt((len * 3) >> 2) * 8191) & CACHE_MASK;
}

/** What reading a batch's records needs (not its new strings, nor its search texts). */
export type WireTokens = Pick<WireBatch, 'count' | 'ints' | 'nums' | 'literals' | 'issues'>;

/**
 * A decoded batch kept for reading its records again one at a time: the page keeps these instead
 * of the record objects (see `RecordList`), so a million records cost typed arrays the collector
 * never walks, not a million objects it copies.
 */
export interface WireSegment {
  readonly count: number;
  readonly batch: WireTokens;
  /** Per record: where it starts in `ints`, `nums` and `literals`. */
  readonly starts: Int32Array;
  /** Where the issues of a record with issues start in `batch.issues`, by its position. */
  readonly issueStarts: Map<number, number>;
}

/**
 * A record as `WireDecoder.nextParts` reads it: where it came from, its time and issues, and the
 * values of its object's `name`, `action`, `session` and `data` keys (undefined when absent).
 */
export interface RecordParts {
  line: number;
  fileIndex: number;
  time: number | null;
  issues: Diagnostic[] | undefined;
  name: unknown;
  action: unknown;
  session: unknown;
  data: unknown;
  /** Whether its `ts` is exactly `formatIso(time)`. */
  tsCanonical: boolean;
}

/** A batch being read a few records at a time (`WireDecoder.begin`/`next`). */
export interface WireReading {
  readonly segment: WireSegment;
  /** Records read so far. */
  read: number;
  i: number;
  j: number;
  k: number;
  /** Where the next record's issues start in the batch's. */
  issue: number;
}

/** Decodes the batches of one stream, in order; `decodeAt` reads a record of a kept segment again. */
export class WireDecoder {
  private readonly table: string[] = [];
  private ints: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private nums: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private literals: string[] = [];
  private i = 0;
  private j = 0;
  private k = 0;
  /** Time of the record being decoded (for TIME_TS). */
  private time = NaN;
  /** Whether the record being decoded had its `ts` as TIME_TS. */
  private timeTs = false;
  /** What `nextParts` hands over, reused from record to record. */
  private readonly parts: RecordParts = { line: 0, fileIndex: 0, time: null, issues: undefined, name: undefined, action: undefined, session: undefined, data: undefined, tsCanonical: false };

  /** The stream's string table so far, by position (it only grows). */
  get strings(): readonly string[] {
    return this.table;
  }

  decode(batch: WireBatch): WireRecord[] {
    return this.decodeSegment(batch).records;
  }

  /** The batch's records, and the segment to read each of them again later. */
  decodeSegment(batch: WireBatch): { records: WireRecord[]; segment: WireSegment } {
    const reading = this.begin(batch);
    return { records: this.next(reading, batch.count), segment: reading.segment };
  }

  /**
   * Starts reading a batch a few records at a time (`next`): a reader that applies records as it
   * decodes them keeps only those alive, not the whole batch. The batch's strings join the table
   * now, so batches must be begun in the order they were encoded.
   */
  begin(batch: WireBatch): WireReading {
    for (const s of batch.strings) this.table.push(s);
    // The segment keeps only what reading its records needs: the search texts go to the index.
    const { count, ints, nums, literals, issues } = batch;
    const segment: WireSegment = { count, batch: { count, ints, nums, literals, issues }, starts: new Int32Array(count * 3), issueStarts: new Map() };
    return { segment, read: 0, i: 0, j: 0, k: 0, issue: 0 };
  }

  /** Up to `n` more records of a batch being read (none once all were). */
  next(reading: WireReading, n: number): WireRecord[] {
    const { segment } = reading;
    const { starts, batch } = segment;
    this.use(batch);
    this.i = reading.i;
    this.j = reading.j;
    this.k = reading.k;
    const end = Math.min(segment.count, reading.read + n);
    const out: WireRecord[] = new Array(end - reading.read);
    for (let r = reading.read; r < end; r++) {
      starts[3 * r] = this.i;
      starts[3 * r + 1] = this.j;
      starts[3 * r + 2] = this.k;
      const record = this.next1(batch, reading.issue);
      if (record.issues) {
        segment.issueStarts.set(r, reading.issue);
        reading.issue += record.issues.length;
      }
      out[r - reading.read] = record;
    }
    reading.read = end;
    reading.i = this.i;
    reading.j = this.j;
    reading.k = this.k;
    return out;
  }

  /**
   * Up to `n` more records of a batch being read, for applying: each is handed to `make` as its
   * parts (`parts`, reused from record to record: read it in `make`), without the object the
   * record was (`raw`) nor the text of its `ts`, which `decodeAt` rebuilds when asked. In Node,
   * a 1M trace's batches decoded in 206-269 ms this way (the session's runs), 384-390 ms whole.
   */
  nextParts<T>(reading: WireReading, n: number, make: (parts: RecordParts, position: number) => T): T[] {
    const { segment } = reading;
    const { starts, batch } = segment;
    const parts = this.parts;
    this.use(batch);
    this.i = reading.i;
    this.j = reading.j;
    this.k = reading.k;
    const end = Math.min(segment.count, reading.read + n);
    const out: T[] = new Array(end - reading.read);
    for (let r = reading.read; r < end; r++) {
      starts[3 * r] = this.i;
      starts[3 * r + 1] = this.j;
      starts[3 * r + 2] = this.k;
      parts.line = this.ints[this.i++];
      parts.fileIndex = this.ints[this.i++];
      const t = this.nums[this.j++];
      parts.time = Number.isNaN(t) ? null : t;
      const issueCount = this.ints[this.i++];
      parts.issues = undefined;
      if (issueCount > 0) {
        parts.issues = batch.issues.slice(reading.issue, reading.issue + issueCount);
        segment.issueStarts.set(r, reading.issue);
        reading.issue += issueCount;
      }
      this.recordParts(parts);
      out[r - reading.read] = make(parts, r);
    }
    reading.read = end;
    reading.i = this.i;
    reading.j = this.j;
    reading.k = this.k;
    return out;
  }

  /** The record object's values `recordFrom` reads (the last of a key, as an object keeps it). */
  private recordParts(parts: RecordParts): void {
    parts.name = undefined;
    parts.action = undefined;
    parts.session = undefined;
    parts.data = undefined;
    parts.tsCanonical = false;
    const tag = this.ints[this.i++];
    if (tag !== OBJECT) throw new Error(`wire: a record is not an object (token ${tag} at ${this.i - 1})`);
    const size = this.ints[this.i++];
    for (let p = 0; p < size; p++) {
      const keyTag = this.ints[this.i++];
      const key = keyTag >= 0 ? this.table[keyTag] : this.literals[this.k++];
      if (this.ints[this.i] === TIME_TS) {
        this.i++;
        parts.tsCanonical = true;
        continue;
      }
      const v = this.value();
      if (key === 'data') parts.data = v;
      else if (key === 'name') parts.name = v;
      else if (key === 'action') parts.action = v;
      else if (key === 'session') parts.session = v;
    }
  }

  /** Record `r` of a segment this decoder made, as new objects. */
  decodeAt(segment: WireSegment, r: number): WireRecord {
    this.use(segment.batch);
    this.i = segment.starts[3 * r];
    this.j = segment.starts[3 * r + 1];
    this.k = segment.starts[3 * r + 2];
    return this.next1(segment.batch, segment.issueStarts.get(r) ?? 0);
  }

  /** The record at the current position; its issues, if any, start at `issueFrom` of the batch's. */
  private next1(batch: WireTokens, issueFrom: number): WireRecord {
    const line = this.ints[this.i++];
    const fileIndex = this.ints[this.i++];
    const t = this.nums[this.j++];
    const issueCount = this.ints[this.i++];
    const issues = issueCount > 0 ? batch.issues.slice(issueFrom, issueFrom + issueCount) : undefined;
    this.time = t;
    this.timeTs = false;
    const raw = this.value() as Record<string, unknown>;
    return { line, fileIndex, time: Number.isNaN(t) ? null : t, raw, issues, tsCanonical: this.timeTs };
  }

  private use(batch: WireTokens): void {
    this.ints = batch.ints;
    this.nums = batch.nums;
    this.literals = batch.literals;
    this.i = 0;
    this.j = 0;
    this.k = 0;
  }

  private value(): unknown {
    const tag = this.ints[this.i++];
    if (tag >= 0) return this.table[tag];
    switch (tag) {
      case NULL:
        return null;
      case TRUE:
        return true;
      case FALSE:
        return false;
      case NUMBER:
        return this.nums[this.j++];
      case LITERAL:
        return this.literals[this.k++];
      case TIME_TS:
        this.timeTs = true;
        return formatIso(this.time);
      case OBJECT: {
        const size = this.ints[this.i++];
        const o: Record<string, unknown> = {};
        for (let p = 0; p < size; p++) {
          const keyTag = this.ints[this.i++];
          const key = keyTag >= 0 ? this.table[keyTag] : this.literals[this.k++];
          const v = this.value();
          // As JSON.parse: `__proto__` is an own key, never the prototype.
          if (key === '__proto__') Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
          else o[key] = v;
        }
        return o;
      }
      case ARRAY: {
        const size = this.ints[this.i++];
        const a: unknown[] = [];
        for (let p = 0; p < size; p++) a.push(this.value());
        return a;
      }
      default:
        throw new Error(`wire: bad token ${tag} at ${this.i - 1}`);
    }
  }
}

/** A record's `data` that is an object: what `recordFrom` takes as the record's data. */
function isDataObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
