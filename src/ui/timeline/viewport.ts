/**
 * The timeline's horizontal viewport: which time window `[start, end)` is drawn across
 * `width` pixels of plot. Pure functions so zoom, pan and hit-testing are unit-tested without a
 * canvas. Times are on the lanes' axis (epoch ms, or record indexes when the trace has no times).
 */
import { firstMarkerAtOrAfter, type TimelineLane } from '../../model/views/lanes';

export interface Viewport {
  start: number;
  end: number;
  /** Plot width in CSS pixels. */
  width: number;
}

/** Narrowest window: one millisecond across the plot would be 1000 px per µs, pointless. */
export const MIN_SPAN = 1;

export function xOf(vp: Viewport, t: number): number {
  return ((t - vp.start) / (vp.end - vp.start)) * vp.width;
}

export function timeAt(vp: Viewport, x: number): number {
  return vp.start + (x / vp.width) * (vp.end - vp.start);
}

/** The whole `[start, end]` range with a small margin on both sides. */
export function fitRange(start: number, end: number, width: number, margin = 0.02): Viewport {
  const span = Math.max(MIN_SPAN, end - start);
  return { start: start - span * margin, end: end + span * margin, width };
}

/** Keeps a window inside the trace (plus its margin) and no narrower than `MIN_SPAN`. */
export function clampViewport(vp: Viewport, bounds: { start: number; end: number }): Viewport {
  const full = fitRange(bounds.start, bounds.end, vp.width);
  const maxSpan = full.end - full.start;
  let span = Math.min(Math.max(vp.end - vp.start, MIN_SPAN), maxSpan);
  let start = vp.start;
  if (!Number.isFinite(span) || span <= 0) span = maxSpan;
  if (start < full.start) start = full.start;
  if (start + span > full.end) start = full.end - span;
  return { start, end: start + span, width: vp.width };
}

/** Zoom by `factor` (> 1 zooms in) keeping the time under pixel `x` where it is. */
export function zoomAt(vp: Viewport, factor: number, x: number, bounds: { start: number; end: number }): Viewport {
  const anchor = timeAt(vp, x);
  const span = (vp.end - vp.start) / factor;
  const ratio = vp.width > 0 ? x / vp.width : 0.5;
  return clampViewport({ start: anchor - span * ratio, end: anchor - span * ratio + span, width: vp.width }, bounds);
}

/** Pan by `dx` pixels (positive moves the content right, i.e. shows earlier times). */
export function panBy(vp: Viewport, dx: number, bounds: { start: number; end: number }): Viewport {
  const dt = (dx / vp.width) * (vp.end - vp.start);
  return clampViewport({ start: vp.start - dt, end: vp.end - dt, width: vp.width }, bounds);
}

/** Moves the window so `t` is visible, centring it only when it was off screen. */
export function reveal(vp: Viewport, t: number, bounds: { start: number; end: number }): Viewport {
  if (t >= vp.start && t <= vp.end) return vp;
  const span = vp.end - vp.start;
  return clampViewport({ start: t - span / 2, end: t + span / 2, width: vp.width }, bounds);
}

/** The marker of `lane` nearest to pixel `x`, within `maxPx`; null when none is that close. */
export function nearestMarker(lane: TimelineLane, vp: Viewport, x: number, maxPx = 8): { index: number; time: number } | null {
  const times = lane.markerTimes;
  if (times.length === 0) return null;
  const t = timeAt(vp, x);
  const i = firstMarkerAtOrAfter(times, t);
  let best = -1;
  let bestDist = Infinity;
  // Several markers can share a time; the last of a run is the latest state, so prefer it.
  for (const k of [i - 1, i]) {
    if (k < 0 || k >= times.length) continue;
    const d = Math.abs(xOf(vp, times[k]) - x);
    if (d < bestDist || (d === bestDist && k > best)) {
      best = k;
      bestDist = d;
    }
  }
  if (best === -1 || bestDist > maxPx) return null;
  let k = best;
  while (k + 1 < times.length && times[k + 1] === times[best]) k++;
  return { index: lane.markerIndexes[k], time: times[k] };
}

export interface Tick {
  time: number;
  x: number;
  label: string;
}

const STEPS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

/** Axis ticks about `minPx` apart, labelled by `format(time, step)`. */
export function ticks(vp: Viewport, minPx: number, format: (t: number, step: number) => string): Tick[] {
  const span = vp.end - vp.start;
  const want = (span * minPx) / Math.max(1, vp.width);
  const step = STEPS_MS.find((s) => s >= want) ?? Math.ceil(want / 86_400_000) * 86_400_000;
  const out: Tick[] = [];
  for (let t = Math.ceil(vp.start / step) * step; t <= vp.end; t += step) out.push({ time: t, x: xOf(vp, t), label: format(t, step) });
  return out;
}
