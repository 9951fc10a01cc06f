/**
 * The app's one zustand store, built from slices. The trace state is the model's append-only
 * `TraceState`, mutated in place by the reducer as batches arrive; `version` changes with every
 * batch so selectors and memos know when to recompute. Actions live at module level so the
 * ingest worker's message handler and the live client call them without hooks.
 *
 * CONTRACT shared by all views (extend, do not rename):
 *   trace, records, version, cursor, selectedInteraction, selectedParty
 *   appendRecords(), resetTrace(), setCursor(), selectInteraction(), selectParty()
 * Extensions: `recordCount` (`records.length` as of `version`), `traceVersion` (changes only when a new trace replaces the old one), `source` (what
 * the shown trace was read from), `load` (the load in progress or how the last one ended), and the
 * load actions `openFiles`, `openUrl`, `loadSources`, `cancelLoad`, `dismissLoadMessage`,
 * `finishTrace`.
 */
import { create } from 'zustand';
import { addRejected, apply, createTrace, finish } from '../model/reducer';
import { RecordList, type RecordSegment } from '../model/records';
import type { TraceState } from '../model/state';
import type { Diagnostic, TraceRecord } from '../model/types';
import { createLoadWorker, prepareLoadWorker, startLoad, type LoadControllerOptions, type LoadHandle, type LoadProgress } from '../ingest/loadController';
import type { LoadSource } from '../ingest/protocol';
import { clearFilters } from './filters';
import { whenIdle } from './idle';
import { listeners } from './listeners';
import { warmPageWith } from './warmPage';

export interface TraceSlice {
  /** The reconstructed trace, mutated in place; read it together with `version`. */
  trace: TraceState;
  /** Every kept record, in trace order; `records.get(i).index === i`. Grows in place. */
  records: RecordList;
  /** Bumped whenever `trace`/`records` changed. */
  version: number;
  /**
   * `records.length` when the views were last told (`version`): the count to show beside them.
   * `records.length` runs ahead while a load applies records between two redraws, and a selector
   * reading it re-renders at every store change (four progress updates a second).
   */
  recordCount: number;
  /** Bumped only when a new trace replaces the old one (reset), so views can drop per-trace state. */
  traceVersion: number;
}

export interface CursorSlice {
  /** Index of the record the views show the state after; -1 before the first record. */
  cursor: number;
}

export interface SelectionSlice {
  selectedInteraction: string | null;
  selectedParty: string | null;
}

export interface SourceFile {
  name: string;
  /** Bytes as stored; null when unknown (a URL without Content-Length). */
  size: number | null;
}

/** What the trace on screen was read from. */
export interface TraceSource {
  /** Shown in the header: the file name, or "first.ndjson + 2 more". */
  name: string;
  files: SourceFile[];
  /** The URL it was fetched from, as given (kept in permalinks); null for local files. */
  url: string | null;
}

export type LoadStatus = 'idle' | 'loading' | 'done' | 'cancelled' | 'error';

export interface LoadInfo {
  status: LoadStatus;
  /** Files of the load in progress or of the last load. */
  files: SourceFile[];
  progress: LoadProgress | null;
  /** Why the last load failed, naming the file. */
  error: { file: string; reason: string } | null;
  /** The trace shown stops short: the last load was cancelled or failed after some records. */
  partial: boolean;
  /** Records the last cancelled or failed load kept (0 when the previous trace stayed). */
  kept: number;
  /** The last load ended before replacing the trace: the previous trace is still shown. */
  keptPrevious: boolean;
}

export interface LoadSlice {
  source: TraceSource | null;
  load: LoadInfo;
}

export type StoreState = TraceSlice & CursorSlice & SelectionSlice & LoadSlice;

const IDLE_LOAD: LoadInfo = { status: 'idle', files: [], progress: null, error: null, partial: false, kept: 0, keptPrevious: false };

export const useStore = create<StoreState>()(() => ({
  trace: createTrace(),
  records: new RecordList(),
  version: 0,
  recordCount: 0,
  traceVersion: 0,
  cursor: -1,
  selectedInteraction: null,
  selectedParty: null,
  source: null,
  load: IDLE_LOAD,
}));

