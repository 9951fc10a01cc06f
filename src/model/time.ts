/**
 * Trace timestamps: ISO-8601 strings or epoch milliseconds, kept as integer milliseconds.
 * "An ISO string without an offset is UTC; digits past milliseconds are cut."
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Largest span a JavaScript Date can hold (±100,000,000 days around 1970). */
const MAX_MS = 8.64e15;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

let cachedDay = '';
let cachedDayMs = 0;
/** `cachedDay`'s characters, for comparing bytes with it. */
const cachedDayBytes = new Uint8Array(10);

function digits2(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The common shape `YYYY-MM-DDTHH:MM:SS.mmmZ` read from character codes, with the day's epoch
 * cached: traces repeat the same day millions of times. Anything else takes the general path.
 * A text it reads (a valid day, hours 00-23, minutes and seconds 00-59) is exactly what
 * `formatIso` makes of the result.
 */
export function canonicalIsoMs(text: string): number | null {
  if (text.length !== 24 || text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(23) !== 90 /* Z */) return null;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46) return null;
  if (cachedDay === '' || !text.startsWith(cachedDay)) {
    const day = text.slice(0, 10);
    const ms = parseIsoGeneral(day);
    if (ms === null) return null;
    setCachedDay(day, ms);
  }
  const h = digits2(text, 11);
  const m = digits2(text, 14);
  const s = digits2(text, 17);
  const ms1 = text.charCodeAt(20) - 48;
  const ms23 = digits2(text, 21);
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59 || ms1 < 0 || ms1 > 9 || ms23 < 0) return null;
  return cachedDayMs + ((h * 60 + m) * 60 + s) * 1000 + ms1 * 100 + ms23;
}

/**
 * `canonicalIsoMs` of the ASCII bytes [a, b) of `bytes` (a trace line read without decoding it,
 * see lineScan.ts): the same result, null for anything else.
 */
export function canonicalIsoMsAt(bytes: Uint8Array, a: number, b: number): number | null {
  if (b - a !== 24 || bytes[a + 10] !== 84 /* T */ || bytes[a + 23] !== 90 /* Z */) return null;
  if (bytes[a + 13] !== 58 || bytes[a + 16] !== 58 || bytes[a + 19] !== 46) return null;
  let sameDay = cachedDay !== '';
  for (let i = 0; i < 10 && sameDay; i++) sameDay = bytes[a + i] === cachedDayBytes[i];
  if (!sameDay) {
    const day = String.fromCharCode.apply(null, bytes.subarray(a, a + 10) as unknown as number[]);
    const ms = parseIsoGeneral(day);
    if (ms === null) return null;
    setCachedDay(day, ms);
  }
  const h = byteDigits2(bytes, a + 11);
  const m = byteDigits2(bytes, a + 14);
  const s = byteDigits2(bytes, a + 17);
  const ms1 = bytes[a + 20] - 48;
  const ms23 = byteDigits2(bytes, a + 21);
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59 || ms1 < 0 || ms1 > 9 || ms23 < 0) return null;
  return cachedDayMs + ((h * 60 + m) * 60 + s) * 1000 + ms1 * 100 + ms23;
}

function setCachedDay(day: string, ms: number): void {
  cachedDay = day;
  cachedDayMs = ms;
  for (let i = 0; i < 10; i++) cachedDayBytes[i] = day.charCodeAt(i);
}

function byteDigits2(bytes: Uint8Array, i: number): number {
  const a = bytes[i] - 48;
  const b = bytes[i + 1] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Parses an ISO-8601 date-time to epoch ms, or returns null when it is not one. */
export function parseIsoMs(text: string): number | null {
  return canonicalIsoMs(text) ?? parseIsoGeneral(text);
}

function parseIsoGeneral(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const hour = m[4] === undefined ? 0 : +m[4];
  const minute = m[5] === undefined ? 0 : +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  const millis = m[7] === undefined ? 0 : +m[7].slice(0, 3).padEnd(3, '0');
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return null;
  if (hour > 24 || minute > 59 || second > 60) return null;
  if (hour === 24 && (minute || second || millis)) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear takes the year as written.
  const utc = new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + minute) * 60 + Math.min(second, 59)) * 1000 + millis;
  if (Number.isNaN(utc)) return null;
  // Date.UTC rejects nothing for Feb 29 of a common year; check the day survived.
  if (new Date(utc).getUTCDate() !== day && hour !== 24) return null;
  const ms = utc - offsetMinutes * 60_000 + (second === 60 ? 1000 : 0);
  return Math.abs(ms) <= MAX_MS ? ms : null;
}

