/**
 * Swimlanes for the timeline: per interaction a header lane (its control status, its
 * interaction-level events and its requests) followed by one lane per party (state segments and
 * the events that name the party), plus arrows between lanes for the links of trace-format.md
 * section 2. Independent of the cursor: computed once per trace version, drawn many times.
 *
 * Markers are typed arrays sorted by time so the canvas can binary-search the visible window and
 * draw 100,000 of them per frame without allocating.
 *
 * Lanes are made when something reads them (`LaneList.get`), an interaction's lanes at once: the
 * model of a whole million-record trace (64k interactions, 239k lanes) counts them and finds the
 * merges, and the rest comes when drawn, where making every lane (which reads every record again
 * to place its tick) and every link took 3.5-4.2 s. Lanes show the trace as it was when the model
 * was made (its first `records.length` records), however late they are made: the trace grows in
 * place while a load goes on.
 */
import { eventSpec } from '../catalogue';
import { asRecords, type Records } from '../records';
import { recordName, type TraceRecord } from '../types';
import type { Interaction, Link, LinkKind, Party, Request, RequestResult, TraceState } from '../state';
import { lowerBound } from '../filter';
import { countIndexesUpTo, countUpTo, interactionStatusAt, type InteractionStatus } from '../timeTravel';
import { linkLabel } from './graph';
import { linkDestination, linksOf, partiesNamed, requestsOf } from './scope';

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
  lanes: LaneList;
  /** Every arrow, in trace order (made on first read when the model shows every interaction). */
  readonly links: LaneLink[];
  /**
   * Lanes made but still without their ticks: an interaction with more than `SLICED_TICKS` records
   * gets them in slices (`fillTicks`), the view drawing its lanes meanwhile.
   */
  ticksPending(): boolean;
  /** Places pending ticks while `more()` allows; true once none are pending. */
  fillTicks(more: () => boolean): boolean;
  /** The arrows with an end on lanes `first`...`last` or crossing them (what a drawing of them needs). */
  linksNear(first: number, last: number): LaneLink[];
  /**
   * The latest `max` arrows at or before record `cursor`, in trace order, and how many of the
   * trace's links (of the interactions shown, for a selection) come before them.
   */
  linksUpTo(cursor: number, max: number): { listed: LaneLink[]; earlier: number };
  /** Every request span, in trace order (made on first read). */
  readonly requests: RequestSpan[];
  /** The request spans of header lane `lane` (none on a party lane), made on first read. */
  requestsOn(lane: number): readonly RequestSpan[];
  /** Axis range covering every record of the trace. */
  start: number;
  end: number;
  /** `time`: epoch ms; `index`: no record has a time, positions are record indexes. */
  axis: 'time' | 'index';
  /**
   * The party states the lanes' segments show, in the order first met (for the legend). Made on
   * first read: it reads every party's history (75 ms for the whole 1M trace in Node).
   */
  readonly partyStates: string[];
  /**
   * `partyStates` made a few interactions at a time: reads on while `more()` says so, and returns
   * them once every party is read, else null (the next call goes on from there). A view of every
   * interaction of a 1M trace spent 79 ms in one task on them.
   */
  partyStatesIn(more: () => boolean): string[] | null;
}

/**
 * The lanes of a timeline, made an interaction at a time when read: each interaction's header lane
 * is followed by one lane per party, so the model knows where every lane is before making any.
 */
export class LaneList {
  readonly length: number;
  /** The interactions shown, in lane order. */
  readonly ids: readonly string[];
  /** Header lane of each interaction (by position in `ids`), then `length`. */
  private readonly firsts: Int32Array;
  /** Position of each id, made on first look-up (64k map entries for a 1M trace) unless `find` is given. */
  private positionsMade: Map<string, number> | null = null;
  private readonly made: (TimelineLane[] | undefined)[];

