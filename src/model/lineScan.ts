/**
 * The first pass of encoding a trace line without decoding it or calling `JSON.parse`
 * (`WireEncoder.addScanned`): checks that the line's UTF-8 bytes are one JSON object of the
 * common, plain kind and notes where its tokens are, so that the encoder can write the record's
 * wire tokens straight from the bytes. No object is made per record, and no string but those new
 * to the load: a million-record load made (and collected) a few million objects.
 *
 * Plain means: valid JSON, no character beyond ASCII outside strings, numbers within 2^53, nesting
 * at most `MAX_LEVELS` deep, no key that starts with a digit (`JSON.parse` puts integer keys
 * first), no key longer than `MAX_KEY` and none twice in one object, at most `MAX_KEYS` keys per
 * object, and the record's own keys (and its `ts`) without escapes or characters beyond ASCII.
 * Strings with escapes or UTF-8 beyond ASCII are decoded as the line's decoder and `JSON.parse`
 * would (`jsonText`). Anything else, valid or not, is left to `JSON.parse` and the parser's
 * checks, which say why a line is rejected: the scanner never rejects a line, it only declines it.
 *
 * Tokens: four Int32 per token (kind, a, b, hash).
 *   STRING  a, b: the line's bytes [a, b) between the quotes (ASCII, no escape); hash: `stringHash` of them
 *   TEXT    a string with escapes or characters beyond ASCII, decoded: a: its index in `texts`;
 *           hash: `stringHash` of it for a key, 0 for a value
 *   NUMBER  a: index in `nums`
 *   TRUE, FALSE, NULL
 *   OBJECT  a: its number of keys; b: the token after its last one. Then key, value, key, value...
 *   ARRAY   a: its number of elements; b: the token after its last one. Then the elements.
 */

export const STRING = 1;
export const NUMBER = 2;
export const TRUE = 3;
export const FALSE = 4;
export const NULL = 5;
export const OBJECT = 6;
export const ARRAY = 7;
export const TEXT = 8;

const NOT_OWN = 0;
const OWN_TS = 1;
const OWN_NAME = 2;
const OWN_DATA = 3;
const OWN_ACTION = 4;

/** Deepest nesting the scanner takes (the record is level 1); deeper lines go to `JSON.parse`. */
const MAX_LEVELS = 16;
/** Most keys in one object the scanner takes (it looks for a repeated key among them). */
const MAX_KEYS = 32;
/** Longest key the scanner takes (the wire's table holds keys up to this long). */
export const MAX_KEY = 64;

/**
 * A hash of a string's UTF-16 code units, mixed so that nearby ids spread over a table's slots:
 * FNV-1a's step over each four code units taken as one little-endian word (each unit in a byte
 * for ASCII text), then over the last one to three units one at a time. So `LineScanner` takes
 * the hash of a line's ASCII bytes four at a time, as it looks for a string's end.
 */
export function stringHash(s: string): number {
  let h = 0x811c9dc5;
  const n = s.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
    h = Math.imul(h ^ w, 0x01000193);
  }
  for (; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mixHash(h);
}

/** The last step of `stringHash`, for a hash taken character by character elsewhere. */
function mixHash(h: number): number {
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}

const longText = new TextDecoder();

/** The ASCII bytes [a, b) of `bytes` as a string. */
export function asciiText(bytes: Uint8Array, a: number, b: number): string {
  if (b - a > 64) return longText.decode(bytes.subarray(a, b));
  return String.fromCharCode.apply(null, bytes.subarray(a, b) as unknown as number[]);
}

export class LineScanner {
  tokens = new Int32Array(4 * 256);
  nums = new Float64Array(64);
  /** The decoded strings of TEXT tokens. */
  texts: string[] = [];
  /** Tokens of the last line scanned (times 4: an index into `tokens`). */
  size = 0;
  private numCount = 0;
  /** The record's own `ts`, `name`, `action` and `data` values (token indexes), -1 when absent. */
  tsAt = -1;
  name = -1;
  action = -1;
  data = -1;
  private bytes: Uint8Array = new Uint8Array(0);
  /** `bytes`, read four at a time by `string`. */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private p = 0;
  private end = 0;

