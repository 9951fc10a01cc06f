/**
 * Trace timestamps: ISO-8601 strings or epoch milliseconds, kept as integer milliseconds.
 * "An ISO string without an offset is UTC; digits past milliseconds are cut."
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Largest span a JavaScript Date can hold (±100,000,000 days around 1970). */
const MAX_MS = 8.64e15;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses an ISO-8601 date-time to epoch ms, or returns null when it is not one. */
export function parseIsoMs(text: string): number | null {
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
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  if (Number.isNaN(utc)) return null;
  // Date.UTC rejects nothing for Feb 29 of a common year; check the day survived.
  if (new Date(utc).getUTCDate() !== day && hour !== 24) return null;
  const ms = utc - offsetMinutes * 60_000 + (second === 60 ? 1000 : 0);
  return Math.abs(ms) <= MAX_MS ? ms : null;
}

export type TsResult = { kind: 'absent' } | { kind: 'ok'; ms: number } | { kind: 'bad' };

/** Reads a record's `ts` field: absent (undefined or null), a usable time, or bad. */
export function readTs(ts: unknown): TsResult {
  if (ts === undefined || ts === null) return { kind: 'absent' };
  if (typeof ts === 'number') {
    if (!Number.isFinite(ts)) return { kind: 'bad' };
    const ms = Math.floor(ts);
    return Math.abs(ms) <= MAX_MS ? { kind: 'ok', ms } : { kind: 'bad' };
  }
  if (typeof ts === 'string') {
    const ms = parseIsoMs(ts);
    return ms === null ? { kind: 'bad' } : { kind: 'ok', ms };
  }
  return { kind: 'bad' };
}

/** ISO-8601 UTC with milliseconds, or null for an unknown time. */
export function formatIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
