/**
 * Ids are compared as text: "a number is its decimal text". JSON numbers past 2^53 have already
 * lost digits when parsed; `idText` keeps what JSON.parse produced, and callers that hold the raw
 * line can recover the exact digits with `exactNumberText`.
 */
export function idText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
  }
  return null;
}

/** A plain object with no prototype, safe for keys such as `__proto__` taken from a trace. */
export function safeRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