  /**
   * `find`, when given, is the position of an id without a map of them all: the timeline of
   * every interaction looks up the cursor's interaction at each cursor move, and a map of 64k ids
   * made for each model (each redraw of a loading trace) cost 25-30 ms.
   */
  constructor(
    ids: readonly string[],
    firsts: Int32Array,
    private readonly make: (position: number) => TimelineLane[],
    private readonly find?: (id: string) => number | undefined,
  ) {
    this.ids = ids;
    this.firsts = firsts;
    this.length = firsts[ids.length];
    this.made = new Array(ids.length);
  }

  /** Lane `i` (0 <= i < length). */
  get(i: number): TimelineLane {
    const k = this.positionAt(i);
    const lanes = (this.made[k] ??= this.make(k));
    return lanes[i - this.firsts[k]];
  }

  /** Position of interaction `id` in `ids`; undefined when it is not shown. */
  position(id: string): number | undefined {
    return this.find !== undefined ? this.find(id) : this.positions().get(id);
  }

  /** The header lane of interaction `id`; undefined when it is not shown. */
  header(id: string): number | undefined {
    const k = this.position(id);
    return k === undefined ? undefined : this.firsts[k];
  }

  /** The lanes of the interaction holding lane `i`: its header lane and the lane after its last. */
  group(i: number): { first: number; end: number } {
    const k = this.positionAt(i);
    return { first: this.firsts[k], end: this.firsts[k + 1] };
  }

  /** Lanes `from`... up to `to` (exclusive), made if need be. */
  slice(from: number, to: number = this.length): TimelineLane[] {
    const out: TimelineLane[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) out.push(this.get(i));
    return out;
  }

  /** Every lane (makes them all: for tests and small traces). */
  all(): TimelineLane[] {
    return this.slice(0);
  }

  private positions(): Map<string, number> {
    if (this.positionsMade === null) {
      const made = new Map<string, number>();
      this.ids.forEach((id, k) => made.set(id, k));
      this.positionsMade = made;
    }
    return this.positionsMade;
  }

  /** Position in `ids` of the interaction holding lane `i` (0 <= i < length). */
  positionAt(i: number): number {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`lane ${i} of ${this.length}`);
    return countIndexesUpTo(this.firsts, i) - 1;
  }
}

/** Above this many records, an interaction's ticks are placed in slices (200k records: 150 ms). */
export const SLICED_TICKS = 20_000;

/** The ticks of one interaction's lanes being placed. */
interface PendingTicks {
  lanes: TimelineLane[];
  /** Lane (in `lanes`) of each party id. */
  partyLane: Map<string, number>;
  /** Record indexes of each lane's ticks so far. */
  lists: number[][];
  /** The interaction's records, and how many were read. */
  records: ArrayLike<number>;
  next: number;
}

/** Earliest and latest record time of a record list, extended as it grows (it only grows). */
const timeRanges = new WeakMap<Records, { length: number; min: number; max: number }>();

/**
 * Earliest and latest record time of `records` (Infinity and -Infinity when none has one). The
 * page extends it as records are applied: the first timeline of a 1M trace scanned them all in
 * its render (11 ms).
 */
export function timeRange(records: Records): { min: number; max: number } {
  let kept = timeRanges.get(records);
  if (kept === undefined || kept.length > records.length) kept = { length: 0, min: Infinity, max: -Infinity };
  let { min, max } = kept;
  for (let i = kept.length; i < records.length; i++) {
    const time = records.time(i);
    if (time === null) continue;
    if (time < min) min = time;
    if (time > max) max = time;
  }
  timeRanges.set(records, { length: records.length, min, max });
  return { min, max };
}

