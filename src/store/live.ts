/**
 * The live slice: connection status, follow mode and counts of the one live session, and the
 * module-level actions that wire the ingest `LiveClient` to the trace store. Records reach the
 * trace through `appendRecords`, once per animation frame.
 *
 * Follow mode keeps the cursor on the newest record. Any cursor move that is not to the newest
 * record (a step back, a click in the table, the transport) pauses it; `setFollow(true)`
 * resumes and jumps to the newest.
 */
import { create } from 'zustand';
import { LiveClient, liveFileName, ZERO_COUNTS, type LiveClientOptions, type LiveCounts, type LiveStatus } from '../ingest/live';
import { liveUrlFromSearch } from '../model/live/urls';
import { appendRecords, cancelLoad, finishTrace, notifyTrace, resetTrace, setCursor, useStore, type TraceSource } from './store';
import { clearFilters } from './filters';

export interface LiveState {
  status: LiveStatus;
  follow: boolean;
  counts: LiveCounts;
  /** The last thing worth telling (records lost, stream restarted), or null. */
  notice: string | null;
}

const INITIAL: LiveState = { status: { kind: 'idle' }, follow: true, counts: ZERO_COUNTS, notice: null };

export const useLiveStore = create<LiveState>()(() => INITIAL);

let client: LiveClient | null = null;
let lastSession: LiveClient | null = null;
let unsubscribeStore: (() => void) | null = null;

/**
 * When the views hear of new live records: at once while a redraw is cheap (under 8 ms), else at
 * most every twice what the last redraw cost (up to 1 s), so a fast stream into a big trace spends
 * the page's time on records rather than on redraws; a redraw held back runs when its time comes.
 * Records are in the trace as they arrive; the views (and the followed cursor) catch up at a
 * redraw. A stream replayed as fast as possible into 300k records made a redraw per frame, 19k
 * records a second reaching the page.
 */
export class RedrawCadence {
  private last = -Infinity;
  private cost = 0;
  private held: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly redraw: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** New records are in the trace: redraw now, or when the interval is up. */
  request(): void {
    if (this.held !== null) return;
    const interval = this.cost < CHEAP_REDRAW_MS ? 0 : Math.min(MAX_REDRAW_INTERVAL_MS, 2 * this.cost);
    const wait = this.last + interval - this.now();
    if (wait <= 0) this.run();
    else this.held = setTimeout(() => this.run(), wait);
  }

  /** Redraws now if one is held back (the stream ended or stopped). */
  flush(): void {
    if (this.held !== null) this.run();
  }

  cancel(): void {
    if (this.held !== null) clearTimeout(this.held);
    this.held = null;
  }

  private run(): void {
    this.cancel();
    const started = this.now();
    this.last = started;
    this.redraw();
    // The views render after this task's microtasks: the next task starts when they are done.
    setTimeout(() => {
      this.cost = this.now() - started;
    }, 0);
  }
}

const CHEAP_REDRAW_MS = 8;
const MAX_REDRAW_INTERVAL_MS = 1000;

let cadence: RedrawCadence | null = null;

function jumpToNewest(): void {
  setCursor(useStore.getState().recordCount - 1);
}

/** Opens a live session on `url`, replacing the current trace. */
export function connectLive(url: string, options: LiveClientOptions = {}): void {
  disconnectLive();
  cancelLoad();
  resetTrace();
  clearFilters(); // a new trace: filters of the old one would hide records without saying why
  const source: TraceSource = { name: liveFileName(url), files: [], url: null };
  useStore.setState({
    source,
    load: { status: 'idle', files: [], progress: null, error: null, partial: false, kept: 0, keptPrevious: false },
  });
  useLiveStore.setState({ ...INITIAL, status: { kind: 'connecting', url, attempt: 0 } });
  const redraws = new RedrawCadence(() => {
    // Another trace replaced the live one: its views must not move.
    if (useStore.getState().source !== source) return;
    notifyTrace();
    if (useLiveStore.getState().follow) jumpToNewest();
  });
  cadence = redraws;
  const session = new LiveClient(
    url,
    {
      batch(batch) {
        if (client !== session) return;
        appendRecords(batch.records, batch.diagnostics, batch.rejected, { notify: false });
        redraws.request();
      },
      status(status) {
        if (client !== session) return;
        if (status.kind !== 'live') redraws.flush();
        useLiveStore.setState({ status });
        // The whole trace arrived: settle it as a file load does (pending requests are diagnosed).
        if (status.kind === 'closed' && status.finished) finishTrace();
      },
      counts(counts) {
        if (client === session) useLiveStore.setState({ counts });
      },
      notice(notice) {
        if (client === session) useLiveStore.setState({ notice });
      },
    },
    options,
  );
  client = session;
  lastSession = session;
  unsubscribeStore = useStore.subscribe((state, prev) => {
    // Another trace was opened: the live session gives way to it.
    if (state.source !== source) {
      disconnectLive('another trace was opened');
      return;
    }
    if (state.cursor === prev.cursor || !useLiveStore.getState().follow) return;
    // The newest record the views show (more may be in the trace, waiting for a redraw).
    if (state.cursor !== state.recordCount - 1) useLiveStore.setState({ follow: false });
  });
  session.start();
}

/** Closes the live session; what was received stays in the trace. */
export function disconnectLive(reason = 'disconnected'): void {
  unsubscribeStore?.();
  unsubscribeStore = null;
  // What arrived is shown, though its redraw was held back.
  cadence?.flush();
  cadence = null;
  const session = client;
  if (!session) return;
  session.stop(reason);
  client = null;
}

export function reconnectLiveNow(): void {
  client?.reconnectNow();
}

/** Turns follow on (jumping to the newest record) or off. */
export function setFollow(on: boolean): void {
  useLiveStore.setState({ follow: on });
  if (on) jumpToNewest();
}

export function dismissLiveNotice(): void {
  useLiveStore.setState({ notice: null });
}

/** The session as received, as NDJSON (seq kept), or null when nothing was received. */
export function liveSessionFile(now = new Date()): { blob: Blob; name: string } | null {
  // After a disconnect the session can still be saved, until the next one starts.
  const parts = lastSession?.savedParts() ?? [];
  if (parts.length === 0) return null;
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return { blob: new Blob(parts as string[], { type: 'application/x-ndjson' }), name: `ixnscope-live-${stamp}.ndjson` };
}

/**
 * Connects when the page was opened with `?ws=<url>` (and optionally `&token=<t>`). Called by
 * the header's live controls on mount; a second call for the same URL does nothing (React's
 * StrictMode mounts twice).
 */
export function initLiveFromUrl(search: string = typeof location === 'undefined' ? '' : location.search): void {
  const found = liveUrlFromSearch(search);
  if (found === null) return;
  if ('error' in found) {
    useLiveStore.setState({ status: { kind: 'closed', url: '', reason: `?ws= ${found.error}`, error: true } });
    return;
  }
  if (client && client.url === found.url) return;
  connectLive(found.url);
}
