/**
 * What is under the pointer on the timeline, as text for the tooltip (text only: trace content
 * is never markup), and the time range of the selection for "zoom to selection".
 */
import type { TimelineModel } from '../../model/views/lanes';
import { markerText } from '../../model/views/lanes';
import { clockText } from '../../model/views/ladderText';
import type { TraceRecord } from '../../model/types';
import { AXIS_H, LANE_H, type Frame } from './draw';
import { asRecords, type Records } from '../../model/records';

/** Lane under CSS-pixel `y` of the canvas, -1 for the axis or below the last lane. */
export function laneAtY(frame: Pick<Frame, 'scrollTop' | 'model'>, y: number): number {
  if (y < AXIS_H) return -1;
  const lane = Math.floor((y - AXIS_H + frame.scrollTop) / LANE_H);
  return lane >= 0 && lane < frame.model.lanes.length ? lane : -1;
}

function when(model: TimelineModel, t: number): string {
  return model.axis === 'time' ? clockText(t) : `#${Math.round(t) + 1}`;
}

function duration(model: TimelineModel, a: number, b: number): string {
  if (model.axis !== 'time') return `${Math.round(b - a)} records`;
  const ms = b - a;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(3)} s`;
}

/** Tooltip text for a marker hit, else the segment or request span under time `t`; null for nothing. */
export function hoverText(
  model: TimelineModel,
  list: Records | readonly TraceRecord[],
  lane: number,
  hit: { index: number; time: number } | null,
  t: number,
): string | null {
  const records = asRecords(list);
  const l = model.lanes.get(lane);
  if (hit) {
    const r = hit.index >= 0 && hit.index < records.length ? records.get(hit.index) : null;
    return r ? `#${hit.index + 1}  ${when(model, hit.time)}  ${markerText(r)}\n${l.label}` : null;
  }
  if (l.kind === 'interaction') {
    const req = model.requestsOn(lane).find((q) => q.start <= t && t <= q.end);
    if (req) {
      const result = req.result === 'done' ? `done in ${req.latencyMs ?? '?'} ms` : req.result === 'error' ? `failed: ${req.error ?? 'error'}` : 'pending (no result)';
      return `${req.action} ${req.requestid}: ${result}\nsent ${when(model, req.start)} (#${req.sentIndex + 1})`;
    }
  }
  const seg = l.segments.find((s) => s.start <= t && t < s.end);
  if (!seg) return null;
  const end = seg.endIndex === -1 ? 'end of trace' : when(model, seg.end);
  const what = l.kind === 'interaction' ? `${l.interactionId} ${seg.state === 'notcontrolled' ? 'not controlled' : seg.state}` : `${l.label}: ${seg.state}`;
  return `${what}\n${when(model, seg.start)} → ${end} (${duration(model, seg.start, seg.end)})`;
}

/** Time range covered by the selected interaction (all its lanes) or party (its lane). */
export function selectionRange(model: TimelineModel, interactionId: string | null, partyId: string | null): { start: number; end: number } | null {
  let start = Infinity;
  let end = -Infinity;
  const header = interactionId === null ? undefined : model.lanes.header(interactionId);
  if (header === undefined) return null;
  for (const l of model.lanes.slice(header, model.lanes.group(header).end)) {
    if (partyId !== null && l.partyId !== partyId) continue;
    for (const s of l.segments) {
      start = Math.min(start, s.start);
      end = Math.max(end, s.end);
    }
    if (l.markerTimes.length > 0) {
      start = Math.min(start, l.markerTimes[0]);
      end = Math.max(end, l.markerTimes[l.markerTimes.length - 1]);
    }
  }
  return start <= end ? { start, end } : null;
}
