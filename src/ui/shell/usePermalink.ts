/**
 * Keeps the URL hash in step with the view (trace URL, cursor, selection, filters) and opens
 * what a link names: `#trace=…&at=…` or `?trace=<url>` on arrival, and a pasted link later
 * (hashchange). The hash is written with `replaceState`, throttled, so stepping through records
 * neither floods the history nor fires hashchange.
 */
import { useEffect } from 'react';
import { useFilters } from '../../store/filters';
import { applyPermalink, currentPermalink, decodePermalink, encodePermalink, hasView, type Permalink } from '../../store/permalink';
import { useStore } from '../../store/store';
import { openLink } from './openTrace';

let started = false;
/** A link into a local file (no URL): applied when a trace of that name is next opened. */
let pendingLocal: Permalink | null = null;

function queryTrace(): string | null {
  return new URLSearchParams(window.location.search).get('trace');
}

function follow(link: Permalink, fallbackTrace: string | null): void {
  const trace = link.trace ?? (link.name === null ? fallbackTrace : null);
  if (trace !== null) {
    const source = useStore.getState().source;
    if (source?.url === trace && useStore.getState().load.status !== 'loading') applyPermalink(link);
    else openLink(trace, { onLoaded: () => applyPermalink(link) });
    return;
  }
  if (!hasView(link)) return;
  const shown = useStore.getState().source;
  if (link.name === null || shown?.name === link.name) {
    if (shown !== null) applyPermalink(link);
  } else {
    pendingLocal = link;
  }
}

function writeHash(): void {
  const s = useStore.getState();
  if (s.source === null || s.load.status === 'loading') return;
  const hash = encodePermalink(currentPermalink());
  let search = window.location.search;
  const params = new URLSearchParams(search);
  // A ?trace= that no longer names the trace on screen would reopen the wrong one.
  if (params.has('trace') && params.get('trace') !== s.source.url) {
    params.delete('trace');
    search = params.size > 0 ? `?${params}` : '';
  }
  const next = `${window.location.pathname}${search}${hash ? `#${hash}` : ''}`;
  if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(window.history.state, '', next);
  }
}

export function usePermalink(): void {
  useEffect(() => {
    if (!started) {
      started = true;
      follow(decodePermalink(window.location.hash), queryTrace());
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        writeHash();
      }, 200);
    };
    const stopStore = useStore.subscribe((s, prev) => {
      if (s.load.status === 'done' && prev.load.status !== 'done' && pendingLocal && s.source?.name === pendingLocal.name) {
        const link = pendingLocal;
        pendingLocal = null;
        applyPermalink(link);
      }
      if (
        s.cursor !== prev.cursor ||
        s.selectedInteraction !== prev.selectedInteraction ||
        s.selectedParty !== prev.selectedParty ||
        s.source !== prev.source ||
        s.load.status !== prev.load.status
      ) {
        schedule();
      }
    });
    const stopFilters = useFilters.subscribe(schedule);
    const onHashChange = () => follow(decodePermalink(window.location.hash), null);
    window.addEventListener('hashchange', onHashChange);
    return () => {
      stopStore();
      stopFilters();
      window.removeEventListener('hashchange', onHashChange);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);
}
