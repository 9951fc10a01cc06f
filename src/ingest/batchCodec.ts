/**
 * How a batch of records crosses from the load worker to the page: as one JSON text rather than
 * an array of objects. Structured clone of many small objects is slow to read back and makes
 * large objects, each string its own copy; `JSON.parse` of one string reads two to three times
 * faster, shares the maps of same-shaped objects and interns short strings. Names, sessions and
 * files go once per batch in a table, and the page keeps one copy of each across batches.
 *
 * What JSON cannot carry exactly (numbers beyond JSON: infinities from huge literals, -0) is rare:
 * such records travel beside the text, as objects.
 */
import type { TraceRecord } from '../model/types';

export interface EncodedRecords {
  count: number;
  /** JSON of the record tuples (see `Tuple`). */
  json: string;
  /** Names, actions, sessions and files the tuples refer to by position. */
  strings: string[];
  /** Records JSON would change, by position in the batch, as they are. */
  exact: { at: number; record: TraceRecord }[];
}

/**
 * [0 event | 1 action, name, file, fileIndex, line, time, session, raw, data, issues?]: name,
 * file and session are positions in `strings`; data 1 is `raw.data`, 0 an empty object (the
 * parser's `data` is one or the other); null for a record sent in `exact`.
 */
type Tuple = [0 | 1, number, number, number, number, number | null, number, Record<string, unknown>, 0 | 1, TraceRecord['issues']?];

/** Does JSON.stringify + JSON.parse give `value` back as it is? */
function jsonExact(value: unknown, depth: number): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || value === null) return true;
  if (depth > 200) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!jsonExact(value[i], depth + 1)) return false;
    return true;
  }
  for (const key in value) if (!jsonExact((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

export function encodeRecords(records: readonly TraceRecord[]): EncodedRecords {
  const strings: string[] = [];
  const position = new Map<string, number>();
  const ref = (s: string): number => {
    let at = position.get(s);
    if (at === undefined) {
      at = strings.length;
      strings.push(s);
      position.set(s, at);
    }
    return at;
  };
  const tuples: (Tuple | null)[] = new Array(records.length);
  const exact: EncodedRecords['exact'] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const ownData = r.data === r.raw.data;
    if ((!ownData && Object.keys(r.data).length > 0) || !jsonExact(r.raw, 0)) {
      exact.push({ at: i, record: r });
      tuples[i] = null;
      continue;
    }
    const tuple: Tuple = [
      r.kind === 'event' ? 0 : 1,
      ref(r.kind === 'event' ? r.name : r.action),
      ref(r.file),
      r.fileIndex,
      r.line,
      r.time,
      ref(r.session),
      r.raw,
      ownData ? 1 : 0,
    ];
    if (r.issues) tuple.push(r.issues);
    tuples[i] = tuple;
  }
  return { count: records.length, json: JSON.stringify(tuples), strings, exact };
}

/** Decodes batches of one load; keeps one copy of each name, session and file across batches. */
export class RecordDecoder {
  private readonly known = new Map<string, string>();

  decode(encoded: EncodedRecords): TraceRecord[] {
    const strings = encoded.strings.map((s) => {
      const kept = this.known.get(s);
      if (kept !== undefined) return kept;
      this.known.set(s, s);
      return s;
    });
    const tuples = JSON.parse(encoded.json) as (Tuple | null)[];
    const out: TraceRecord[] = new Array(tuples.length);
    for (let i = 0; i < tuples.length; i++) {
      const t = tuples[i];
      if (t === null) continue;
      const raw = t[7];
      const data = t[8] === 1 ? (raw.data as Record<string, unknown>) : {};
      const issues = t[9];
      // One literal shape per kind, as the parser makes them (monomorphic access in the reducer).
      out[i] =
        t[0] === 0
          ? { kind: 'event', name: strings[t[1]], index: -1, file: strings[t[2]], fileIndex: t[3], line: t[4], time: t[5], session: strings[t[6]], raw, data, issues }
          : { kind: 'action', action: strings[t[1]], index: -1, file: strings[t[2]], fileIndex: t[3], line: t[4], time: t[5], session: strings[t[6]], raw, data, issues };
    }
    for (const { at, record } of encoded.exact) out[at] = record;
    return out;
  }
}