export interface AppendOptions {
  /** False applies without telling the views (a loader batching redraws calls `notifyTrace` later). */
  notify?: boolean;
  /** Where the records can be rebuilt from (a decoded wire batch): the objects are then not kept. */
  from?: { segment: RecordSegment; offset: number };
}

const applied = listeners();

/**
 * Calls `listener` after each batch of records is applied, before the views are told: caches that
 * grow with the trace (the trace index, the scrubber's density) keep up in a load's slices, and
 * the redraw after does not extend them over everything applied since the last one.
 */
export function onRecordsApplied(listener: () => void): () => void {
  return applied.add(listener);
}

/** Applies a batch of parsed records (and the diagnostics of rejected lines) to the trace. */
export function appendRecords(
  records: readonly TraceRecord[],
  rejected: readonly Diagnostic[] = [],
  rejectedCount = 0,
  options: AppendOptions = {},
): void {
  const { trace, records: all } = useStore.getState();
  addRejected(trace, rejected, rejectedCount);
  for (const r of records) apply(trace, r);
  all.append(records, options.from);
  applied.call();
  if (options.notify !== false) notifyTrace();
}

/** Tells the views that `trace`/`records` changed. */
export function notifyTrace(): void {
  useStore.setState((s) => ({ version: s.version + 1, recordCount: s.records.length }));
}

/** Ends the trace: requests still unanswered become `pending-request` diagnostics. */
export function finishTrace(): void {
  finish(useStore.getState().trace);
  notifyTrace();
}

export function resetTrace(): void {
  const s = useStore.getState();
  useStore.setState({
    trace: createTrace(),
    records: new RecordList(),
    version: s.version + 1,
    recordCount: 0,
    traceVersion: s.traceVersion + 1,
    cursor: -1,
    selectedInteraction: null,
    selectedParty: null,
  });
}

export function setCursor(index: number): void {
  const max = useStore.getState().records.length - 1;
  useStore.setState({ cursor: Math.max(-1, Math.min(index, max)) });
}

export function selectInteraction(id: string | null): void {
  useStore.setState({ selectedInteraction: id, selectedParty: null });
}

export function selectParty(interactionId: string, partyId: string | null): void {
  useStore.setState({ selectedInteraction: interactionId, selectedParty: partyId });
}

// ---------------------------------------------------------------------------------------------
// Loading

export interface LoadOptions {
  /** Add to the trace on screen (all files are read again and merged by time) instead of replacing it. */
  add?: boolean;
  /** Called once the trace is complete, instead of putting the cursor on the last record. */
  onLoaded?: () => void;
  /** For a single URL source: the URL as the person wrote it, kept in permalinks. */
  linkUrl?: string;
}

let current: { handle: LoadHandle; token: number } | null = null;
let token = 0;
/** Sources of the trace on screen, re-read when files are added to it. */
let shownSources: LoadSource[] = [];
let loaderOptions: LoadControllerOptions = { createWorker: createLoadWorker };

/**
 * Has the next load's worker start and warm up when the page is idle (`prepareLoadWorker`), when
 * loads run in the app's own worker (not when tests replaced it), and the page warm its own side
 * with the warm-up's batches (`warmPage.ts`). Called at start and after loads.
 */
export function prepareNextLoad(): void {
  if (loaderOptions.createWorker !== createLoadWorker) return;
  whenIdle(() => prepareLoadWorker((records) => warmPageWith(records, () => useStore.getState().load.status === 'loading')), 2000, 500);
}

/** Replaces how loads run (tests use an inline worker and a timer scheduler). */
export function configureLoader(options: LoadControllerOptions): void {
  loaderOptions = options;
}

function sourceName(sources: readonly LoadSource[]): string {
  if (sources.length === 0) return '';
  return sources.length === 1 ? sources[0].name : `${sources[0].name} + ${sources.length - 1} more`;
}