/** Maps record indexes to positions on the axis: the record's time, else the first known time. */
export function axisOf(list: Records | readonly TraceRecord[]): { axis: 'time' | 'index'; at: (index: number) => number; start: number; end: number } {
  const records = asRecords(list);
  // The axis spans the earliest to the latest time, whatever the records' order (a trace with
  // time regressions may start with a later clock than the records after it). Kept per list and
  // extended as it grows: a million records took 54 ms to scan at every selection.
  const { min, max } = timeRange(records);
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

/** Status segments of an interaction's header lane, from its (short) lifecycle log up to record `upTo - 1`. */
function statusSegments(ixn: Interaction, at: (index: number) => number, upTo: number): StateSegment[] {
  const out: StateSegment[] = [];
  let current = null as { status: InteractionStatus; index: number } | null;
  const close = (index: number) => {
    if (current && current.status !== 'deleted') {
      out.push({ state: current.status, start: at(current.index), end: at(index), startIndex: current.index, endIndex: index });
    }
  };
  let lastIndex = -1;
  for (const entry of ixn.lifecycle) {
    if (entry.index >= upTo) break;
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

/** Where a party's lane is among its interaction's first `count` parties (-1: not among them). */
function partyPosition(ixn: Interaction, partyId: string, count: number): number {
  let k = 0;
  for (const id of ixn.parties.keys()) {
    if (k === count) break;
    if (id === partyId) return k;
    k++;
  }
  return -1;
}

/** A party's state segments up to record `upTo - 1` (none after its deletion). */
function partySegments(p: Party, at: (index: number) => number, upTo: number): StateSegment[] {
  const segments: StateSegment[] = [];
  const deleted = p.deleted;
  const endIndex = deleted !== null && deleted.index < upTo ? deleted.index : -1;
  const states = p.states;
  for (let i = 0; i < states.length; i++) {
    const s = states[i];
    if (s.index >= upTo || (endIndex !== -1 && s.index >= endIndex)) break;
    const following = i + 1 < states.length && states[i + 1].index < upTo ? states[i + 1].index : -1;
    const stop = following !== -1 && (endIndex === -1 || following < endIndex) ? following : endIndex;
    segments.push({ state: s.state, start: at(s.index), end: stop === -1 ? Infinity : at(stop), startIndex: s.index, endIndex: stop });
  }
  return segments;
}

/**
 * Lanes for the interactions `ids` (all interactions when null), in order of first appearance,
 * each header lane followed by its parties in order of first appearance. Made now: the count and
 * place of every lane, and the merges (a few links, for a selection all of its links); made when
 * first read: an interaction's lanes and the links within it, the request spans of a lane, the
 * legend's states.
 */
export function lanes(
  trace: TraceState,
  list: Records | readonly TraceRecord[],
  ids: readonly string[] | null = null,
  options: { slicedTicks?: number } = {},
): TimelineModel {
  const slicedTicks = options.slicedTicks ?? SLICED_TICKS;
  const records = asRecords(list);
  const { axis, at, start, end } = axisOf(records);
  // What the lanes show: the trace as it is now, though they may be made later.
  const upTo = records.length;
  const shown: Interaction[] = [];
  // Whether `shown` is in the order of the interactions' first records: the trace makes them in
  // that order, so every interaction's is (checked, not assumed).
  let byFirstIndex = true;
  if (ids === null) {
    let previous = -Infinity;
    for (const ixn of trace.interactions.values()) {
      if (ixn.firstIndex >= upTo) continue;
      if (ixn.firstIndex < previous) byFirstIndex = false;
      previous = ixn.firstIndex;
      shown.push(ixn);
    }
  } else {
    for (const id of ids) {
      const ixn = trace.interactions.get(id);
      if (ixn !== undefined && ixn.firstIndex < upTo) shown.push(ixn);
    }
  }
  const firsts = new Int32Array(shown.length + 1);
  const partyCounts = new Int32Array(shown.length);
  let lane = 0;
  for (let k = 0; k < shown.length; k++) {
    const ixn = shown[k];
    firsts[k] = lane;
    // Every record that adds a party names the interaction: when its last one is in the model,
    // so are all its parties (no walk over them).
    const lastRecord = ixn.lastRecord;
    const last = lastRecord >= 0 ? lastRecord : Infinity;
    let count = last < upTo ? ixn.parties.size : 0;
    if (last >= upTo) {
      for (const p of ixn.parties.values()) {
        if (p.firstIndex >= upTo) break;
        count++;
      }
    }
    partyCounts[k] = count;
    lane += 1 + count;
  }
  firsts[shown.length] = lane;

  const make = (k: number): TimelineLane[] => {
    const ixn = shown[k];
    const id = ixn.id;
    // Media and type as of the model (a later interaction.added may tell them).
    let { media, type } = ixn;
    if (trace.history) {
      media = null;
      type = null;
      for (const m of ixn.mediaLog) {
        if (m.index >= upTo) break;
        ({ media, type } = m);
      }
    }
    const describe = [media, type].filter((v) => v !== null).join(' ');
    const out: TimelineLane[] = [
      {
        key: id,
        kind: 'interaction',
        interactionId: id,
        partyId: null,
        resource: null,
        label: describe ? `${id} · ${describe}` : id,
        segments: statusSegments(ixn, at, upTo),
        markerTimes: new Float64Array(0),
        markerIndexes: new Int32Array(0),
      },
    ];
    const partyLane = new Map<string, number>();
    for (const p of ixn.parties.values()) {
      if (out.length > partyCounts[k]) break;
      partyLane.set(p.partyid, out.length);
      const resource = p.focusIndex < upTo ? p.focusresource : null;
      out.push({
        key: `${id}/${p.partyid}`,
        kind: 'party',
        interactionId: id,
        partyId: p.partyid,
        resource,
        label: resource ? `${p.partyid} ${resource}` : p.partyid,
        segments: partySegments(p, at, upTo),
        markerTimes: new Float64Array(0),
        markerIndexes: new Int32Array(0),
      });
    }
    for (const l of out) for (const s of l.segments) if (s.end === Infinity) s.end = end;
    const ticks: PendingTicks = { lanes: out, partyLane, lists: out.map(() => []), records: ixn.records, next: 0 };
    // A long call's ticks come in slices (`fillTicks`): its lanes are drawn without them meanwhile.
    if (ticks.records.length > slicedTicks) pendingTicks.push(ticks);
    else placeTicks(ticks, () => true);
    return out;
  };
  /** Groups whose ticks are still being placed, oldest first. */
  const pendingTicks: PendingTicks[] = [];
  /** Places ticks of `t` while `more()` allows (asked every 2000 records); true once all are placed. */
  const placeTicks = (t: PendingTicks, more: () => boolean): boolean => {
    while (t.next < t.records.length) {
      const stop = Math.min(t.records.length, t.next + 2000);
      for (; t.next < stop; t.next++) {
        const index = t.records[t.next];
        if (index >= upTo) continue;
        const record = records.get(index);
        let placed = false;
        // interaction.added lists the parties it starts with; it is the interaction's own event.
        const named = record.kind === 'event' && eventSpec(record.name)?.effect === 'added' ? [] : partiesNamed(record);
        for (const party of named) {
          const j = t.partyLane.get(party);
          if (j === undefined) continue;
          t.lists[j].push(index);
          placed = true;
        }
        if (!placed) t.lists[0].push(index);
      }
      if (t.next < t.records.length && !more()) return false;
    }
    t.lanes.forEach((l, j) => {
      const m = sortedMarkers(t.lists[j], at);
      l.markerTimes = m.times;
      l.markerIndexes = m.indexes;
    });
    return true;
  };
  const fillTicks = (more: () => boolean): boolean => {
    while (pendingTicks.length > 0) {
      if (!placeTicks(pendingTicks[0], more)) return false;
      pendingTicks.shift();
      if (pendingTicks.length > 0 && !more()) return false;
    }
    return true;
  };
  /** Position of interaction `id` in `shown` by a binary search on first records (all of them shown). */
  let firstIndexes: Int32Array | null = null;
  const find = (id: string): number | undefined => {
    const ixn = trace.interactions.get(id);
    if (ixn === undefined) return undefined;
    if (firstIndexes === null) {
      firstIndexes = new Int32Array(shown.length);
      for (let k = 0; k < shown.length; k++) firstIndexes[k] = shown[k].firstIndex;
    }
    // Interactions one record made first share its index.
    for (let k = lowerBound(firstIndexes, ixn.firstIndex); k < shown.length && shown[k].firstIndex === ixn.firstIndex; k++) if (shown[k] === ixn) return k;
    return undefined;
  };
  const laneList = new LaneList(shown.map((ixn) => ixn.id), firsts, make, ids === null && byFirstIndex ? find : undefined);

  /** The lane of party `partyId` of the interaction at position `k`. */
  const partyLaneOf = (k: number, partyId: string | null): number | undefined => {
    if (partyId === null) return undefined;
    const p = partyPosition(shown[k], partyId, partyCounts[k]);
    return p === -1 ? undefined : firsts[k] + 1 + p;
  };

  /** The arrow of `link`, or null when one of its ends has no lane here. */
  const laneLinkOf = (link: Link): LaneLink | null => {
    if (link.index >= upTo) return null;
    let fromLane: number | undefined;
    let toLane: number | undefined;
    if (link.kind === 'merge') {
      fromLane = link.from !== null ? laneList.header(link.from) : undefined;
      toLane = link.to !== null ? laneList.header(link.to) : undefined;
    } else {
      const k = laneList.position(link.interactionid);
      if (k === undefined) return null;
      const ixn = shown[k];
      fromLane = partyLaneOf(k, link.from);
      const dest = linkDestination(ixn, link);
      toLane = dest ? partyLaneOf(k, dest.partyid) : undefined;
      fromLane ??= firsts[k];
      toLane ??= fromLane;
    }
    if (fromLane === undefined || toLane === undefined) return null;
    return {
      kind: link.kind,
      type: link.type,
      index: link.index,
      time: at(link.index),
      fromLane,
      toLane,
      label: link.kind === 'merge' ? `${linkLabel('merge', link.type)} ${link.from} → ${link.to}` : `${linkLabel(link.kind, null)} → ${link.to ?? '?'}`,
      to: link.to,
    };
  };
  const arrowsOf = (positions: Iterable<number>, keep: (link: Link) => boolean = () => true): LaneLink[] => {
    const out: LaneLink[] = [];
    for (const i of positions) {
      const link = trace.links[i];
      if (!keep(link)) continue;
      const arrow = laneLinkOf(link);
      if (arrow !== null) out.push(arrow);
    }
    return out;
  };
  // A few interactions: their own links, all made now. Every interaction: the merges at the
  // first drawing (they join two interactions' lanes, possibly far apart), the links within an
  // interaction when its lanes are drawn (the whole trace has 53k at 1M).
  const scoped = ids === null ? null : arrowsOf(linksOf(trace, laneList.ids));
  let mergesMade: LaneLink[] | null = scoped;
  const merges = (): LaneLink[] => (mergesMade ??= arrowsOf(trace.links.keys(), (link) => link.kind === 'merge'));
  const within = new Map<number, LaneLink[]>();
  const withinOf = (k: number): LaneLink[] => {
    let list = within.get(k);
    if (list === undefined) {
      list = arrowsOf(shown[k].links, (link) => link.kind !== 'merge' && link.interactionid === shown[k].id);
      within.set(k, list);
    }
    return list;
  };
  let links: LaneLink[] | null = scoped;
  const linksNear = (first: number, last: number): LaneLink[] => {
    const near = (l: LaneLink) => Math.max(l.fromLane, l.toLane) >= first && Math.min(l.fromLane, l.toLane) <= last;
    const out = merges().filter(near);
    if (scoped !== null || laneList.length === 0 || last < first || last < 0 || first >= laneList.length) return out;
    const from = laneList.positionAt(Math.max(0, first));
    const to = laneList.positionAt(Math.min(laneList.length - 1, last));
    for (let k = from; k <= to; k++) for (const l of withinOf(k)) if (near(l)) out.push(l);
    return out;
  };
  const linksUpTo = (cursor: number, max: number): { listed: LaneLink[]; earlier: number } => {
    if (scoped !== null) {
      const upToCursor = scoped.filter((l) => l.index <= cursor);
      return { listed: upToCursor.slice(Math.max(0, upToCursor.length - max)), earlier: Math.max(0, upToCursor.length - max) };
    }
    // The trace's links are in record order: the latest at or before the cursor, backwards.
    const n = countUpTo(trace.links, Math.min(cursor, upTo - 1));
    const listed: LaneLink[] = [];
    let i = n - 1;
    for (; i >= 0 && listed.length < max; i--) {
      const arrow = laneLinkOf(trace.links[i]);
      if (arrow !== null) listed.push(arrow);
    }
    return { listed: listed.reverse(), earlier: i + 1 };
  };

  // Request spans by header lane, made when a lane's are first read (a whole trace has 95k at 1M).
  const spanOf = (r: Request, lane: number): RequestSpan => {
    // A result after the model's last record is not known yet: the request is pending.
    const answered = r.resultIndex >= 0 && r.resultIndex < upTo;
    return {
      lane,
      requestid: r.requestid,
      action: r.action,
      result: answered ? r.result : 'pending',
      error: answered ? r.error : null,
      start: at(r.sentIndex),
      end: answered ? at(r.resultIndex) : end,
      sentIndex: r.sentIndex,
      resultIndex: answered ? r.resultIndex : -1,
      latencyMs: answered ? r.latencyMs : null,
    };
  };
  const spansByLane = new Map<number, RequestSpan[]>();
  const requestsOn = (lane: number): readonly RequestSpan[] => {
    let spans = spansByLane.get(lane);
    if (spans !== undefined) return spans;
    spans = [];
    if (lane >= 0 && lane < laneList.length && laneList.group(lane).first === lane) {
      // The lane's interaction by its position: no need to make its lanes (and place their ticks).
      const id = laneList.ids[laneList.positionAt(lane)];
      for (const i of requestsOf(trace, [id])) {
        const r = trace.requests[i];
        if (r.sentIndex < upTo) spans.push(spanOf(r, lane));
      }
    }
    spansByLane.set(lane, spans);
    return spans;
  };
  let requests: RequestSpan[] | null = null;
  let partyStates: string[] | null = null;
  const statesFound = new Set<string>();
  let statesRead = 0;
  /** Interactions read between two looks at `more`. */
  const STATES_STEP = 256;
  const partyStatesIn = (more: () => boolean): string[] | null => {
    while (partyStates === null) {
      const to = Math.min(shown.length, statesRead + STATES_STEP);
      for (let k = statesRead; k < to; k++) {
        let count = 0;
        for (const p of shown[k].parties.values()) {
          if (count++ === partyCounts[k]) break;
          addSegmentStates(statesFound, p, upTo);
        }
      }
      statesRead = to;
      if (statesRead === shown.length) partyStates = [...statesFound];
      else if (!more()) return null;
    }
    return partyStates;
  };
  return {
    lanes: laneList,
    get links(): LaneLink[] {
      links ??= arrowsOf(trace.links.keys());
      return links;
    },
    linksNear,
    linksUpTo,
    ticksPending: () => pendingTicks.length > 0,
    fillTicks,
    get requests(): RequestSpan[] {
      if (requests === null) {
        requests = [];
        for (const r of trace.requests) {
          if (r.sentIndex >= upTo || r.interactionid === null) continue;
          const lane = laneList.header(r.interactionid);
          if (lane !== undefined) requests.push(spanOf(r, lane));
        }
      }
      return requests;
    },
    requestsOn,
    start,
    end,
    axis,
    get partyStates(): string[] {
      return partyStatesIn(() => true)!;
    },
    partyStatesIn,
  };
}

/** Adds the states a party's segments show up to record `upTo - 1` (as `partySegments`, without making them). */
function addSegmentStates(into: Set<string>, p: Party, upTo: number): void {
  const deleted = p.deleted;
  const endIndex = deleted !== null && deleted.index < upTo ? deleted.index : -1;
  for (const s of p.states) {
    if (s.index >= upTo || (endIndex !== -1 && s.index >= endIndex)) break;
    into.add(s.state);
  }
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
