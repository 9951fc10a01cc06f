import { describe, expect, it } from 'vitest';
import type { TimelineLane } from '../../model/views/lanes';
import { clampViewport, fitRange, nearestMarker, panBy, reveal, ticks, timeAt, xOf, zoomAt } from './viewport';

const bounds = { start: 0, end: 1000 };

describe('timeline viewport', () => {
  it('maps times to pixels and back', () => {
    const vp = { start: 100, end: 300, width: 400 };
    expect(xOf(vp, 200)).toBe(200);
    expect(timeAt(vp, 100)).toBe(150);
  });

  it('zooms around the pointer, keeping the time under it in place', () => {
    const vp = fitRange(0, 1000, 500);
    const zoomed = zoomAt(vp, 4, 125, bounds);
    expect(zoomed.end - zoomed.start).toBeCloseTo((vp.end - vp.start) / 4);
    expect(timeAt(zoomed, 125)).toBeCloseTo(timeAt(vp, 125));
  });

  it('never zooms out past the whole trace nor pans outside it', () => {
    const full = fitRange(0, 1000, 500);
    const out = zoomAt(full, 0.1, 250, bounds);
    expect([out.start, out.end]).toEqual([full.start, full.end]);
    const panned = panBy({ start: 100, end: 200, width: 500 }, 10_000, bounds);
    expect(panned.start).toBe(full.start);
    expect(panned.end - panned.start).toBeCloseTo(100);
    expect(clampViewport({ start: 500, end: 500, width: 500 }, bounds).end).toBe(501);
  });

  it('reveals an off-screen time by centring it, leaves a visible one alone', () => {
    const vp = { start: 0, end: 100, width: 500 };
    expect(reveal(vp, 50, bounds)).toBe(vp);
    const moved = reveal(vp, 600, bounds);
    expect((moved.start + moved.end) / 2).toBe(600);
  });

  it('finds the nearest marker within reach, preferring the last of a run at one time', () => {
    const lane = { markerTimes: Float64Array.from([10, 20, 20, 80]), markerIndexes: Int32Array.from([3, 4, 5, 9]) } as unknown as TimelineLane;
    const vp = { start: 0, end: 100, width: 100 };
    expect(nearestMarker(lane, vp, 22)).toEqual({ index: 5, time: 20 });
    expect(nearestMarker(lane, vp, 9)).toEqual({ index: 3, time: 10 });
    expect(nearestMarker(lane, vp, 50)).toBeNull();
  });

  it('spaces axis ticks on round steps', () => {
    const t = ticks({ start: 0, end: 10_000, width: 1000 }, 100, (x) => String(x));
    expect(t.map((k) => k.time)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000]);
  });
});