/**
 * The time of a record's present `ts` (not undefined, not null): an ISO-8601 string or epoch
 * milliseconds (fractions cut), NaN when it is neither. A number, not a result object: the parser
 * calls it for every record.
 */
export function tsMillis(ts: unknown): number {
  if (typeof ts === 'string') return parseIsoMs(ts) ?? NaN;
  if (typeof ts === 'number' && Number.isFinite(ts)) {
    const ms = Math.floor(ts);
    return Math.abs(ms) <= MAX_MS ? ms : NaN;
  }
  return NaN;
}

const DAY_MS = 86_400_000;
let formatDay = NaN;
let formatDayPrefix = '';

function pad2(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

/** `YYYY-MM-DDTHH:MM:SS` of a whole second, with the date part cached per day. */
function isoSecond(second: number): string {
  const day = Math.floor((second * 1000) / DAY_MS);
  if (day !== formatDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    formatDay = day;
    formatDayPrefix = iso.slice(0, iso.indexOf('T') + 1);
  }
  const inDay = second * 1000 - day * DAY_MS;
  const h = Math.floor(inDay / 3_600_000);
  const m = Math.floor(inDay / 60_000) % 60;
  const s = Math.floor(inDay / 1000) % 60;
  return `${formatDayPrefix}${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

/**
 * Texts of times in epoch ms made of a text per whole second and one per millisecond: the second
 * is `ofSecond(YYYY-MM-DDTHH:MM:SS)`, cached in 4096 slots direct-mapped by the second, and the
 * milliseconds `millis('mmm')` from a table. Traces come in time order, and the writers of a
 * summary list one interaction after another, whose times lie within minutes: a single cached
 * second missed at nearly every party, these slots rarely do. `Date#toISOString` per time
 * dominated the CLI's output on million-event traces.
 */
export class TimeTexts {
  private readonly seconds = new Float64Array(4096).fill(NaN);
  private readonly texts: string[] = new Array<string>(4096).fill('');
  private readonly millis: string[];

  constructor(
    private readonly ofSecond: (isoSecond: string) => string,
    millis: (mmm: string) => string,
  ) {
    this.millis = Array.from({ length: 1000 }, (_, i) => millis(String(i).padStart(3, '0')));
  }

  text(ms: number): string {
    const second = Math.floor(ms / 1000);
    const slot = second & 4095;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.texts[slot] = this.ofSecond(isoSecond(second));
    }
    return this.texts[slot] + this.millis[ms - second * 1000];
  }
}

let checkSecond = NaN;
let checkText = '';

/**
 * Whether `text` is exactly `formatIso(ms)`, without making that text: the wire encoder asks it of
 * every record's `ts`, and the answer mostly needs the second's text it asked for last.
 */
export function isIsoOf(text: string, ms: number): boolean {
  if (text.length !== 24 || text.charCodeAt(19) !== 46 /* . */ || text.charCodeAt(23) !== 90 /* Z */) return false;
  const second = Math.floor(ms / 1000);
  const milli = ms - second * 1000;
  if (!(milli >= 0 && milli < 1000 && milli === Math.floor(milli))) return false;
  if (text.charCodeAt(20) !== 48 + Math.floor(milli / 100) || text.charCodeAt(21) !== 48 + (Math.floor(milli / 10) % 10) || text.charCodeAt(22) !== 48 + (milli % 10)) return false;
  if (second !== checkSecond) {
    checkSecond = second;
    checkText = isoSecond(second);
  }
  return checkText.length === 19 && text.startsWith(checkText);
}

const isoTexts = new TimeTexts((second) => second, (mmm) => `.${mmm}Z`);

/** ISO-8601 UTC with milliseconds, or null for an unknown time. */
export function formatIso(ms: number | null): string | null {
  return ms === null ? null : isoTexts.text(ms);
}
