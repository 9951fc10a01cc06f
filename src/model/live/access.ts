/**
 * Who may talk to a live server: the pure half of the policy (the token comparison itself is
 * constant-time in the CLI with node:crypto). A browser always sends `Origin` on WebSocket
 * upgrades and cross-site POSTs; without a token only loopback pages (and origins named with
 * --allow-origin) are let in, so a web page the user happens to visit cannot read or feed a
 * relay on their machine. Programs (curl, Node, `ixnscope record`) send no Origin.
 */

export interface AccessPolicy {
  token: string | null;
  /** Extra browser origins allowed without a token; '*' allows any. */
  allowOrigins: readonly string[];
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** True for a page served from this machine: http(s)://127.x / localhost / [::1] on any port. */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && (u.hostname === 'localhost' || u.hostname === '[::1]' || u.hostname.startsWith('127.'));
  } catch {
    return false;
  }
}

/** Whether a request with this Origin header may go on (before the token is looked at). */
export function originAllowed(origin: string | undefined, policy: AccessPolicy): boolean {
  if (origin === undefined || policy.token !== null) return true;
  if (policy.allowOrigins.includes('*') || policy.allowOrigins.includes(origin)) return true;
  return isLoopbackOrigin(origin);
}

/** The token a client presented: `Authorization: Bearer T`, else `?token=T`. */
export function presentedToken(authorization: string | undefined, params: URLSearchParams): string | null {
  const m = authorization ? /^Bearer\s+(.+)$/i.exec(authorization.trim()) : null;
  if (m) return m[1];
  return params.get('token');
}
