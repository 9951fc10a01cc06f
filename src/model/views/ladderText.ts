/**
 * The ladder as plain text, for pasting into a ticket: fixed-width columns with a lifeline per
 * session/resource, arrows drawn with `-` and `>`/`<`, notes as `*`, and every row's full text
 * to the right of the diagram (never truncated, so nothing the screen shows is lost).
 *
 *   time (UTC)    +s       S1          +15551230001     5000
 *   10:00:01.500  1.500    |--------------------------->|     redirect R1 to 7001
 */
import type { Ladder } from './ladder';

const MIN_COLUMN = 10;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `HH:MM:SS.mmm` in UTC; blank-width dash when the time is unknown. */
export function clockText(ms: number | null): string {
  if (ms === null) return '--:--:--.---';
  const d = new Date(ms);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

/** Seconds since `origin` with milliseconds, e.g. `52.016`. */
export function relativeText(ms: number | null, origin: number | null): string {
  if (ms === null || origin === null) return '-';
  const delta = ms - origin;
  const sign = delta < 0 ? '-' : '';
  const abs = Math.abs(delta);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

/** Time of the ladder's first timed row: the origin of relative times. */
export function ladderOrigin(ladder: Ladder): number | null {
  for (const r of ladder.rows) if (r.time !== null) return r.time;
  return null;
}

export interface LadderTextOptions {
  /** Title line; defaults to the interactions drawn. */
  title?: string;
}

/** The ladder (already filtered as on screen) as plain text lines, ending with a newline. */
export function ladderText(ladder: Ladder, options: LadderTextOptions = {}): string {
  const width = Math.max(MIN_COLUMN, ...ladder.columns.map((c) => c.label.length + 2));
  const origin = ladderOrigin(ladder);
  const rel = ladder.rows.map((r) => relativeText(r.time, origin));
  const relWidth = Math.max(2, ...rel.map((t) => t.length));
  const multi = ladder.interactionIds.length > 1;
  const idWidth = Math.max(0, ...ladder.interactionIds.map((id) => id.length + 2));
  const centre = (i: number) => i * width + Math.floor(width / 2);
  const diagramWidth = ladder.columns.length * width;

  const lines: string[] = [];
  const date = origin !== null ? new Date(origin).toISOString().slice(0, 10) : 'unknown date';
  lines.push(`# ixnscope ladder: ${options.title ?? ladder.interactionIds.join(' + ')} (${date}, times UTC)`);
  const sessions = ladder.columns.filter((c) => c.kind === 'session').map((c) => c.label);
  if (sessions.length > 0) lines.push(`# SCXML session column${sessions.length > 1 ? 's' : ''}: ${sessions.join(', ')}`);

  const margin = (a: string, b: string) => `${a.padEnd(12)}  ${b.padStart(relWidth)}  `;
  const header = Array.from({ length: diagramWidth }, () => ' ');
  ladder.columns.forEach((c, i) => {
    const start = Math.max(i * width, centre(i) - Math.floor(c.label.length / 2));
    for (let k = 0; k < c.label.length; k++) header[start + k] = c.label[k];
  });
  lines.push((margin('time', '+s') + header.join('')).trimEnd());

  ladder.rows.forEach((row, r) => {
    const cells = Array.from({ length: diagramWidth }, () => ' ');
    for (let i = 0; i < ladder.columns.length; i++) cells[centre(i)] = '|';
    const a = centre(row.from);
    const b = centre(row.to);
    if (row.kind === 'note' || a === b) {
      cells[a] = '*';
    } else {
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      for (let x = lo + 1; x < hi; x++) cells[x] = '-';
      if (b > a) cells[b - 1] = '>';
      else cells[b + 1] = '<';
    }
    const prefix = multi ? `${row.interactionId !== null ? `[${row.interactionId}]` : ''}`.padEnd(idWidth + 1) : '';
    const mark = row.error ? '! ' : '';
    lines.push(`${margin(clockText(row.time), rel[r])}${cells.join('')}  ${mark}${prefix}${row.text}`.trimEnd());
  });
  return `${lines.join('\n')}\n`;
}