  /** Scans the bytes [start, end) of `bytes` as one record; false declines the line. */
  scan(bytes: Uint8Array, start: number, end: number): boolean {
    return this.record(bytes, start, end) && this.p === end;
  }

  /**
   * Scans the line from `start` as one record, reading no further than `limit`: the position of
   * the newline that ends it, or -1 to decline it. No token holds a newline byte (JSON text has
   * none raw, and white space here is space, tab and CR), so the scan stops at the line's end
   * without the caller finding it first; lines that are not one record may stop anywhere before.
   */
  scanLine(bytes: Uint8Array, start: number, limit: number): number {
    return this.record(bytes, start, limit) && this.p < limit && bytes[this.p] === 10 ? this.p : -1;
  }

  /** Scans one record from `start` and the white space after it, up to `end` at most. */
  private record(bytes: Uint8Array, start: number, end: number): boolean {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    this.p = start;
    this.end = end;
    this.size = 0;
    this.numCount = 0;
    if (this.texts.length > 0) this.texts = [];
    this.tsAt = this.name = this.action = this.data = -1;
    if (start >= end || bytes[start] !== 123 /* { */) return false;
    if (!this.object(1)) return false;
    this.skipSpace();
    return true;
  }

  /** Kind of the token at `t`. */
  kind(t: number): number {
    return this.tokens[t];
  }

  /** The token after the value at `t` (with everything inside it). */
  after(t: number): number {
    const kind = this.tokens[t];
    return kind === OBJECT || kind === ARRAY ? this.tokens[t + 2] : t + 4;
  }

  private push(kind: number, a: number, b: number, hash: number): number {
    let t = this.size;
    if (t + 4 > this.tokens.length) {
      const grown = new Int32Array(2 * this.tokens.length);
      grown.set(this.tokens);
      this.tokens = grown;
    }
    const tokens = this.tokens;
    tokens[t] = kind;
    tokens[t + 1] = a;
    tokens[t + 2] = b;
    tokens[t + 3] = hash;
    this.size = t + 4;
    return t;
  }

  /** Skips JSON white space but the newline, which ends a line (`scanLine`). */
  private skipSpace(): void {
    const bytes = this.bytes;
    let p = this.p;
    for (; p < this.end; p++) {
      const c = bytes[p];
      if (c !== 32 && c !== 9 && c !== 13) break;
    }
    this.p = p;
  }

  private value(level: number): boolean {
    this.skipSpace();
    if (this.p >= this.end) return false;
    const c = this.bytes[this.p];
    if (c === 34) return this.string();
    if (c === 123) return this.object(level);
    if (c === 91) return this.array(level);
    if (c === 116) return this.word('true', TRUE);
    if (c === 102) return this.word('false', FALSE);
    if (c === 110) return this.word('null', NULL);
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    return false;
  }

  private word(word: string, kind: number): boolean {
    if (this.p + word.length > this.end || !startsWith(this.bytes, this.p, word)) return false;
    this.p += word.length;
    this.push(kind, 0, 0, 0);
    return true;
  }

