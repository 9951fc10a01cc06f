/**
 * The scrubber over the trace's time: record density and problem ticks on a canvas (kept per
 * batch by `density.ts`, redrawn at most once per frame and a few times a second while loading),
 * the cursor as a light overlay. Dragging
 * maps the pointer's time to the last record at or before it. Traces without times (or all at
 * one instant) are scrubbed by record number instead.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { recordAtTime, type TraceIndex } from '../../model/recordColumns';
import { setCursor, useStore } from '../../store/store';
import { onIndexExtended } from '../table/traceIndex';
import { columnsOf, updateDensity, type Density } from './density';
import { clockText, offsetText } from '../table/timeFormat';
import type { Records } from '../../model/records';

interface Props {
  index: TraceIndex;
  records: Records;
  cursor: number;
}

/** Position (0..1) of a record on the bar. */
function positionOf(index: TraceIndex, count: number, recordIndex: number): number {
  const { startTime, endTime } = index;
  if (startTime !== null && endTime !== null && endTime > startTime) {
    const t = index.timeCeiling[recordIndex];
    return Number.isNaN(t) ? 0 : (t - startTime) / (endTime - startTime);
  }
  return count <= 1 ? 0 : recordIndex / (count - 1);
}

/** The record shown at position `x` (0..1). */
function recordAt(index: TraceIndex, count: number, x: number): number {
  const { startTime, endTime } = index;
  const f = Math.max(0, Math.min(1, x));
  if (startTime !== null && endTime !== null && endTime > startTime) {
    return Math.max(0, recordAtTime(index, startTime + f * (endTime - startTime)));
  }
  return Math.round(f * (count - 1));
}

interface Colours {
  background: string;
  density: string;
  /** By severity: 1 info, 2 warning, 3 error. */
  severity: string[];
}

function coloursOf(canvas: HTMLCanvasElement): Colours {
  const css = getComputedStyle(canvas);
  const colour = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: colour('--bg-muted', '#eceef2'),
    density: colour('--fg-subtle', '#8a919c'),
    severity: ['', colour('--info', '#0969da'), colour('--warn', '#b58400'), colour('--error', '#cf222e')],
  };
}

function draw(canvas: HTMLCanvasElement, density: Density, index: TraceIndex, colours: Colours): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0 || height === 0) return;
  const w = Math.round(width * ratio);
  const h = Math.round(height * ratio);
  // Setting the size clears the canvas even when unchanged: only when it changed.
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = colours.background;
  ctx.fillRect(0, 0, width, height);
  if (density.counted === 0) return;
  const { counts, severity } = columnsOf(density, index, width);
  // Density: records per pixel column, log-scaled so a quiet stretch still shows.
  let max = 1;
  for (const n of counts) if (n > max) max = n;
  ctx.fillStyle = colours.density;
  const top = 5;
  const barSpace = height - top - 1;
  for (let x = 0; x < counts.length; x++) {
    if (counts[x] === 0) continue;
    const bar = Math.max(2, (Math.log1p(counts[x]) / Math.log1p(max)) * barSpace);
    ctx.fillRect(x, height - 1 - bar, 1, bar);
  }
  // Problems: a tick on top per column with diagnostics, in the colour of the worst.
  for (let s = 1; s <= 3; s++) {
    ctx.fillStyle = colours.severity[s];
    for (let x = 0; x < severity.length; x++) {
      if (severity[x] === s) ctx.fillRect(Math.min(width - 2, x), 0, 2, top + 2);
    }
  }
}

/**
 * The density of the trace on screen, one for the page: brought up to the index as records are
 * applied (in a load's slices), so a paint only draws it.
 */
let density: Density | null = null;
onIndexExtended((index) => {
  density = updateDensity(density, useStore.getState().records, index);
});

/** Least time between two redraws while a trace loads (the bar changes with every batch). */
const LOADING_REDRAW_MS = 250;

export function Scrubber({ index, records, cursor }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState(0);
  const count = records.length;
  const loading = useStore((s) => s.load.status === 'loading');
  const painter = useRef<{ colours: Colours | null; last: number }>({ colours: null, last: -Infinity });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const observer = new ResizeObserver(() => setSize(canvas.clientWidth));
    observer.observe(canvas);
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    const redraw = () => {
      painter.current.colours = null;
      setSize((s) => s + 0.001);
    };
    scheme.addEventListener('change', redraw);
    return () => {
      observer.disconnect();
      scheme.removeEventListener('change', redraw);
    };
  }, []);

  // One redraw pending at a time (a newer change replaces it), at most one per frame, and while
  // loading at most one per LOADING_REDRAW_MS; it reads the props of when it runs.
  const latest = useRef({ index, records, loading });
  latest.current = { index, records, loading };
  useEffect(() => {
    const p = painter.current;
    const canvas = canvasRef.current;
    if (!canvas) return;
    let frame = 0;
    const paint = () => {
      frame = 0;
      p.last = performance.now();
      const { index: ix, records: rs } = latest.current;
      density = updateDensity(density, rs, ix);
      p.colours ??= coloursOf(canvas);
      draw(canvas, density, ix, p.colours);
    };
    const wait = latest.current.loading ? p.last + LOADING_REDRAW_MS - performance.now() : 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (wait > 0) timer = setTimeout(() => ((timer = undefined), (frame = requestAnimationFrame(paint))), wait);
    else frame = requestAnimationFrame(paint);
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [index, count, size, loading]);

  const seek = (e: PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    if (rect.width === 0 || count === 0) return;
    // The last few pixels are the end: the last record, not the last one a pixel's time before it.
    const x = e.clientX - rect.left;
    setCursor(recordAt(index, count, x >= rect.width - 3 ? 1 : x <= 2 ? 0 : x / rect.width));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const c = useStore.getState().cursor;
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step !== 0) {
      e.preventDefault();
      e.stopPropagation();
      setCursor(Math.max(0, c + step));
    }
  };

  const at = cursor >= 0 && count > 0 ? positionOf(index, count, cursor) : 0;
  const time = cursor >= 0 && cursor < count ? records.time(cursor) : null;
  const valueText =
    time !== null && index.startTime !== null ? `${clockText(time)} (${offsetText(time, index.startTime)})` : `record ${cursor + 1}`;
  return (
    <div
      className="tr-scrub"
      role="slider"
      tabIndex={0}
      aria-label="Trace time"
      aria-valuemin={0}
      aria-valuemax={Math.max(0, count - 1)}
      aria-valuenow={Math.max(0, cursor)}
      aria-valuetext={valueText}
      title="Drag or click to move the cursor to the last record at that time (← → step when focused). Ticks on top: problems."
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        seek(e);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) seek(e);
      }}
      onKeyDown={onKeyDown}
    >
      <canvas ref={canvasRef} className="tr-scrub-canvas" />
      {cursor >= 0 && count > 0 && <div className="tr-scrub-cursor" style={{ left: `${at * 100}%` }} />}
    </div>
  );
}
