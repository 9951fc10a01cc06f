/**
 * Time texts of the table, transport and inspector. Times are UTC (traces are UTC ISO-8601), with
 * milliseconds, in a fixed width so columns stay aligned.
 */
import type { TimeFormat } from '../../store/filters';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `10:00:01.530` (UTC). */
export function clockText(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** A duration: `12 ms`, `4.210 s`, `2:05.000`, `1:02:05.000`. */
export function durationText(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const a = Math.abs(ms);
  if (a < 1000) return `${sign}${a} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(3)} s`;
  const h = Math.floor(a / 3_600_000);
  const m = Math.floor((a % 3_600_000) / 60_000);
  const s = ((a % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return h > 0 ? `${sign}${h}:${pad(m)}:${s}` : `${sign}${m}:${s}`;
}

/** `+4.210 s` from the start of the trace. */
export function offsetText(ms: number, start: number): string {
  const d = ms - start;
  return d < 0 ? durationText(d) : `+${durationText(d)}`;
}

/** The time cell of a row. */
export function timeCellText(time: number | null, format: TimeFormat, start: number | null, previous: number | null): string {
  if (time === null) return '—';
  if (format === 'absolute' || start === null) return clockText(time);
  if (format === 'relative') return offsetText(time, start);
  if (previous === null) return '';
  const d = time - previous;
  return d < 0 ? durationText(d) : `+${durationText(d)}`;
}

/** The full ISO text, for tooltips. */
export function isoText(ms: number | null): string {
  return ms === null ? 'no time' : new Date(ms).toISOString();
}
