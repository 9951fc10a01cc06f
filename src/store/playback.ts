/**
 * Play/pause of the cursor: replay the trace in real time, the time between two records scaled
 * by the speed (1x..100x). Long silences are capped (a call parked for ten minutes should not
 * stall the replay), and playback stops on the last record. The timer lives here, at module
 * level, so playing needs no component mounted and tests drive it with fake timers.
 */
import { create } from 'zustand';
import { setCursor, useStore } from './store';

export const SPEEDS = [1, 2, 5, 10, 25, 100] as const;
export type Speed = (typeof SPEEDS)[number];

/** Longest real gap replayed between two records, in ms at 1x; longer silences are shortened to this. */
export const MAX_GAP_MS = 2000;

export interface PlaybackState {
  playing: boolean;
  speed: Speed;
}

export const usePlayback = create<PlaybackState>()(() => ({ playing: false, speed: 1 }));

let timer: ReturnType<typeof setTimeout> | null = null;

/** Wait before showing the next record: its real gap (ms, unknown or negative = 0), capped, divided by the speed. */
export function playbackDelay(previousTime: number | null, nextTime: number | null, speed: number): number {
  const gap = previousTime === null || nextTime === null ? 0 : Math.max(0, nextTime - previousTime);
  return Math.min(gap, MAX_GAP_MS) / speed;
}

function clearTimer(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
}

function schedule(): void {
  clearTimer();
  const { records, cursor } = useStore.getState();
  const next = cursor + 1;
  if (next >= records.length) {
    usePlayback.setState({ playing: false });
    return;
  }
  const previousTime = cursor >= 0 ? records.time(cursor) : null;
  const delay = playbackDelay(previousTime, records.time(next), usePlayback.getState().speed);
  timer = setTimeout(() => {
    timer = null;
    if (!usePlayback.getState().playing) return;
    // Step from wherever the cursor is now: the person may have moved it while playing.
    const now = useStore.getState();
    if (now.cursor + 1 >= now.records.length) {
      usePlayback.setState({ playing: false });
      return;
    }
    setCursor(now.cursor + 1);
    schedule();
  }, delay);
}

/** Starts replaying from the cursor (from the first record when the cursor is on the last). */
export function play(): void {
  const { records, cursor } = useStore.getState();
  if (records.length === 0) return;
  if (cursor >= records.length - 1) setCursor(0);
  usePlayback.setState({ playing: true });
  schedule();
}

export function pause(): void {
  clearTimer();
  usePlayback.setState({ playing: false });
}

export function togglePlay(): void {
  if (usePlayback.getState().playing) pause();
  else play();
}

export function setSpeed(speed: Speed): void {
  usePlayback.setState({ speed });
  if (usePlayback.getState().playing) schedule();
}

// A new trace replaces the one playing: stop rather than replay the new one as it loads.
useStore.subscribe((s, prev) => {
  if (s.traceVersion !== prev.traceVersion && usePlayback.getState().playing) pause();
});

/** Stops and goes back to 1x (tests, loading a new trace). */
export function resetPlayback(): void {
  clearTimer();
  usePlayback.setState({ playing: false, speed: 1 });
}
