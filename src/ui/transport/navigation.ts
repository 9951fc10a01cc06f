/**
 * Where the transport's jump buttons land: the previous/next entry of a sorted list of record
 * indexes (problems, or the records of the selected interaction) strictly before/after the cursor.
 */

/** The last entry < cursor, or null. */
export function previousIn(sorted: ArrayLike<number>, cursor: number): number | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : null;
}

/** The first entry > cursor, or null. */
export function nextIn(sorted: ArrayLike<number>, cursor: number): number | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo] : null;
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
