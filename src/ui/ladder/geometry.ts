/**
 * Where the ladder puts things, shared by the screen and the SVG export so both draw the same
 * picture: the time margin, one lifeline per column, and per row an arrow or a note.
 */
import type { Ladder, LadderRow } from '../../model/views/ladder';
import { clockText, ladderOrigin, relativeText } from '../../model/views/ladderText';

export const ROW_H = 30;
export const HEADER_H = 40;
export const TIME_W = 104;
export const IXN_W = 84;

export type TimeMode = 'absolute' | 'relative' | 'delta';

export interface LadderGeometry {
  /** Width of the left margin (time, and the interaction when several are drawn). */
  margin: number;
  /** Lifeline x of each column, relative to the diagram's left edge. */
  centres: number[];
  columnWidth: number;
  /** Diagram width (all columns). */
  width: number;
  showInteraction: boolean;
}

export function ladderGeometry(ladder: Ladder): LadderGeometry {
  const longest = Math.max(0, ...ladder.columns.map((c) => c.label.length));
  const columnWidth = Math.max(120, Math.min(220, longest * 8 + 32));
  const showInteraction = ladder.interactionIds.length > 1;
  return {
    margin: TIME_W + (showInteraction ? IXN_W : 0),
    centres: ladder.columns.map((_, i) => i * columnWidth + columnWidth / 2),
    columnWidth,
    width: ladder.columns.length * columnWidth,
    showInteraction,
  };
}

/** The time shown in the margin of row `i` for a time mode. */
export function rowTime(ladder: Ladder, i: number, mode: TimeMode, origin = ladderOrigin(ladder)): string {
  const row = ladder.rows[i];
  if (mode === 'absolute') return clockText(row.time);
  if (mode === 'relative') return `+${relativeText(row.time, origin)}`;
  const prev = i > 0 ? ladder.rows[i - 1].time : row.time;
  return `+${relativeText(row.time, prev)}`;
}

/** Horizontal extent of a row's label: between the arrow's ends, or around the note's column. */
export function labelBox(geo: LadderGeometry, row: LadderRow): { left: number; width: number } {
  if (row.kind === 'arrow') {
    const a = geo.centres[row.from];
    const b = geo.centres[row.to];
    return { left: Math.min(a, b) + 6, width: Math.abs(b - a) - 12 };
  }
  // A note may spill into the neighbouring columns' space: up to 1.6 columns, centred on its lifeline.
  const width = geo.columnWidth * 1.6;
  const centre = geo.centres[row.from];
  const left = Math.max(2, Math.min(centre - width / 2, geo.width - width - 2));
  return { left, width };
}
