import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseInput } from '../model/analyze';
import { MAX_GAP_MS, pause, play, playbackDelay, resetPlayback, setSpeed, togglePlay, usePlayback } from './playback';
import { appendRecords, resetTrace, setCursor, useStore } from './store';

/** Records at these ms offsets. */
function loadTimes(times: number[]): void {
  const text = times.map((t, i) => JSON.stringify({ ts: 1_000_000 + t, name: 'x.event', data: { i } })).join('\n');
  appendRecords(parseInput({ name: 't.ndjson', content: text }, 0).records);
}

const cursor = () => useStore.getState().cursor;
const playing = () => usePlayback.getState().playing;

beforeEach(() => {
  vi.useFakeTimers();
  resetTrace();
  resetPlayback();
});
afterEach(() => {
  resetPlayback();
  vi.useRealTimers();
});

describe('playbackDelay', () => {
  it('scales the real gap by the speed, caps long silences, and treats unknown or backwards time as no wait', () => {
    expect(playbackDelay(0, 500, 1)).toBe(500);
    expect(playbackDelay(0, 500, 10)).toBe(50);
    expect(playbackDelay(0, 600_000, 1)).toBe(MAX_GAP_MS);
    expect(playbackDelay(0, 600_000, 100)).toBe(MAX_GAP_MS / 100);
    expect(playbackDelay(null, 500, 1)).toBe(0);
    expect(playbackDelay(900, 500, 1)).toBe(0);
  });
});

describe('playback', () => {
  it('steps the cursor in real time between records and stops on the last one', () => {
    loadTimes([0, 1000, 1500, 4000]);
    setCursor(0);
    play();
    expect(playing()).toBe(true);
    vi.advanceTimersByTime(999);
    expect(cursor()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(cursor()).toBe(1);
    vi.advanceTimersByTime(500);
    expect(cursor()).toBe(2);
    vi.advanceTimersByTime(MAX_GAP_MS); // the 2500 ms gap is capped
    expect(cursor()).toBe(3);
    vi.advanceTimersByTime(10_000);
    expect(cursor()).toBe(3);
    expect(playing()).toBe(false);
  });

  it('plays faster at a higher speed, also when changed while playing', () => {
    loadTimes([0, 1000, 2000, 3000]);
    setCursor(0);
    setSpeed(10);
    play();
    vi.advanceTimersByTime(100);
    expect(cursor()).toBe(1);
    setSpeed(100);
    vi.advanceTimersByTime(10);
    expect(cursor()).toBe(2);
  });

  it('pauses and resumes from where the person moved the cursor', () => {
    loadTimes([0, 100, 200, 300, 400]);
    setCursor(0);
    togglePlay();
    vi.advanceTimersByTime(100);
    expect(cursor()).toBe(1);
    togglePlay();
    expect(playing()).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(cursor()).toBe(1);
    setCursor(3);
    play();
    vi.advanceTimersByTime(100);
    expect(cursor()).toBe(4);
  });

  it('stops when a new trace replaces the one playing', () => {
    loadTimes([0, 100, 200]);
    setCursor(0);
    play();
    resetTrace();
    expect(playing()).toBe(false);
    loadTimes([0, 100, 200]);
    vi.advanceTimersByTime(1000);
    expect(cursor()).toBe(-1);
  });

  it('starts over from the first record when played at the end, and does nothing without records', () => {
    play();
    expect(playing()).toBe(false);
    loadTimes([0, 100]);
    setCursor(1);
    play();
    expect(cursor()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(cursor()).toBe(1);
    pause();
    expect(playing()).toBe(false);
  });
});
