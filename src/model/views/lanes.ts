/**
 * Swimlanes for the timeline: per interaction a header lane (its control status, its
 * interaction-level events and its requests) followed by one lane per party (state segments and
 * the events that name the party), plus arrows between lanes for the links of trace-format.md
 * section 2. Independent of the cursor: computed once per trace version, drawn many times.
 *
 * Markers are typed arrays sorted by time so the canvas can binary-search the visible window and
 * draw 100,000 of them per frame without allocating.
 */
import { eventSpec } from '../catalogue';
import { asRecords, type Records } from '../records';
import { recordName, type TraceRecord } from '../types';
import type { Interaction, LinkKind, RequestResult, TraceState } from '../state';
import { lowerBound } from '../filter';
import { interactionStatusAt, type InteractionStatus } from '../timeTravel';
import { linkLabel } from './graph';
import { linkDestination, partiesNamed } from './scope';

/** One state held over `[start, end)` (times on the timeline's axis). */
export interface StateSegment {
  /** A party state, or an interaction status on a header lane. */
  state: string;
  start: number;
  end: number;
  /** Record that set the state. */
  startIndex: number;
  /** Record that ended it, -1 when it still held at the end of the trace. */
  endIndex: number;
}

export interface TimelineLane {
  /** `interactionId` for a header lane, `interactionId/partyId` for a party lane. */
  key: string;
  kind: 'interaction' | 'party';
  interactionId: string;
  partyId: string | null;
  resource: string | null;
  /** Text for the lane's gutter. */
  label: string;
  segments: StateSegment[];
  /** Time of each event on the lane, ascending. */
  markerTimes: Float64Array;
  /** Record index of each marker, parallel to `markerTimes`. */
  markerIndexes: Int32Array;
}

/** An arrow between two lanes (or a mark on one when the destination never became a party). */
export interface LaneLink {
  kind: LinkKind;
  type: 'transfer' | 'conference' | null;
  /** Record index of the link event. */
  index: number;
  time: number;
  fromLane: number;
  toLane: number;
  label: string;
  /** Destination as written (`newdestination`, added resource, `tointeractionid`). */
  to: string | null;
}

/** A request from its action to its result (or to the end of the trace while pending). */
export interface RequestSpan {
  lane: number;
  requestid: string;
  action: string;
  result: RequestResult;
  error: string | null;
  start: number;
  end: number;
  sentIndex: number;
  resultIndex: number;
  latencyMs: number | null;
}

export interface TimelineModel {
  lanes: TimelineLane[];
  links: LaneLink[];
  requests: RequestSpan[];
  /** Axis range covering every record of the trace. */
  start: number;
  end: number;
  /** `time`: epoch ms; `index`: no record has a time, positions are record indexes. */
  axis: 'time' | 'index';
}

/** Maps record indexes to positions on the axis: the record's time, else the first known time. */
export function axisOf(list: Records | readonly TraceRecord[]): { axis: 'time' | 'index'; at: (index: number) => number; start: number; end: number } {
  const records = asRecords(list);
  // The axis spans the earliest to the latest time, whatever the records' order (a trace with
  // time regressions may start with a later clock than the records after it).
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < records.length; i++) {
    const time = records.time(i);
    if (time === null) continue;
    if (time < min) min = time;
    if (time > max) max = time;
  }
  if (min === Infinity) {
    return { axis: 'index', at: (i) => i, start: 0, end: Math.max(1, records.length - 1) };
  }
  const t0 = min;
  return {
    axis: 'time',
    at: (i) => (i >= 0 && i < records.length ? (records.time(i) ?? t0) : t0),
    start: t0,
    end: max > t0 ? max : t0 + 1,
  };
}

/** Status segments of an interaction's header lane, from its (short) lifecycle log. */
function statusSegments(ixn: Interaction, at: (index: number) => number): StateSegment[] {
  const out: StateSegment[] = [];
  let current = null as { status: InteractionStatus; index: number } | null;
  const close = (index: number) => {
    if (current && current.status !== 'deleted') {
      out.push({ state: current.status, start: at(current.index), end: at(index), startIndex: current.index, endIndex: index });
    }
  };
  let lastIndex = -1;
  for (const entry of ixn.lifecycle) {
    if (entry.index === lastIndex) continue;
    lastIndex = entry.index;
    const status = interactionStatusAt(ixn, entry.index);
    if (status === null || status === current?.status) continue;
    close(entry.index);
    current = { status, index: entry.index };
  }
  if (current === null) current = { status: 'added', index: ixn.firstIndex };
  if (current.status !== 'deleted') {
    out.push({ state: current.status, start: at(current.index), end: Infinity, startIndex: current.index, endIndex: -1 });
  }
  return out;
}

function sortedMarkers(indexes: number[], at: (index: number) => number): { times: Float64Array; indexes: Int32Array } {
  const times = new Float64Array(indexes.length);
  let sorted = true;
  for (let i = 0; i < indexes.length; i++) {
    times[i] = at(indexes[i]);
    if (i > 0 && times[i] < times[i - 1]) sorted = false;
  }
  if (sorted) return { times, indexes: Int32Array.from(indexes) };
  const order = indexes.map((_, i) => i).sort((a, b) => times[a] - times[b] || indexes[a] - indexes[b]);
  return { times: Float64Array.from(order, (i) => times[i]), indexes: Int32Array.from(order, (i) => indexes[i]) };
}

/**
 * Lanes for the interactions `ids` (all interactions when null), in order of first appearance,
 * each header lane followed by its parties in order of first appearance.
 */
