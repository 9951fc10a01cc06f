/**
 * Timeline tab: swimlanes per party grouped by interaction, on two stacked canvases (see
 * `draw.ts`). Lanes scroll vertically with the native scrollbar (only visible lanes are drawn);
 * time zooms with Ctrl/⌘ + wheel (or a trackpad pinch) and the +/- keys, pans with a drag,
 * Shift + wheel or the arrow keys. A click selects the nearest event and moves the cursor there.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { lanes, type LaneLink, type TimelineModel } from '../../model/views/lanes';
import { clockText } from '../../model/views/ladderText';
import { withMerged } from '../../model/views/scope';
import { taskScheduler } from '../../ingest/loadController';
import { selectInteraction, selectParty, setCursor, useStore } from '../../store/store';
import { exportName } from '../export/download';
import { useViewInputs } from '../views/useViewInputs';
import { ExportMenu } from '../export/ExportMenu';
import { readTheme, type Theme } from '../export/theme';
import { timelineSvg } from '../export/timelineSvg';
import { Legend } from '../legend/Legend';
import { AXIS_H, drawInteractive, drawStatic, GUTTER_W, LANE_H, type Frame } from './draw';
import { hoverText, laneAtY, selectionRange } from './hover';
import { clampViewport, fitRange, nearestMarker, panBy, reveal, timeAt, zoomAt, type Viewport } from './viewport';
import './timeline.css';

const ZOOM_STEP = 1.6;

function tickFormatter(model: TimelineModel): (t: number, step: number) => string {
  if (model.axis === 'index') return (t) => `#${Math.round(t) + 1}`;
  return (t, step) => {
    const text = clockText(t);
    return step >= 1000 ? text.slice(0, 8) : text;
  };
}

/** A canvas sized to its box at the device pixel ratio; returns its 2D context ready to draw in CSS px. */
function prepare(canvas: HTMLCanvasElement | null, width: number, height: number): CanvasRenderingContext2D | null {
  if (!canvas || width <= 0 || height <= 0) return null;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.floor(width * dpr);
  const h = Math.floor(height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** Longest slice of placing a long call's ticks. */
const TICK_SLICE_MS = 12;
/** Longest slice of finding the party states the legend lists. */
const LEGEND_SLICE_MS = 12;

/** Links listed for screen readers: the latest before the cursor. */
const MAX_LISTED_LINKS = 50;

/** One task scheduler for every slice loop of this view (a MessageChannel each would stay alive). */
let sliceScheduler: ((callback: () => void) => void) | null = null;

export function TimelineView() {
  const { trace, records, version, cursor, selectedInteraction, selectedParty } = useViewInputs();
  // The trace is mutated in place: `version` is what says it changed. A new version makes the
  // model in a render of its own, after the one that redraws the other views (a deferred value):
  // while a big trace loads or streams, each redraw is then two tasks, not one of 100-150 ms.
  // Meanwhile the model made before shows the trace as it was then.
  const modelVersion = useDeferredValue(version);
  const model = useMemo(
    () => lanes(trace, records, selectedInteraction !== null ? withMerged(trace, [selectedInteraction]) : null),
    [trace, records, modelVersion, selectedInteraction],
  );

  const bodyRef = useRef<HTMLDivElement | null>(null);
  // The body mounts only once a trace is open; a callback ref lets the effects follow it.
  const [body, setBody] = useState<HTMLDivElement | null>(null);
  const bodyCallback = useCallback((el: HTMLDivElement | null) => {
    bodyRef.current = el;
    setBody(el);
  }, []);
  const staticRef = useRef<HTMLCanvasElement>(null);
  const interactiveRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  const [window_, setWindow] = useState<{ start: number; end: number } | null>(null);
  const [hover, setHover] = useState<{ lane: number; time: number; index: number; x: number; y: number; text: string } | null>(null);
  const [theme, setTheme] = useState<Theme>(() => readTheme());

  useEffect(() => {
    const el = body;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    setSize({ width: el.clientWidth, height: el.clientHeight });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => setTheme(readTheme());
    media.addEventListener('change', onScheme);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', onScheme);
    };
  }, [body]);

  const plotWidth = Math.max(1, size.width - GUTTER_W);
  const bounds = useMemo(() => ({ start: model.start, end: model.end }), [model.start, model.end]);
  // No window chosen yet (or a new trace): the whole trace, following it while it grows.
  const vp: Viewport = useMemo(
    () => (window_ ? clampViewport({ ...window_, width: plotWidth }, bounds) : fitRange(bounds.start, bounds.end, plotWidth)),
    [window_, plotWidth, bounds],
  );
  const traceVersion = useStore((s) => s.traceVersion);
  useEffect(() => setWindow(null), [traceVersion]);

  const frame: Frame = useMemo(
    () => ({ model, records, vp, scrollTop, width: size.width, height: size.height, theme, formatTick: tickFormatter(model) }),
    [model, records, vp, scrollTop, size, theme],
  );
  const cursorTime = cursor >= 0 && cursor < records.length ? (model.axis === 'time' ? (records.time(cursor) ?? model.start) : cursor) : null;
  const selectedLanes = useMemo(() => {
    const set = new Set<number>();
    const header = selectedInteraction === null ? undefined : model.lanes.header(selectedInteraction);
    if (header === undefined) return set;
    if (selectedParty === null) return set.add(header);
    const { end } = model.lanes.group(header);
    for (let i = header + 1; i < end; i++) if (model.lanes.get(i).partyId === selectedParty) set.add(i);
    return set;
  }, [model, selectedInteraction, selectedParty]);

  // Ticks of a long call placed since the model was made (`fillTicks`): the layers draw again.
  const [ticksPlaced, setTicksPlaced] = useState(0);
  const ticking = useRef<TimelineModel | null>(null);
  useEffect(
    () => () => {
      ticking.current = null;
    },
    [],
  );

  // Static layer: at most once per animation frame, only when its inputs change.
  useEffect(() => {
    const id = requestAnimationFrame(() => {
      const canvas = staticRef.current;
      const ctx = prepare(canvas, frame.width, frame.height);
      if (!ctx || !canvas) return;
      const t0 = performance.now();
      drawStatic(ctx, frame);
      // Published for benchmarks and bug reports: how long the last static redraw took.
      canvas.dataset.drawMs = (performance.now() - t0).toFixed(1);
      // A long call's lanes were just made without their ticks: place them in short tasks, then
      // draw again.
      if (frame.model.ticksPending() && ticking.current !== frame.model) {
        const model = frame.model;
        ticking.current = model;
        const schedule = (sliceScheduler ??= taskScheduler());
        const step = () => {
          if (ticking.current !== model) return;
          const until = performance.now() + TICK_SLICE_MS;
          if (model.fillTicks(() => performance.now() < until)) {
            ticking.current = null;
            setTicksPlaced((n) => n + 1);
          } else schedule(step);
        };
        schedule(step);
      }
    });
    return () => cancelAnimationFrame(id);
  }, [frame, ticksPlaced]);
  useEffect(() => {
    const id = requestAnimationFrame(() => {
      const ctx = prepare(interactiveRef.current, frame.width, frame.height);
      if (ctx) drawInteractive(ctx, frame, { cursor, cursorTime, hover, selectedLanes });
    });
    return () => cancelAnimationFrame(id);
  }, [frame, cursor, cursorTime, hover, selectedLanes, ticksPlaced]);

  // Keep the cursor in view when it moves (table, transport, ladder).
  useEffect(() => {
    if (cursorTime === null) return;
    const next = reveal(vp, cursorTime, bounds);
    if (next !== vp) setWindow({ start: next.start, end: next.end });
    // Only when the cursor moves: zooming away from the cursor is allowed.
  }, [cursorTime]);

  // ...and its interaction's lanes in view vertically, when they are scrolled away: once per
  // cursor move, when the model has them (a model made before the record came has not yet).
  const revealing = useRef(-1);
  useEffect(() => {
    revealing.current = cursor;
  }, [cursor]);
  useEffect(() => {
    const el = bodyRef.current;
    if (revealing.current !== cursor) return;
    const record = cursor >= 0 && cursor < records.length ? records.get(cursor) : undefined;
    if (!el || !record) return;
    const id = record.data.interactionid ?? record.data.tointeractionid;
    const lane = typeof id === 'string' ? model.lanes.header(id) : undefined;
    if (lane === undefined) return;
    revealing.current = -1;
    const last = model.lanes.group(lane).end;
    // The scroll position and height as last seen (onScroll, the resize observer): reading them
    // from the element would lay the page out now, at every cursor move (a load moves it with
    // every redraw).
    const first = scrollTop / LANE_H;
    const shown = first + (size.height - AXIS_H) / LANE_H;
    // Any of the interaction's lanes on screen is enough: no jump under a click on the timeline.
    if (last <= first || lane >= shown) el.scrollTop = Math.max(0, (lane - 1) * LANE_H);
  }, [cursor, model]);

  const setVp = useCallback((next: Viewport) => setWindow({ start: next.start, end: next.end }), []);

  // Ctrl/⌘ + wheel zooms, Shift + wheel (or a horizontal wheel) pans; a plain wheel scrolls lanes.
  useEffect(() => {
    const el = body;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const x = e.clientX - el.getBoundingClientRect().left - GUTTER_W;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        setVp(zoomAt(vpRef.current, Math.exp(-e.deltaY * 0.004), Math.max(0, x), boundsRef.current));
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault();
        setVp(panBy(vpRef.current, -(e.shiftKey ? e.deltaY || e.deltaX : e.deltaX), boundsRef.current));
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [body, setVp]);
  const vpRef = useRef(vp);
  vpRef.current = vp;
  const boundsRef = useRef(bounds);
  boundsRef.current = bounds;

  const drag = useRef<{ x: number; y: number; scrollTop: number; vp: Viewport; moved: boolean } | null>(null);
  const local = (e: React.PointerEvent) => {
    const rect = bodyRef.current!.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const p = local(e);
    if (p.y < AXIS_H) return;
    drag.current = { x: p.x, y: p.y, scrollTop, vp, moved: false };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const p = local(e);
    const d = drag.current;
    if (d) {
      if (!d.moved && Math.hypot(p.x - d.x, p.y - d.y) < 4) return;
      d.moved = true;
      setHover(null);
      setVp(panBy(d.vp, p.x - d.x, bounds));
      bodyRef.current!.scrollTop = d.scrollTop - (p.y - d.y);
      return;
    }
    const lane = laneAtY(frame, p.y);
    if (lane === -1) {
      setHover(null);
      return;
    }
    if (p.x < GUTTER_W) {
      // The gutter may cut long ids: the tooltip has them whole.
      const l = model.lanes.get(lane);
      setHover({ lane, time: 0, index: -1, x: p.x, y: p.y, text: `${l.label}\nclick to select this ${l.kind === 'party' ? 'party' : 'interaction'}` });
      return;
    }
    const hit = nearestMarker(model.lanes.get(lane), vp, p.x - GUTTER_W);
    const text = hoverText(model, records, lane, hit, timeAt(vp, p.x - GUTTER_W));
    setHover(text === null ? null : { lane, time: hit?.time ?? timeAt(vp, p.x - GUTTER_W), index: hit?.index ?? -1, x: p.x, y: p.y, text });
  };
  const onPointerUp = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved) return;
    const p = local(e);
    const lane = laneAtY(frame, p.y);
    if (lane === -1) return;
    const l = model.lanes.get(lane);
    if (p.x < GUTTER_W) {
      if (l.kind === 'party' && l.partyId !== null) selectParty(l.interactionId, l.partyId);
      else selectInteraction(l.interactionId);
      return;
    }
    const hit = nearestMarker(l, vp, p.x - GUTTER_W, 12);
    if (hit) setCursor(hit.index);
  };

  const zoomToSelection = () => {
    const range = selectionRange(model, selectedInteraction, selectedParty);
    if (range) setVp(fitRange(range.start, range.end, plotWidth, 0.05));
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const centre = cursorTime !== null && cursorTime >= vp.start && cursorTime <= vp.end ? ((cursorTime - vp.start) / (vp.end - vp.start)) * vp.width : vp.width / 2;
    let handled = true;
    if (e.key === '+' || e.key === '=') setVp(zoomAt(vp, ZOOM_STEP, centre, bounds));
    else if (e.key === '-' || e.key === '_') setVp(zoomAt(vp, 1 / ZOOM_STEP, centre, bounds));
    else if (e.key === '0') setWindow(null);
    else if (e.key === 'ArrowLeft') setVp(panBy(vp, vp.width * 0.2, bounds));
    else if (e.key === 'ArrowRight') setVp(panBy(vp, -vp.width * 0.2, bounds));
    else if (e.key === 'z') zoomToSelection();
    else handled = false;
    if (handled) e.preventDefault();
  };

  // The links up to the cursor for screen readers: the latest few (a million-record trace has 53k,
  // and as many list items took the page 3.5 s to make and lay out).
  // Found in a task after the render, as the legend: for every interaction of a big trace it
  // looks up each interaction's position (64k of them) the first time.
  const [atCursor, setAtCursor] = useState<{ listed: LaneLink[]; earlier: number }>({ listed: [], earlier: 0 });
  useEffect(() => {
    const id = setTimeout(() => setAtCursor(model.linksUpTo(cursor, MAX_LISTED_LINKS)), 0);
    return () => clearTimeout(id);
  }, [model, cursor]);
  const { listed: linksAtCursor, earlier: unlisted } = atCursor;
  // The legend's states read every party's history (75 ms for every interaction of a 1M trace):
  // found in a task of their own after the lanes are drawn; the last ones stay shown meanwhile.
  // While a load goes on, once: the legend then waits for its end (a redraw per batch would read
  // every party's history each time).
  const [legend, setLegend] = useState<{ trace: number; states: string[] }>({ trace: -1, states: [] });
  const loading = useStore((s) => s.load.status === 'loading');
  const legendWaits = loading && legend.trace === traceVersion;
  useEffect(() => {
    if (legendWaits) return;
    // In short tasks: every interaction of a 1M trace took 79 ms in one.
    let live = true;
    const schedule = (sliceScheduler ??= taskScheduler());
    const step = () => {
      if (!live) return;
      const until = performance.now() + LEGEND_SLICE_MS;
      const states = model.partyStatesIn(() => performance.now() < until);
      if (states !== null) setLegend({ trace: traceVersion, states });
      else schedule(step);
    };
    schedule(step);
    return () => {
      live = false;
    };
  }, [model, legendWaits, traceVersion]);
  const states = legend.states;
  const ids = model.lanes.ids;
  const contentHeight = model.lanes.length * LANE_H;
  const span = vp.end - vp.start;

  return (
    <section className="view timeline-view" aria-label="Timeline">
      <div className="view-toolbar">
        <span className="view-summary">
          <strong className="mono">{selectedInteraction !== null ? ids.join(' + ') : 'All interactions'}</strong>
          <span className="muted">
            {' '}· {model.lanes.length.toLocaleString()} lanes · window {model.axis === 'time' ? formatSpan(span) : `${Math.round(span)} records`}
          </span>
        </span>
        {selectedInteraction !== null && (
          <button type="button" onClick={() => selectInteraction(null)} title="Clear the selection and show every interaction">
            Show all
          </button>
        )}
        <button type="button" onClick={() => setVp(zoomAt(vp, ZOOM_STEP, vp.width / 2, bounds))} title="Zoom in (+, or Ctrl/⌘ + wheel)" aria-label="Zoom in">+</button>
        <button type="button" onClick={() => setVp(zoomAt(vp, 1 / ZOOM_STEP, vp.width / 2, bounds))} title="Zoom out (−, or Ctrl/⌘ + wheel)" aria-label="Zoom out">−</button>
        <button type="button" onClick={() => setWindow(null)} title="Show the whole trace (0)">Fit</button>
        <button type="button" onClick={zoomToSelection} disabled={selectedInteraction === null} title="Zoom to the selected interaction or party (Z)">
          Zoom to selection
        </button>
        <span className="timeline-hint subtle">Ctrl/⌘+wheel zoom · drag or Shift+wheel pan · click an event to move the cursor</span>
        <span className="view-spacer" />
        <ExportMenu
          name={exportName('timeline', selectedInteraction !== null ? ids : [])}
          disabled={model.lanes.length === 0}
          svg={() => timelineSvg(model, records, vp, readTheme(), cursor)}
        />
      </div>
      {records.length === 0 ? (
        <p className="view-empty">Open a trace to see its timeline.</p>
      ) : (
        <div
          ref={bodyCallback}
          className="timeline-body"
          tabIndex={0}
          role="application"
          aria-label="Timeline lanes. Plus and minus zoom, arrows pan, 0 fits the trace, Z zooms to the selection."
          data-testid="timeline"
          data-lanes={model.lanes.length}
          data-window-start={vp.start}
          data-window-end={vp.end}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setHover(null)}
        >
          <div className="timeline-sticky" style={{ height: size.height }}>
            <canvas ref={staticRef} className="timeline-canvas" style={{ width: size.width, height: size.height }} data-testid="timeline-static" />
            <canvas ref={interactiveRef} className="timeline-canvas" style={{ width: size.width, height: size.height }} data-testid="timeline-interactive" />
            {hover && (
              <div
                className="timeline-tooltip"
                role="tooltip"
                style={{ left: Math.min(hover.x + 12, Math.max(0, size.width - 360)), top: hover.y + 16 > size.height - 80 ? hover.y - 70 : hover.y + 16 }}
              >
                {hover.text}
              </div>
            )}
          </div>
          <div style={{ height: Math.max(0, AXIS_H + contentHeight - size.height) }} />
          <ul className="sr-only" aria-label="Links at or before the cursor" data-testid="timeline-links">
            {unlisted > 0 && <li>{`${unlisted.toLocaleString()} earlier links not listed: select an interaction to list its own`}</li>}
            {linksAtCursor.map((l) => (
              <li key={`${l.kind}:${l.index}`} data-kind={l.kind} data-type={l.type ?? ''}>
                {`${l.label} at record #${l.index + 1}`}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Legend
        states={states}
        statuses={['added', 'present', 'notcontrolled']}
        extra={[
          { key: 'marker', swatch: <span className="timeline-legend-tick" aria-hidden="true" />, text: 'event (colour = family)' },
          { key: 'request', swatch: <span className="timeline-legend-request" aria-hidden="true" />, text: 'request → result' },
          { key: 'dense', swatch: <span className="timeline-legend-dense" aria-hidden="true" />, text: 'several states in one pixel: zoom in' },
          { key: 'cursor', swatch: <span className="timeline-legend-cursor" aria-hidden="true" />, text: 'cursor' },
        ]}
      />
    </section>
  );
}

function formatSpan(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
