/**
 * Canvas drawing of the timeline, in two layers (Perfetto's slice tracks, excalidraw's static
 * and interactive scenes): the static layer holds what only changes with the trace, the zoom
 * or the scroll (lanes, state segments, event markers, request spans, axis); the interactive
 * layer holds what changes with the cursor and the pointer (links, cursor line, hover).
 *
 * Only visible lanes are drawn, markers and segments narrower than a pixel are merged into one
 * pixel column, and nothing allocates per marker, so 100,000 events on screen stay smooth.
 */
import { eventSpec, FAMILY_COLOURS, partyStateColour } from '../../model/catalogue';
import type { RequestSpan, StateSegment, TimelineLane, TimelineModel } from '../../model/views/lanes';
import { firstMarkerAtOrAfter } from '../../model/views/lanes';
import type { Theme } from '../export/theme';
import { LINK_STYLES, STATUS_COLOURS, textOn } from '../legend/colours';
import { ticks, timeAt, xOf, type Viewport } from './viewport';
import type { Records } from '../../model/records';

export const LANE_H = 24;
export const AXIS_H = 26;
export const GUTTER_W = 216;
/** Marker strip at the top of a lane, state segment below it. */
const MARK_TOP = 2;
const MARK_H = 7;
const SEG_TOP = 10;
const SEG_H = LANE_H - SEG_TOP - 3;
/** A pixel column where several states follow each other: zoom in to tell them apart. */
export const DENSE_COLOUR = '#9ca3af';

export interface Frame {
  model: TimelineModel;
  records: Records;
  /** Plot viewport (its width excludes the gutter). */
  vp: Viewport;
  scrollTop: number;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  theme: Theme;
  formatTick: (t: number, step: number) => string;
}

export function visibleLanes(frame: Pick<Frame, 'scrollTop' | 'height' | 'model'>): [number, number] {
  const first = Math.max(0, Math.floor(frame.scrollTop / LANE_H));
  const last = Math.min(frame.model.lanes.length - 1, Math.ceil((frame.scrollTop + frame.height - AXIS_H) / LANE_H));
  return [first, last];
}

export function laneTop(frame: Pick<Frame, 'scrollTop'>, lane: number): number {
  return AXIS_H + lane * LANE_H - frame.scrollTop;
}

const FAMILIES = ['result', 'lifecycle', 'party', 'link', 'data', 'action', 'other'] as const;
const familyCache = new WeakMap<Int32Array, Uint8Array>();

/** Family code of each marker of a lane, computed once per marker list (a long call's come later). */
function familiesOf(lane: TimelineLane, records: Records): Uint8Array {
  let codes = familyCache.get(lane.markerIndexes);
  if (codes) return codes;
  codes = new Uint8Array(lane.markerIndexes.length);
  for (let i = 0; i < codes.length; i++) {
    const at = lane.markerIndexes[i];
    const family = at >= records.length ? 'other' : records.kind(at) === 'action' ? 'action' : (eventSpec(records.name(at))?.family ?? 'other');
    codes[i] = FAMILIES.indexOf(family);
  }
  familyCache.set(lane.markerIndexes, codes);
  return codes;
}

const textWidths = new Map<string, number>();
function textWidth(ctx: CanvasRenderingContext2D, text: string): number {
  const key = `${ctx.font}|${text}`;
  let w = textWidths.get(key);
  if (w === undefined) {
    w = ctx.measureText(text).width;
    if (textWidths.size > 5000) textWidths.clear();
    textWidths.set(key, w);
  }
  return w;
}