function sourceFiles(sources: readonly LoadSource[]): SourceFile[] {
  return sources.map((s) => ({ name: s.name, size: s.kind === 'blob' ? s.blob.size : null }));
}

/** Reads sources in the load worker and streams them into the trace; resolves when it ended. */
export function loadSources(sources: readonly LoadSource[], options: LoadOptions = {}): Promise<LoadStatus> {
  current?.handle.cancel();
  const all = options.add ? [...shownSources, ...sources] : [...sources];
  const mine = ++token;
  const files = sourceFiles(all);
  const url = all.length === 1 && all[0].kind === 'url' ? (options.linkUrl ?? all[0].url) : null;
  // While loading, the cursor stays on the last record shown ("at the end") until the person
  // moves it; `following` is where it was last put.
  let following = -1;
  const follow = (): void => {
    const s = useStore.getState();
    if (mine !== token || s.cursor !== following) return;
    following = s.records.length - 1;
    setCursor(following);
  };
  useStore.setState({
    load: { ...IDLE_LOAD, status: 'loading', files, progress: { bytesRead: 0, bytesTotal: null, recordsRead: 0, recordsApplied: 0, file: all[0]?.name ?? '' } },
  });
  const handle: LoadHandle = startLoad(
    all,
    {
      begin() {
        resetTrace();
        // A new trace replacing the old one starts unfiltered (permalinks apply theirs after
        // loading, in onLoaded); adding files keeps the filters.
        if (!options.add) clearFilters();
        shownSources = all;
        useStore.setState({ source: { name: sourceName(all), files, url } });
      },
      append(records, rejected, rejectedCount, notify, from) {
        appendRecords(records, rejected, rejectedCount, { notify, from });
      },
      notify() {
        notifyTrace();
        follow();
      },
      progress(progress) {
        if (mine === token) useStore.setState((s) => ({ load: { ...s.load, progress } }));
      },
    },
    loaderOptions,
  );
  current = { handle, token: mine };
  return handle.outcome.then((outcome) => {
    if (mine !== token) return outcome.status; // superseded by a newer load
    current = null;
    prepareNextLoad();
    if (outcome.status === 'done') {
      finishTrace();
      if (options.onLoaded) options.onLoaded();
      else follow();
      useStore.setState((s) => ({ load: { ...s.load, status: 'done', progress: null } }));
      return 'done';
    }
    if (outcome.begun) follow();
    useStore.setState((s) => ({
      load: {
        ...s.load,
        status: outcome.status,
        error: outcome.status === 'error' ? { file: outcome.file, reason: outcome.reason } : null,
        partial: outcome.begun,
        kept: outcome.records,
        keptPrevious: !outcome.begun,
      },
    }));
    return outcome.status;
  });
}

/** Opens files the person picked or dropped. */
export function openFiles(files: readonly File[], options: LoadOptions = {}): Promise<LoadStatus> {
  return loadSources(files.map((f) => ({ kind: 'blob', name: f.name, blob: f })), options);
}

/**
 * Opens a trace from a URL. `url` must be absolute (the worker resolves relative URLs against its
 * own script); `linkUrl` is what permalinks keep (as the person wrote it).
 */
export function openUrl(url: string, options: LoadOptions & { linkUrl?: string } = {}): Promise<LoadStatus> {
  const linkUrl = options.linkUrl ?? url;
  return loadSources([{ kind: 'url', name: urlFileName(linkUrl), url }], { ...options, linkUrl });
}

/** The last path segment of a URL, decoded: the name shown for a trace read from it. */
export function urlFileName(url: string): string {
  const last = url.split(/[?#]/)[0].split('/').filter(Boolean).pop() ?? url;
  try {
    return decodeURIComponent(last) || url;
  } catch {
    return last;
  }
}

/** Stops the load in progress; what was applied so far is kept and the banner says so. */
export function cancelLoad(): void {
  current?.handle.cancel();
}

export function dismissLoadMessage(): void {
  useStore.setState((s) => ({ load: { ...s.load, status: s.load.status === 'loading' ? 'loading' : 'idle', error: null } }));
}
