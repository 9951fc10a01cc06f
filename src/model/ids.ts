/**
 * Ids are compared as text: "a number is its decimal text". JSON numbers past 2^53 have already
 * lost digits when parsed, so the parser puts the exact digits back as text (`keepExactIntegers`)
 * and `idText` reads them as any other string id.
 */
export function idText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
  }
  return null;
}

/**
 * Objects whose prototype chain ends at an empty object with no prototype: like
 * `Object.create(null)`, keys such as `__proto__` or `constructor` from a trace are plain data,
 * but V8 keeps them in fast mode (shared shapes) where a null-prototype object starts as a
 * hash table. A 64k-interaction trace keeps 20 MB less this way.
 */
const Bare = function Bare() {} as unknown as new () => Record<string, unknown>;
Bare.prototype = Object.create(null) as object;

/** An empty record for keys taken from a trace (user data): see `Bare`. */
export function bareRecord<T>(): Record<string, T> {
  return new Bare() as Record<string, T>;
}

/** A run of 16 digits: the shortest integer literal that can lie beyond 2^53. */
const LONG_DIGITS = /\d{16}/;
const INTEGER_LITERAL = /^-?\d{16,}$/;

interface Container {
  /** The object or array JSON.parse built here; null when a duplicate key hides it. */
  node: Record<string, unknown> | null;
  array: boolean;
  /** Current key (object) or element index as text (array); null before an object's key. */
  key: string | null;
  index: number;
}

/**
 * "Ids are compared as text (a number is its decimal text)": an integer literal beyond 2^53 in
 * `text` loses digits in JSON.parse, so `value` (what JSON.parse made of `text`) gets the exact
 * digits back as a string wherever such a literal sits. Walks the text once, without recursion,
 * only when it holds a run of 16 digits. With duplicate keys the last one wins, as in JSON.parse.
 */
export function keepExactIntegers(text: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || !LONG_DIGITS.test(text)) return;
  const stack: Container[] = [];
  const patched = new WeakMap<object, Set<string>>();
  const slot = (top: Container | undefined): unknown => {
    if (!top) return value;
    if (top.node === null) return undefined;
    const key = top.array ? String(top.index) : top.key;
    return key !== null && Object.hasOwn(top.node, key) ? top.node[key] : undefined;
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (top && !top.array && top.key === null) top.key = JSON.parse(text.slice(i, j + 1)) as string;
      i = j + 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const child = slot(top);
      const array = c === 91;
      const fits = typeof child === 'object' && child !== null && Array.isArray(child) === array;
      stack.push({ node: fits ? (child as Record<string, unknown>) : null, array, key: null, index: 0 });
      i++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      i++;
    } else if (c === 44 /* , */) {
      if (top?.array) top.index++;
      else if (top) top.key = null;
      i++;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && /[0-9eE.+-]/.test(text[j])) j++;
      const literal = text.slice(i, j);
      if (top?.node && INTEGER_LITERAL.test(literal)) {
        const num = Number(literal);
        const key = top.array ? String(top.index) : top.key;
        if (!Number.isSafeInteger(num) && key !== null && Object.hasOwn(top.node, key)) {
          const done = patched.get(top.node);
          // The last duplicate key holds JSON.parse's value; an earlier patch of the key is redone.
          if (top.node[key] === num || done?.has(key)) {
            top.node[key] = literal;
            if (done) done.add(key);
            else patched.set(top.node, new Set([key]));
          }
        }
      }
      i = j;
    } else {
      i++;
    }
  }
}