/** `text` cut with an ellipsis to fit `max` pixels. */
export function clip(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (textWidth(ctx, text) <= max) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= max) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${text.slice(0, lo)}…`;
}

/** First segment at or after `from` whose start is at or after `time` (segments are in time order). */
function firstSegmentFrom(segs: readonly StateSegment[], time: number, from: number): number {
  let lo = from;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (segs[mid].start < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function drawSegments(ctx: CanvasRenderingContext2D, lane: TimelineLane, frame: Frame, y: number): void {
  const { vp, width } = frame;
  const segs = lane.segments;
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (segs[mid].end <= vp.start) lo = mid + 1;
    else hi = mid;
  }
  const header = lane.kind === 'interaction';
  const top = header ? y + LANE_H - 5 : y + SEG_TOP;
  const h = header ? 3 : SEG_H;
  let lastPx = -Infinity;
  let lastColour = '';
  let mixed = false;
  for (let i = lo; i < segs.length; i++) {
    const s = segs[i];
    if (s.start > vp.end) break;
    const x0 = Math.max(GUTTER_W, GUTTER_W + xOf(vp, s.start));
    const x1 = Math.min(width, GUTTER_W + xOf(vp, s.end));
    const colour = header ? STATUS_COLOURS[s.state as keyof typeof STATUS_COLOURS] ?? frame.theme.fgSubtle : partyStateColour(s.state);
    if (x1 - x0 < 1) {
      // Sub-pixel segments: one pixel column each. A column holding several states is drawn
      // in the "dense" colour rather than whichever came first, so aliasing cannot invent a state.
      const px = Math.floor(x0);
      if (px <= lastPx) {
        if (px === lastPx && colour !== lastColour && !mixed) {
          ctx.fillStyle = DENSE_COLOUR;
          ctx.fillRect(px, top, 1, h);
          mixed = true;
          // Nothing more can show in this column: jump to the first segment of the next one.
          i = firstSegmentFrom(segs, timeAt(vp, px + 1 - GUTTER_W), i + 1) - 1;
        }
        continue;
      }
      ctx.fillStyle = colour;
      ctx.fillRect(px, top, 1, h);
      lastPx = px;
      lastColour = colour;
      mixed = false;
      continue;
    }
    lastColour = colour;
    mixed = false;
    ctx.fillStyle = colour;
    ctx.fillRect(x0, top, x1 - x0, h);
    lastPx = Math.floor(x1);
    if (!header && x1 - x0 > 28) {
      const label = clip(ctx, s.state, x1 - x0 - 8);
      if (label) {
        ctx.fillStyle = textOn(colour);
        ctx.fillText(label, x0 + 4, top + h / 2 + 0.5);
      }
    }
  }
}

function drawMarkers(ctx: CanvasRenderingContext2D, lane: TimelineLane, frame: Frame, y: number): void {
  const { vp } = frame;
  const times = lane.markerTimes;
  if (times.length === 0) return;
  const families = familiesOf(lane, frame.records);
  const from = firstMarkerAtOrAfter(times, vp.start);
  let lastPx = -1;
  let lastFamily = -1;
  for (let i = from; i < times.length; i++) {
    const t = times[i];
    if (t > vp.end) break;
    const px = Math.round(GUTTER_W + xOf(vp, t));
    if (px === lastPx) {
      // Many events in one pixel column: the column is drawn once, then skip to the next column
      // (binary search), so a zoomed-out lane costs its width in pixels, not its event count.
      // The skip must always move forward: on a sub-millisecond axis at large epoch values, float
      // rounding can make timeAt(px + 0.5) equal this very marker's time.
      i = Math.max(i, firstMarkerAtOrAfter(times, timeAt(vp, px + 0.5 - GUTTER_W)) - 1);
      continue;
    }
    if (families[i] !== lastFamily) ctx.fillStyle = FAMILY_COLOURS[FAMILIES[families[i]]];
    ctx.fillRect(px - 1, y + MARK_TOP, 2, MARK_H);
    lastPx = px;
    lastFamily = families[i];
  }
}

function drawRequests(ctx: CanvasRenderingContext2D, spans: readonly RequestSpan[], frame: Frame, y: number): void {
  const { vp, width, theme } = frame;
  const mid = y + SEG_TOP + 4;
  for (const r of spans) {
    if (r.end < vp.start || r.start > vp.end) continue;
    const x0 = GUTTER_W + xOf(vp, r.start);
    const x1 = Math.max(x0 + 1, GUTTER_W + xOf(vp, r.end));
    const colour = r.result === 'error' ? theme.error : r.result === 'pending' ? theme.warn : theme.fgMuted;
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(r.result === 'pending' ? [3, 3] : []);
    ctx.beginPath();
    ctx.moveTo(Math.max(GUTTER_W, x0), mid);
    ctx.lineTo(Math.min(width, x1), mid);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillRect(x0 - 0.5, mid - 4, 1.5, 8);
    if (r.result !== 'pending') ctx.fillRect(x1 - 1, mid - 4, 1.5, 8);
    const text = `${r.action} ${r.result === 'error' ? `failed${r.error ? ` ${r.error}` : ''}` : r.result === 'pending' ? 'pending' : `${r.latencyMs ?? '?'} ms`}`;
    const room = Math.min(width, x1) - Math.max(GUTTER_W, x0) - 6;
    const w = textWidth(ctx, text);
    if (room > w) ctx.fillText(text, Math.max(GUTTER_W, x0) + 3, mid - 6);
    else if (x1 + 4 + w < width) ctx.fillText(text, x1 + 4, mid + 0.5);
  }
}

/** Static layer: lanes, segments, markers, requests, gutter and axis. */
export function drawStatic(ctx: CanvasRenderingContext2D, frame: Frame): void {
  const { model, width, height, theme } = frame;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, width, height);
  ctx.font = `11px ${theme.fontUi}`;
  ctx.textBaseline = 'middle';
  const [first, last] = visibleLanes(frame);

  // Lane backgrounds and separators.
  for (let i = first; i <= last; i++) {
    const lane = model.lanes.get(i);
    const y = laneTop(frame, i);
    if (lane.kind === 'interaction') {
      ctx.fillStyle = theme.bgSubtle;
      ctx.fillRect(0, y, width, LANE_H);
      ctx.fillStyle = theme.borderStrong;
      ctx.fillRect(0, y, width, 1);
    } else {
      ctx.fillStyle = theme.border;
      ctx.fillRect(GUTTER_W, y + LANE_H - 1, width - GUTTER_W, 0.5);
    }
  }

  // Axis grid lines behind the marks.
  const axisTicks = ticks(frame.vp, 110, frame.formatTick);
  ctx.fillStyle = theme.border;
  for (const t of axisTicks) ctx.fillRect(Math.round(GUTTER_W + t.x), AXIS_H, 1, height - AXIS_H);

  ctx.save();
  ctx.beginPath();
  ctx.rect(GUTTER_W, AXIS_H, width - GUTTER_W, height - AXIS_H);
  ctx.clip();
  for (let i = first; i <= last; i++) {
    const lane = model.lanes.get(i);
    const y = laneTop(frame, i);
    drawSegments(ctx, lane, frame, y);
    drawMarkers(ctx, lane, frame, y);
    const spans = model.requestsOn(i);
    if (spans.length > 0) {
      ctx.fillStyle = theme.fgMuted;
      drawRequests(ctx, spans, frame, y);
    }
  }
  ctx.restore();

  // Gutter with lane labels.
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, AXIS_H, GUTTER_W, height - AXIS_H);
  ctx.clip();
  for (let i = first; i <= last; i++) {
    const lane = model.lanes.get(i);
    const y = laneTop(frame, i);
    ctx.fillStyle = lane.kind === 'interaction' ? theme.bgSubtle : theme.bg;
    ctx.fillRect(0, y + 1, GUTTER_W, LANE_H - 1);
    if (lane.kind === 'interaction') {
      ctx.font = `600 11px ${theme.fontUi}`;
      ctx.fillStyle = theme.fg;
      ctx.fillText(clip(ctx, lane.label, GUTTER_W - 16), 8, y + LANE_H / 2);
    } else {
      ctx.font = `11px ${theme.fontMono}`;
      ctx.fillStyle = theme.fgMuted;
      ctx.fillText(clip(ctx, lane.label, GUTTER_W - 28), 20, y + LANE_H / 2);
    }
  }
  ctx.restore();
  ctx.font = `11px ${theme.fontUi}`;
  ctx.fillStyle = theme.border;
  ctx.fillRect(GUTTER_W - 1, 0, 1, height);

  // Axis.
  ctx.fillStyle = theme.bgSubtle;
  ctx.fillRect(0, 0, width, AXIS_H);
  ctx.fillStyle = theme.border;
  ctx.fillRect(0, AXIS_H - 1, width, 1);
  ctx.fillStyle = theme.fgMuted;
  ctx.fillText(model.axis === 'time' ? 'time (UTC)' : 'record #', 8, AXIS_H / 2);
  ctx.save();
  ctx.beginPath();
  ctx.rect(GUTTER_W, 0, width - GUTTER_W, AXIS_H);
  ctx.clip();
  for (const t of axisTicks) {
    const x = Math.round(GUTTER_W + t.x);
    ctx.fillStyle = theme.borderStrong;
    ctx.fillRect(x, AXIS_H - 6, 1, 6);
    ctx.fillStyle = theme.fgMuted;
    ctx.fillText(t.label, x + 3, AXIS_H / 2 - 1);
  }
  ctx.restore();
}

export interface Interaction {
  cursor: number;
  cursorTime: number | null;
  hover: { lane: number; time: number; index: number } | null;
  selectedLanes: ReadonlySet<number>;
}

function arrowHead(ctx: CanvasRenderingContext2D, x: number, y: number, down: boolean): void {
  const d = down ? -1 : 1;
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - 4.5, y + 7 * d);
  ctx.lineTo(x + 4.5, y + 7 * d);
  ctx.closePath();
  ctx.fill();
}

/** Interactive layer: selection band, links (faded after the cursor), cursor line, hover ring. */
export function drawInteractive(ctx: CanvasRenderingContext2D, frame: Frame, state: Interaction): void {
  const { model, vp, width, height, theme } = frame;
  ctx.clearRect(0, 0, width, height);
  const [first, last] = visibleLanes(frame);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, AXIS_H, width, height - AXIS_H);
  ctx.clip();
  for (const i of state.selectedLanes) {
    if (i < first || i > last) continue;
    ctx.fillStyle = theme.accent;
    ctx.fillRect(0, laneTop(frame, i) + 1, 3, LANE_H - 1);
  }
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.rect(GUTTER_W, AXIS_H, width - GUTTER_W, height - AXIS_H);
  ctx.clip();
  ctx.font = `600 10.5px ${theme.fontUi}`;
  ctx.textBaseline = 'middle';
  for (const link of model.linksNear(first, last)) {
    if (link.time < vp.start || link.time > vp.end) continue;
    const style = LINK_STYLES[link.kind];
    const x = Math.round(GUTTER_W + xOf(vp, link.time)) + 0.5;
    const y1 = laneTop(frame, link.fromLane) + LANE_H / 2;
    const y2 = laneTop(frame, link.toLane) + LANE_H / 2;
    ctx.globalAlpha = link.index <= state.cursor ? 1 : 0.35;
    ctx.strokeStyle = style.colour;
    ctx.fillStyle = style.colour;
    ctx.lineWidth = style.width;
    ctx.setLineDash(style.dash);
    if (link.fromLane === link.toLane) {
      ctx.beginPath();
      ctx.moveTo(x, y1 - 7);
      ctx.lineTo(x + 6, y1);
      ctx.lineTo(x, y1 + 7);
      ctx.lineTo(x - 6, y1);
      ctx.closePath();
      ctx.fill();
    } else {
      const down = y2 > y1;
      ctx.beginPath();
      ctx.moveTo(x, y1);
      ctx.lineTo(x, down ? y2 - 7 : y2 + 7);
      ctx.stroke();
      ctx.setLineDash([]);
      arrowHead(ctx, x, down ? y2 - 1 : y2 + 1, down);
      ctx.beginPath();
      ctx.arc(x, y1, 3, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.setLineDash([]);
    const labelY = link.fromLane === link.toLane ? y1 : (y1 + y2) / 2;
    const w = textWidth(ctx, link.label) + 8;
    ctx.fillStyle = theme.bg;
    ctx.fillRect(x + 6, labelY - 8, w, 16);
    ctx.fillStyle = style.colour;
    ctx.fillText(link.label, x + 10, labelY);
  }
  ctx.globalAlpha = 1;

  // Rings around the markers of the record at the cursor.
  if (state.cursorTime !== null) {
    ctx.strokeStyle = theme.accent;
    ctx.lineWidth = 2;
    for (let i = first; i <= last; i++) {
      const lane = model.lanes.get(i);
      let k = firstMarkerAtOrAfter(lane.markerTimes, state.cursorTime);
      for (; k < lane.markerTimes.length && lane.markerTimes[k] === state.cursorTime; k++) {
        if (lane.markerIndexes[k] !== state.cursor) continue;
        const x = GUTTER_W + xOf(vp, state.cursorTime);
        ctx.strokeRect(x - 4, laneTop(frame, i) + 1, 8, LANE_H - 2);
      }
    }
  }
  if (state.hover && state.hover.index >= 0) {
    const x = GUTTER_W + xOf(vp, state.hover.time);
    ctx.strokeStyle = theme.fg;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(x - 4, laneTop(frame, state.hover.lane) + 1, 8, LANE_H - 2);
  }
  ctx.restore();

  if (state.cursorTime !== null && state.cursorTime >= vp.start && state.cursorTime <= vp.end) {
    const x = Math.round(GUTTER_W + xOf(vp, state.cursorTime)) + 0.5;
    ctx.strokeStyle = theme.accent;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x, AXIS_H - 6);
    ctx.lineTo(x, height);
    ctx.stroke();
    const label = `#${state.cursor + 1}`;
    ctx.font = `600 10.5px ${theme.fontUi}`;
    const w = textWidth(ctx, label) + 10;
    ctx.fillStyle = theme.accent;
    ctx.fillRect(Math.min(x - w / 2, width - w), 2, w, AXIS_H - 8);
    ctx.fillStyle = theme.accentFg;
    ctx.textBaseline = 'middle';
    ctx.fillText(label, Math.min(x - w / 2, width - w) + 5, 2 + (AXIS_H - 8) / 2);
  }
}
