/**
 * Reconnect delays: exponential with "equal jitter" (half fixed, half random), so a relay that
 * restarts is not hit by every viewer in the same millisecond, and a viewer never waits less
 * than half the nominal delay.
 */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

export const DEFAULT_BACKOFF = { baseMs: 500, maxMs: 15_000 } as const;

/** Delay before reconnect attempt `attempt` (0 for the first); `random` is in [0, 1). */
export function backoffDelay(attempt: number, random: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const max = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
  const nominal = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt), 30));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(nominal / 2 + (r * nominal) / 2);
}