  private string(): boolean {
    const bytes = this.bytes;
    const end = this.end;
    const a = this.p + 1;
    let h = 0x811c9dc5;
    let i = a;
    let c = 0;
    // Four bytes at a time while none is a quote, a backslash, a control character or beyond
    // ASCII (the bit tricks of "determine if a word has a byte less than n"), then one at a time.
    const view = this.view;
    for (; i + 4 <= end; i += 4) {
      const w = view.getInt32(i, true);
      if (((w - 0x20202020) | (w ^ 0x22222222) - 0x01010101 | (w ^ 0x5c5c5c5c) - 0x01010101 | w) & 0x80808080) break;
      h = Math.imul(h ^ w, 0x01000193);
    }
    for (; i < end; i++) {
      c = bytes[i];
      if (c === 34 || c === 92 || c < 32 || c > 127) break;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (c !== 34) return i < end && c >= 32 && this.text(a, i);
    this.push(STRING, a, i, mixHash(h));
    this.p = i + 1;
    return true;
  }

  /** The rest of a string from `a` that has an escape or a byte beyond ASCII at `i`: a TEXT. */
  private text(a: number, i: number): boolean {
    const bytes = this.bytes;
    const end = this.end;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c === 34) break;
      if (c < 32) return false;
      if (c === 92) {
        const skip = escapeLength(bytes, i, end);
        if (skip === 0) return false;
        i += skip - 1;
      }
    }
    if (i >= end) return false;
    this.texts.push(jsonText(bytes, a, i));
    this.push(TEXT, this.texts.length - 1, 0, 0);
    this.p = i + 1;
    return true;
  }

  /**
   * The record's own `ts`: a string is not hashed (its hash is 0), as the encoder never looks
   * it up (it crosses as a literal, or as the time's token).
   */
  private ts(): boolean {
    this.skipSpace();
    const bytes = this.bytes;
    const end = this.end;
    if (this.p >= end || bytes[this.p] !== 34) return this.value(2);
    const a = this.p + 1;
    // The shape of the text formatIso makes (24 characters, T and Z where it has them): taken
    // without reading its characters, as the parser takes a scanned line only when
    // `canonicalIsoMsAt` reads them all as that shape (digits and separators only).
    if (a + 24 < end && bytes[a + 24] === 34 && bytes[a + 10] === 84 && bytes[a + 23] === 90) {
      this.push(STRING, a, a + 24, 0);
      this.p = a + 25;
      return true;
    }
    let i = a;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c === 34) break;
      if (c === 92 || c < 32 || c > 127) return false;
    }
    if (i >= end) return false;
    this.push(STRING, a, i, 0);
    this.p = i + 1;
    return true;
  }

  private number(): boolean {
    const bytes = this.bytes;
    const end = this.end;
    const a = this.p;
    let p = a;
    const negative = bytes[p] === 45;
    if (negative) p++;
    let c = p < end ? bytes[p] : -1;
    let v = 0;
    const digitsFrom = p;
    if (c === 48) {
      p++;
    } else if (c >= 49 && c <= 57) {
      for (; p < end; p++) {
        c = bytes[p];
        if (c < 48 || c > 57) break;
        v = v * 10 + (c - 48);
      }
    } else return false;
    let plain = p - digitsFrom <= 15;
    c = p < end ? bytes[p] : -1;
    if (c === 46 /* . */) {
      plain = false;
      const from = ++p;
      while (p < end && bytes[p] >= 48 && bytes[p] <= 57) p++;
      if (p === from) return false;
      c = p < end ? bytes[p] : -1;
    }
    if (c === 101 || c === 69 /* e E */) {
      plain = false;
      p++;
      c = p < end ? bytes[p] : -1;
      if (c === 43 || c === 45) p++;
      const from = p;
      while (p < end && bytes[p] >= 48 && bytes[p] <= 57) p++;
      if (p === from) return false;
    }
    // Up to 15 digits the sum is exact; else the engine's own reading of the digits.
    const n = plain ? (negative ? -v : v) : Number(asciiText(bytes, a, p));
    if (!(n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER)) return false;
    if (this.numCount === this.nums.length) {
      const grown = new Float64Array(2 * this.numCount);
      grown.set(this.nums);
      this.nums = grown;
    }
    this.nums[this.numCount] = n;
    this.push(NUMBER, this.numCount++, 0, 0);
    this.p = p;
    return true;
  }

  private array(level: number): boolean {
    const at = this.open(ARRAY, level, 93);
    if (at < 0) return false;
    let n = 0;
    if (this.tokens[at + 2] === 0) {
      for (;;) {
        if (!this.value(level + 1)) return false;
        n++;
        const next = this.next(93);
        if (next < 0) return false;
        if (next === 0) break;
      }
    }
    this.close(at, n);
    return true;
  }

  private object(level: number): boolean {
    const at = this.open(OBJECT, level, 125);
    if (at < 0) return false;
    let n = 0;
    if (this.tokens[at + 2] === 0) {
      for (;;) {
        this.skipSpace();
        if (this.p >= this.end || this.bytes[this.p] !== 34) return false;
        const key = this.size;
        if (!this.string() || !this.newKey(at + 4, key, n)) return false;
        this.skipSpace();
        if (this.p >= this.end || this.bytes[this.p] !== 58) return false;
        this.p++;
        const value = this.size;
        // The record's own keys are read from their bytes (a key with an escape is left to JSON.parse).
        if (level === 1 && this.tokens[key] === TEXT) return false;
        const own = level === 1 ? this.recordKey(key) : NOT_OWN;
        if (!(own === OWN_TS ? this.ts() : this.value(level + 1))) return false;
        if (own === OWN_TS) this.tsAt = value;
        else if (own === OWN_NAME) this.name = value;
        else if (own === OWN_DATA) this.data = value;
        else if (own === OWN_ACTION) this.action = value;
        if (++n > MAX_KEYS) return false;
        const next = this.next(125);
        if (next < 0) return false;
        if (next === 0) break;
      }
    }
    this.close(at, n);
    return true;
  }

  /**
   * Opens a container at `level` (its `[` or `{` at the position): its token, -1 when too deep.
   * The token's extent is 1 when it closes at once (`closing`), else 0 until `close`.
   */
  private open(kind: number, level: number, closing: number): number {
    if (level > MAX_LEVELS) return -1;
    const at = this.push(kind, 0, 0, 0);
    this.p++;
    this.skipSpace();
    if (this.p < this.end && this.bytes[this.p] === closing) {
      this.p++;
      this.tokens[at + 2] = 1;
    }
    return at;
  }

  /** After a member: 1 for a comma (another follows), 0 for `closing`, -1 for anything else. */
  private next(closing: number): number {
    this.skipSpace();
    const c = this.p < this.end ? this.bytes[this.p] : -1;
    this.p++;
    return c === 44 ? 1 : c === closing ? 0 : -1;
  }

  private close(at: number, n: number): void {
    this.tokens[at + 1] = n;
    this.tokens[at + 2] = this.size;
  }

  /**
   * Whether the key at token `key` is one the scanner takes: not longer than MAX_KEY, not a digit
   * first, not a repeat of the `n` keys from token `first`. A TEXT key gets its hash here.
   */
  private newKey(first: number, key: number, n: number): boolean {
    const tokens = this.tokens;
    if (tokens[key] === TEXT && !this.textKey(key)) return false;
    const a = tokens[key + 1];
    const c = this.bytes[a];
    if (tokens[key] === STRING && (tokens[key + 2] - a > MAX_KEY || (c >= 48 && c <= 57))) return false;
    const h = tokens[key + 3];
    for (let k = first, i = 0; i < n; i++) {
      if (tokens[k + 3] === h && this.sameKey(k, key)) return false;
      k = this.after(k + 4);
    }
    return true;
  }

  /** Whether the TEXT key at token `key` is not too long nor a digit first; gives it its hash. */
  private textKey(key: number): boolean {
    const text = this.texts[this.tokens[key + 1]];
    const c = text.charCodeAt(0);
    if (text.length > MAX_KEY || (c >= 48 && c <= 57)) return false;
    this.tokens[key + 3] = stringHash(text);
    return true;
  }

  /** Whether the keys at tokens `k` and `key` say the same. */
  private sameKey(k: number, key: number): boolean {
    const tokens = this.tokens;
    if (tokens[k] === STRING && tokens[key] === STRING) {
      const n = tokens[key + 2] - tokens[key + 1];
      return tokens[k + 2] - tokens[k + 1] === n && sameBytes(this.bytes, tokens[k + 1], tokens[key + 1], n);
    }
    return this.stringAt(k) === this.stringAt(key);
  }

  /** The string of the STRING or TEXT token at `t`. */
  private stringAt(t: number): string {
    const tokens = this.tokens;
    return tokens[t] === TEXT ? this.texts[tokens[t + 1]] : asciiText(this.bytes, tokens[t + 1], tokens[t + 2]);
  }

  /** Whether the value at token `t` (-1: absent) is a string of at least one character. */
  nonEmptyString(t: number): boolean {
    if (t < 0) return false;
    const tokens = this.tokens;
    if (tokens[t] === TEXT) return this.texts[tokens[t + 1]].length > 0;
    return tokens[t] === STRING && tokens[t + 2] > tokens[t + 1];
  }

  /** Which of the record's own keys the key at token `key` is (NOT_OWN: another). */
  private recordKey(key: number): number {
    const a = this.tokens[key + 1];
    const len = this.tokens[key + 2] - a;
    const bytes = this.bytes;
    const c = bytes[a];
    // ts, name, data, action: by length and first byte, then the rest.
    if (len === 2) return c === 116 && bytes[a + 1] === 115 ? OWN_TS : NOT_OWN;
    if (len === 4) {
      if (c === 110) return bytes[a + 1] === 97 && bytes[a + 2] === 109 && bytes[a + 3] === 101 ? OWN_NAME : NOT_OWN;
      if (c === 100) return bytes[a + 1] === 97 && bytes[a + 2] === 116 && bytes[a + 3] === 97 ? OWN_DATA : NOT_OWN;
      return NOT_OWN;
    }
    if (len === 6 && c === 97) return startsWith(bytes, a, 'action') ? OWN_ACTION : NOT_OWN;
    return NOT_OWN;
  }
}

