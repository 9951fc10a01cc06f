/**
 * Query parameters of the live protocol: viewers connect to `/?since=<seq>&stream=<id>&token=<t>`;
 * the app is opened with `?ws=<url>` (and optionally `&token=<t>`).
 */

export interface ViewerQuery {
  /** Send records with seq greater than this; null when the viewer starts fresh. */
  since: number | null;
  /** The stream the viewer's `since` belongs to; null when it did not say. */
  stream: string | null;
  token: string | null;
}

/** Reads a viewer's query string, or says what is wrong with it. */
export function readViewerQuery(params: URLSearchParams): ViewerQuery | { error: string } {
  const rawSince = params.get('since');
  let since: number | null = null;
  if (rawSince !== null && rawSince !== '') {
    if (!/^\d{1,15}$/.test(rawSince)) return { error: `since must be a non-negative integer seq, got ${JSON.stringify(rawSince.slice(0, 40))}` };
    since = Number(rawSince);
  }
  return { since, stream: params.get('stream') || null, token: params.get('token') };
}

/** The URL to reconnect to: the user's URL with `since` and `stream` set, other parameters kept. */
export function resumeUrl(url: string, since: number, stream: string | null): string {
  const u = new URL(url);
  if (since > 0) u.searchParams.set('since', String(since));
  else u.searchParams.delete('since');
  if (stream) u.searchParams.set('stream', stream);
  else u.searchParams.delete('stream');
  return u.toString();
}

/**
 * The WebSocket URL an app page was opened with: `?ws=<url>`, plus `&token=<t>` added to it as
 * its `token` parameter. Only ws: and wss: URLs are taken; anything else is refused with a reason.
 */
export function liveUrlFromSearch(search: string): { url: string } | { error: string } | null {
  const params = new URLSearchParams(search);
  const ws = params.get('ws');
  if (ws === null || ws.trim() === '') return null;
  const checked = checkLiveUrl(ws.trim());
  if ('error' in checked) return checked;
  const token = params.get('token');
  if (token) {
    const u = new URL(checked.url);
    u.searchParams.set('token', token);
    return { url: u.toString() };
  }
  return checked;
}

/** Accepts `ws://` / `wss://` URLs (and a bare `host:port`, taken as ws://). */
export function checkLiveUrl(text: string): { url: string } | { error: string } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `ws://${text}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    return { error: `not a URL: ${text.slice(0, 200)}` };
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') return { error: `a live stream URL starts with ws:// or wss://, not ${u.protocol}//` };
  return { url: u.toString() };
}

/** The URL with its token hidden, for display and logs. */
export function redactToken(url: string): string {
  try {
    const u = new URL(url);
    if (u.searchParams.has('token')) u.searchParams.set('token', '•••');
    return u.toString().replace('%E2%80%A2%E2%80%A2%E2%80%A2', '•••');
  } catch {
    return url;
  }
}