export function lanes(trace: TraceState, list: Records | readonly TraceRecord[], ids: readonly string[] | null = null): TimelineModel {
  const records = asRecords(list);
  const { axis, at, start, end } = axisOf(records);
  const out: TimelineLane[] = [];
  const headerLane = new Map<string, number>();
  const partyLane = new Map<string, number>();
  const scope = ids ?? [...trace.interactions.keys()];

  for (const id of scope) {
    const ixn = trace.interactions.get(id);
    if (!ixn) continue;
    const header = out.length;
    headerLane.set(id, header);
    const describe = [ixn.media, ixn.type].filter((v) => v !== null).join(' ');
    const markerLists: number[][] = [[]];
    out.push({
      key: id,
      kind: 'interaction',
      interactionId: id,
      partyId: null,
      resource: null,
      label: describe ? `${id} · ${describe}` : id,
      segments: statusSegments(ixn, at),
      markerTimes: new Float64Array(0),
      markerIndexes: new Int32Array(0),
    });
    for (const p of ixn.parties.values()) {
      partyLane.set(`${id}/${p.partyid}`, out.length);
      markerLists.push([]);
      const segments: StateSegment[] = [];
      const endIndex = p.deleted?.index ?? -1;
      for (let i = 0; i < p.states.length; i++) {
        const s = p.states[i];
        if (endIndex !== -1 && s.index >= endIndex) break;
        const next = i + 1 < p.states.length ? p.states[i + 1].index : -1;
        const stop = next !== -1 && (endIndex === -1 || next < endIndex) ? next : endIndex;
        segments.push({ state: s.state, start: at(s.index), end: stop === -1 ? Infinity : at(stop), startIndex: s.index, endIndex: stop });
      }
      out.push({
        key: `${id}/${p.partyid}`,
        kind: 'party',
        interactionId: id,
        partyId: p.partyid,
        resource: p.focusresource,
        label: p.focusresource ? `${p.partyid} ${p.focusresource}` : p.partyid,
        segments,
        markerTimes: new Float64Array(0),
        markerIndexes: new Int32Array(0),
      });
    }
    for (const index of ixn.records) {
      if (index >= records.length) continue;
      const record = records.get(index);
      let placed = false;
      // interaction.added lists the parties it starts with; it is the interaction's own event.
      const named = record.kind === 'event' && eventSpec(record.name)?.effect === 'added' ? [] : partiesNamed(record);
      for (const party of named) {
        const lane = partyLane.get(`${id}/${party}`);
        if (lane === undefined) continue;
        markerLists[lane - header].push(index);
        placed = true;
      }
      if (!placed) markerLists[0].push(index);
    }
    for (let k = 0; k < markerLists.length; k++) {
      const m = sortedMarkers(markerLists[k], at);
      out[header + k].markerTimes = m.times;
      out[header + k].markerIndexes = m.indexes;
    }
  }
  for (const lane of out) {
    for (const s of lane.segments) if (s.end === Infinity) s.end = end;
  }

  const links: LaneLink[] = [];
  for (const link of trace.links) {
    let fromLane: number | undefined;
    let toLane: number | undefined;
    if (link.kind === 'merge') {
      fromLane = link.from !== null ? headerLane.get(link.from) : undefined;
      toLane = link.to !== null ? headerLane.get(link.to) : undefined;
    } else {
      const ixn = trace.interactions.get(link.interactionid);
      if (!ixn || !headerLane.has(ixn.id)) continue;
      fromLane = link.from !== null ? partyLane.get(`${ixn.id}/${link.from}`) : undefined;
      const dest = linkDestination(ixn, link);
      toLane = dest ? partyLane.get(`${ixn.id}/${dest.partyid}`) : undefined;
      fromLane ??= headerLane.get(ixn.id);
      toLane ??= fromLane;
    }
    if (fromLane === undefined || toLane === undefined) continue;
    links.push({
      kind: link.kind,
      type: link.type,
      index: link.index,
      time: at(link.index),
      fromLane,
      toLane,
      label: link.kind === 'merge' ? `${linkLabel('merge', link.type)} ${link.from} → ${link.to}` : `${linkLabel(link.kind, null)} → ${link.to ?? '?'}`,
      to: link.to,
    });
  }

  const requests: RequestSpan[] = [];
  for (const r of trace.requests) {
    const lane = r.interactionid !== null ? headerLane.get(r.interactionid) : undefined;
    if (lane === undefined) continue;
    requests.push({
      lane,
      requestid: r.requestid,
      action: r.action,
      result: r.result,
      error: r.error,
      start: at(r.sentIndex),
      end: r.resultIndex >= 0 ? at(r.resultIndex) : end,
      sentIndex: r.sentIndex,
      resultIndex: r.resultIndex,
      latencyMs: r.latencyMs,
    });
  }
  return { lanes: out, links, requests, start, end, axis };
}

/** Index of the first marker at or after `time` (binary search over a lane's sorted times). */
export function firstMarkerAtOrAfter(times: Float64Array, time: number): number {
  return lowerBound(times, time);
}

/** Short text for a marker's tooltip: the record's name and what it says about the lane. */
export function markerText(record: TraceRecord): string {
  const d = record.data;
  const name = recordName(record);
  const bits: string[] = [];
  for (const key of ['partyid', 'focusresource', 'partystate', 'newdestination', 'requestid', 'to', 'error'] as const) {
    const v = d[key];
    if (typeof v === 'string' || typeof v === 'number') bits.push(`${key}=${v}`);
  }
  return bits.length > 0 ? `${name} ${bits.join(' ')}` : name;
}
