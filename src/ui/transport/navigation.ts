/**
 * Where the transport's jump buttons land: the previous/next entry of a sorted list of record
 * indexes (problems, or the records of the selected interaction) strictly before/after the cursor.
 */
import { lowerBound } from '../../model/filter';
import { countIndexesUpTo } from '../../model/timeTravel';

/** The last entry < cursor, or null. */
export function previousIn(sorted: ArrayLike<number>, cursor: number): number | null {
  const at = lowerBound(sorted, cursor);
  return at > 0 ? sorted[at - 1] : null;
}

/** The first entry > cursor, or null. */
export function nextIn(sorted: ArrayLike<number>, cursor: number): number | null {
  const at = countIndexesUpTo(sorted, cursor);
  return at < sorted.length ? sorted[at] : null;
}

/** Keyboard shortcuts of the transport (documented in its tooltips). */
export const SHORTCUTS = {
  stepBack: ',',
  stepForward: '.',
  previousProblem: '[',
  nextProblem: ']',
  previousOfInteraction: '<',
  nextOfInteraction: '>',
  playPause: 'p',
} as const;
