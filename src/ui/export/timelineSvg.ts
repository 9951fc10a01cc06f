/**
 * The timeline as a standalone SVG: the lanes on screen (the selection, or all interactions)
 * over the time window on screen, with the same sub-pixel merging as the canvas so a zoomed-out
 * export of a big trace stays a reasonable file.
 */
import { eventSpec, FAMILY_COLOURS, partyStateColour } from '../../model/catalogue';
import { clockText } from '../../model/views/ladderText';
import { firstMarkerAtOrAfter, type TimelineModel } from '../../model/views/lanes';
import type { TraceRecord } from '../../model/types';
import { LINK_STYLES, STATUS_COLOURS, textOn } from '../legend/colours';
import { ticks, xOf, type Viewport } from '../timeline/viewport';
import { escapeXml, fitText, n, svgDocument, svgText } from './svg';
import type { Theme } from './theme';
import { asRecords, type Records } from '../../model/records';

const LANE = 24;
const AXIS = 28;
const GUTTER = 216;
const TITLE = 28;
/** Beyond this many lanes the picture is unreadable anyway; the export says it stopped. */
export const MAX_EXPORT_LANES = 2000;

export function timelineSvg(model: TimelineModel, list: Records | readonly TraceRecord[], screen: Viewport, theme: Theme, cursor: number): string {
  const records = asRecords(list);
  const width = GUTTER + Math.max(400, Math.round(screen.width));
  const vp: Viewport = { ...screen, width: width - GUTTER };
  const shown = model.lanes.slice(0, MAX_EXPORT_LANES);
  const height = TITLE + AXIS + shown.length * LANE + 8;
  const body: string[] = [];
  const top = TITLE + AXIS;
  const laneY = (i: number) => top + i * LANE;
  const X = (t: number) => GUTTER + xOf(vp, t);
  const span = model.axis === 'time' ? `${clockText(vp.start)} – ${clockText(vp.end)} UTC` : `records ${Math.round(vp.start) + 1} – ${Math.round(vp.end) + 1}`;
  const cut = model.lanes.length > shown.length ? ` (first ${shown.length} of ${model.lanes.length} lanes)` : '';
  body.push(svgText({ x: 8, y: 18, text: `ixnscope timeline · ${span}${cut}`, fill: theme.fg, size: 13, weight: 600 }));
  body.push(`<defs><clipPath id="plot"><rect x="${GUTTER}" y="${TITLE}" width="${n(vp.width)}" height="${height - TITLE}"/></clipPath></defs>`);

  const format = (t: number, step: number) => (model.axis === 'index' ? `#${Math.round(t) + 1}` : step >= 1000 ? clockText(t).slice(0, 8) : clockText(t));
  body.push(`<rect x="0" y="${TITLE}" width="${width}" height="${AXIS}" fill="${theme.bgSubtle}"/>`);
  for (const t of ticks(vp, 110, format)) {
    const x = GUTTER + t.x;
    body.push(`<line x1="${n(x)}" y1="${top}" x2="${n(x)}" y2="${height}" stroke="${theme.border}"/>`);
    body.push(svgText({ x: x + 3, y: TITLE + 17, text: t.label, fill: theme.fgMuted, size: 11 }));
  }

  body.push('<g clip-path="url(#plot)">');
  shown.forEach((lane, i) => {
    const y = laneY(i);
    if (lane.kind === 'interaction') body.push(`<rect x="0" y="${y}" width="${width}" height="${LANE}" fill="${theme.bgSubtle}"/>`);
    let lastPx = -Infinity;
    for (const s of lane.segments) {
      if (s.end < vp.start || s.start > vp.end) continue;
      const x0 = Math.max(GUTTER, X(s.start));
      const x1 = Math.min(width, X(s.end));
      const header = lane.kind === 'interaction';
      const colour = header ? (STATUS_COLOURS[s.state as keyof typeof STATUS_COLOURS] ?? theme.fgSubtle) : partyStateColour(s.state);
      const w = Math.max(1, x1 - x0);
      if (w <= 1 && Math.floor(x0) <= lastPx) continue;
      lastPx = Math.floor(x0 + w);
      const sy = header ? y + LANE - 5 : y + 10;
      const sh = header ? 3 : LANE - 13;
      body.push(`<rect x="${n(x0)}" y="${sy}" width="${n(w)}" height="${sh}" fill="${colour}"><title>${escapeXml(`${lane.label}: ${s.state}`)}</title></rect>`);
      if (!header && w > 28) {
        const label = fitText(s.state, w - 8, 11);
        if (label) body.push(svgText({ x: x0 + 4, y: sy + sh / 2 + 4, text: label, fill: textOn(colour), size: 11 }));
      }
    }
    const times = lane.markerTimes;
    let lastMark = -1;
    let lastColour = '';
    for (let k = firstMarkerAtOrAfter(times, vp.start); k < times.length && times[k] <= vp.end; k++) {
      const at = lane.markerIndexes[k];
      const family = at >= records.length ? 'other' : records.kind(at) === 'action' ? 'action' : (eventSpec(records.name(at))?.family ?? 'other');
      const colour = FAMILY_COLOURS[family];
      const px = Math.round(X(times[k]));
      if (px === lastMark && colour === lastColour) continue;
      lastMark = px;
      lastColour = colour;
      body.push(`<rect x="${px - 1}" y="${y + 2}" width="2" height="7" fill="${colour}"/>`);
    }
  });
  for (const r of shown.flatMap((_, lane) => model.requestsOn(lane))) {
    if (r.end < vp.start || r.start > vp.end) continue;
    const y = laneY(r.lane) + 14;
    const x0 = X(r.start);
    const x1 = Math.max(x0 + 1, X(r.end));
    const colour = r.result === 'error' ? theme.error : r.result === 'pending' ? theme.warn : theme.fgMuted;
    body.push(`<path d="M${n(x0)} ${y - 4} V${y + 4} M${n(x0)} ${y} H${n(x1)}${r.result !== 'pending' ? ` M${n(x1)} ${y - 4} V${y + 4}` : ''}" stroke="${colour}" stroke-width="1.5" fill="none"${r.result === 'pending' ? ' stroke-dasharray="3 3"' : ''}/>`);
    const text = `${r.action} ${r.result === 'error' ? `failed ${r.error ?? ''}` : r.result === 'pending' ? 'pending' : `${r.latencyMs ?? '?'} ms`}`.trim();
    body.push(svgText({ x: x1 + 4, y: y + 4, text, fill: colour, size: 10.5 }));
  }
  for (const link of model.linksNear(0, shown.length - 1)) {
    if (link.time < vp.start || link.time > vp.end || link.fromLane >= shown.length || link.toLane >= shown.length) continue;
    const style = LINK_STYLES[link.kind];
    const x = X(link.time);
    const y1 = laneY(link.fromLane) + LANE / 2;
    const y2 = laneY(link.toLane) + LANE / 2;
    const dash = style.dash.length ? ` stroke-dasharray="${style.dash.join(' ')}"` : '';
    const faded = link.index > cursor ? ' opacity="0.35"' : '';
    body.push(`<g${faded}>`);
    if (link.fromLane === link.toLane) {
      body.push(`<path d="M${n(x)} ${y1 - 7} L${n(x + 6)} ${y1} L${n(x)} ${y1 + 7} L${n(x - 6)} ${y1} Z" fill="${style.colour}"/>`);
    } else {
      const down = y2 > y1;
      const tip = down ? y2 - 1 : y2 + 1;
      const base = down ? tip - 7 : tip + 7;
      body.push(`<line x1="${n(x)}" y1="${y1}" x2="${n(x)}" y2="${base}" stroke="${style.colour}" stroke-width="${style.width}"${dash}/>`);
      body.push(`<path d="M${n(x)} ${tip} L${n(x - 4.5)} ${base} L${n(x + 4.5)} ${base} Z" fill="${style.colour}"/>`);
      body.push(`<circle cx="${n(x)}" cy="${y1}" r="3" fill="${style.colour}"/>`);
    }
    const ly = link.fromLane === link.toLane ? y1 : (y1 + y2) / 2;
    body.push(svgText({ x: x + 10, y: ly + 4, text: link.label, fill: style.colour, size: 10.5, weight: 600 }));
    body.push('</g>');
  }
  const cursorTime = cursor >= 0 && cursor < records.length ? (model.axis === 'time' ? (records.time(cursor) ?? model.start) : cursor) : null;
  if (cursorTime !== null && cursorTime >= vp.start && cursorTime <= vp.end) {
    const x = X(cursorTime);
    body.push(`<line x1="${n(x)}" y1="${TITLE + 4}" x2="${n(x)}" y2="${height}" stroke="${theme.accent}" stroke-width="1.5"/>`);
    body.push(svgText({ x: x + 4, y: TITLE + 10, text: `#${cursor + 1}`, fill: theme.accent, size: 10.5, weight: 600 }));
  }
  body.push('</g>');

  body.push(`<rect x="0" y="${top}" width="${GUTTER - 1}" height="${height - top}" fill="${theme.bg}"/>`);
  shown.forEach((lane, i) => {
    const y = laneY(i);
    const header = lane.kind === 'interaction';
    if (header) body.push(`<rect x="0" y="${y}" width="${GUTTER - 1}" height="${LANE}" fill="${theme.bgSubtle}"/>`);
    body.push(svgText({ x: header ? 8 : 20, y: y + 16, text: fitText(lane.label, GUTTER - (header ? 16 : 28), 11), full: lane.label, fill: header ? theme.fg : theme.fgMuted, size: 11, weight: header ? 600 : undefined, family: header ? undefined : theme.fontMono }));
    body.push(`<line x1="0" y1="${y + LANE - 0.5}" x2="${width}" y2="${y + LANE - 0.5}" stroke="${theme.border}" stroke-width="0.5"/>`);
  });
  body.push(`<line x1="${GUTTER - 0.5}" y1="${TITLE}" x2="${GUTTER - 0.5}" y2="${height}" stroke="${theme.border}"/>`);
  return svgDocument(width, height, theme.bg, theme.fontUi, body);
}
