/**
 * The scrubber over the trace's time: record density and problem ticks on a canvas (redrawn
 * once per batch or resize, at most once per frame), the cursor as a light overlay. Dragging
 * maps the pointer's time to the last record at or before it. Traces without times (or all at
 * one instant) are scrubbed by record number instead.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { recordAtTime, type TraceIndex } from '../../model/recordColumns';
import type { TraceRecord } from '../../model/types';
import { setCursor, useStore } from '../../store/store';
import { clockText, offsetText } from '../table/timeFormat';

interface Props {
  index: TraceIndex;
  records: readonly TraceRecord[];
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

function draw(canvas: HTMLCanvasElement, index: TraceIndex, count: number): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0 || height === 0) return;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  const css = getComputedStyle(canvas);
  const colour = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = colour('--bg-muted', '#eceef2');
  ctx.fillRect(0, 0, width, height);
  if (count === 0) return;
  // Density: records per pixel column, log-scaled so a quiet stretch still shows.
  const bins = new Uint32Array(Math.max(1, Math.floor(width)));
  for (let i = 0; i < count; i++) {
    const b = Math.min(bins.length - 1, Math.floor(positionOf(index, count, i) * bins.length));
    bins[b]++;
  }
  let max = 1;
  for (const n of bins) if (n > max) max = n;
  ctx.fillStyle = colour('--fg-subtle', '#8a919c');
  const top = 5;
  const barSpace = height - top - 1;
  for (let x = 0; x < bins.length; x++) {
    if (bins[x] === 0) continue;
    const h = Math.max(2, (Math.log1p(bins[x]) / Math.log1p(max)) * barSpace);
    ctx.fillRect(x, height - 1 - h, 1, h);
  }
  // Problems: a tick on top per record with diagnostics, the worst severity drawn last.
  const sevColour = ['', colour('--info', '#0969da'), colour('--warn', '#b58400'), colour('--error', '#cf222e')];
  for (let s = 1; s <= 3; s++) {
    ctx.fillStyle = sevColour[s];
    for (const i of index.problemIndexes) {
      if (index.severity[i] !== s) continue;
      const x = Math.min(width - 2, Math.floor(positionOf(index, count, i) * width));
      ctx.fillRect(x, 0, 2, top + 2);
    }
  }
}

export function Scrubber({ index, records, cursor }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState(0);
  const count = records.length;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const observer = new ResizeObserver(() => setSize(canvas.clientWidth));
    observer.observe(canvas);
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    const redraw = () => setSize((s) => s + 0.001);
    scheme.addEventListener('change', redraw);
    return () => {
      observer.disconnect();
      scheme.removeEventListener('change', redraw);
    };
  }, []);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const frame = requestAnimationFrame(() => draw(canvas, index, count));
    return () => cancelAnimationFrame(frame);
  }, [index, count, size]);

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
  const time = cursor >= 0 && cursor < count ? records[cursor].time : null;
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