/** Whether `bytes` hold the ASCII text `word` from `at`. */
function startsWith(bytes: Uint8Array, at: number, word: string): boolean {
  if (at + word.length > bytes.length) return false;
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

function sameBytes(bytes: Uint8Array, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

/**
 * Bytes of the escape at `i` (a backslash) of a JSON string, 0 when it is not one: `\"`, `\\`,
 * `\/`, `\b`, `\f`, `\n`, `\r`, `\t` or `\u` and four hex digits.
 */
function escapeLength(bytes: Uint8Array, i: number, end: number): number {
  if (i + 1 >= end) return 0;
  const c = bytes[i + 1];
  if (c === 34 || c === 92 || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116) return 2;
  if (c !== 117 || i + 5 >= end) return 0;
  for (let k = i + 2; k < i + 6; k++) if (hexValue(bytes[k]) < 0) return 0;
  return 6;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Keeps a BOM at the start of a string's bytes: only a file's first is not text. */
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

const ESCAPED: Record<number, string> = { 34: '"', 92: '\\', 47: '/', 98: '\b', 102: '\f', 110: '\n', 114: '\r', 116: '\t' };

/**
 * The string a JSON string's bytes [a, b) (between its quotes, escapes checked) say, as
 * `JSON.parse` of the decoded line gives it: UTF-8 decoded as `TextDecoder` does (a bad sequence
 * is U+FFFD; a quote or backslash never falls inside a sequence), escapes replaced.
 */
function jsonText(bytes: Uint8Array, a: number, b: number): string {
  let out = '';
  let from = a;
  for (let i = a; i < b; i++) {
    if (bytes[i] !== 92) continue;
    if (i > from) out += textDecoder.decode(bytes.subarray(from, i));
    const c = bytes[i + 1];
    if (c === 117) {
      out += String.fromCharCode((hexValue(bytes[i + 2]) << 12) | (hexValue(bytes[i + 3]) << 8) | (hexValue(bytes[i + 4]) << 4) | hexValue(bytes[i + 5]));
      i += 5;
    } else {
      out += ESCAPED[c];
      i += 1;
    }
    from = i + 1;
  }
  if (b > from) out += textDecoder.decode(bytes.subarray(from, b));
  return out;
}
