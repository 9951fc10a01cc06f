/**
 * The tail's part of a split summary (see `split.ts`): reading and reducing the file from `start`
 * to `end`, and making the deferred records again. The worker thread runs it; so does the head
 * when the worker fails, with the same result.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { recordFromLine, TraceParser } from '../model/parser';
import { joinedTexts, keptTexts, TailReduction, type JoinedTexts, type TailOutput } from '../model/split';
import type { Interaction } from '../model/state';
import { interactionJson, linkJson, requestJson } from '../model/summary';
import type { Diagnostic, TraceRecord } from '../model/types';
import { InputError, Utf8Chunks } from './read';
import { interactionBlock, orphanLine, requestsByInteraction, textOf } from './report';

/** What the tail reduces, and which output it makes. */
export interface TailJob {
  path: string;
  fileIndex: number;
  start: number;
  end: number;
  /** `--json` (interactions, links, requests), the text report (interaction blocks, orphans), or only the diagnostics (`validate`). */
  output: 'json' | 'report' | 'diagnostics';
}

/** The head's answer to the tail's keys. */
export interface TailGo {
  deferred: Uint8Array;
  lineOffset: number;
  indexOffset: number;
}

const CHUNK = 1 << 16;

/** The bytes of [start, end) of a file, chunk by chunk, in one reused buffer. */
export function* range(path: string, start: number, end: number): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let at = start;
    while (at < end) {
      const n = readSync(fd, buffer, 0, Math.min(CHUNK, end - at), at);
      if (n === 0) return;
      at += n;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads and reduces the tail; its lines count from 1. */
export function reduceTail(job: TailJob): TailReduction {
  const tail = new TailReduction();
  const parser = new TraceParser(job.path, job.fileIndex, { ndjson: true });
  const text = new Utf8Chunks();
  for (const chunk of range(job.path, job.start, job.end)) tail.add(parser.push(text.decode(chunk)));
  const rest = text.end();
  if (rest.length > 0) tail.add(parser.push(rest));
  tail.add(parser.end());
  return tail;
}

/** The text of the given lines (1-based, ascending) of [start, end), each decoded alone. */
function linesOf(path: string, start: number, end: number, wanted: readonly number[]): string[] {
  const out: string[] = [];
  if (wanted.length === 0) return out;
  let line = 1;
  let w = 0;
  let carry: Buffer[] = [];
  for (const chunk of range(path, start, end)) {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      if (nl === -1) break;
      if (line === wanted[w]) {
        const piece = chunk.subarray(from, nl);
        out.push((carry.length > 0 ? Buffer.concat([...carry, piece]) : piece).toString('utf8'));
        if (++w === wanted.length) return out;
      }
      carry = [];
      line++;
      from = nl + 1;
    }
    if (line === wanted[w] && from < chunk.length) carry.push(Buffer.from(chunk.subarray(from)));
  }
  if (w < wanted.length && line === wanted[w]) out.push(Buffer.concat(carry).toString('utf8'));
  if (out.length < wanted.length) throw new Error(`${path}: line ${wanted[out.length]} of the tail is gone`);
  return out;
}

/** The records of the deferred groups made again, with the lines of the whole file, and their tail ordinals. */
export function deferredRecords(tail: TailReduction, job: TailJob, go: TailGo): { records: TraceRecord[]; ordinals: number[] } {
  const ordinals = tail.deferredRecords(go.deferred);
  const found = ordinals.map((k) => tail.recordAt(k));
  try {
    const texts = linesOf(job.path, job.start, job.end, found.map((f) => f.line));
    const records = found.map((f, i) => {
      const issues = f.issues?.map((d): Diagnostic => ({ ...d, line: d.line + go.lineOffset, recordIndex: -1 }));
      return recordFromLine(texts[i], job.path, job.fileIndex, f.line + go.lineOffset, f.time, issues);
    });
    return { records, ordinals };
  } catch (err) {
    // The lines read a second time are not those read the first time.
    throw new InputError(job.path, `changed while it was read (${(err as Error).message})`);
  }
}

/**
 * The texts of every interaction, link and request of the tail (`--json`), or of every
 * interaction block and request on no known interaction (the report), indexed by tail ordinal:
 * made before the head says which groups it defers, then filtered by `tailOutput`.
 */
export function tailTexts(tail: TailReduction, job: TailJob): JoinedTexts[] {
  const state = tail.state;
  if (job.output === 'diagnostics') return [];
  if (job.output === 'json') {
    return [
      joinedTexts(state.interactions.values(), interactionJson, (i) => i.firstIndex, ','),
      joinedTexts(state.links, linkJson, (l) => l.index, ','),
      joinedTexts(state.requests, requestJson, (r) => r.sentIndex, ','),
    ];
  }
  const { byInteraction, orphans } = requestsByInteraction(state);
  const block = (ixn: Interaction): string => {
    const lines: string[] = [];
    interactionBlock(lines, state, ixn, byInteraction.get(ixn));
    return textOf(lines);
  };
  return [
    joinedTexts(state.interactions.values(), block, (i) => i.firstIndex, ''),
    joinedTexts(orphans, (r) => textOf([orphanLine(r)]), (r) => r.sentIndex, ''),
  ];
}

/** The tail's part of the output (see `TailOutput`), in the whole file's lines and record indexes. */
export function tailOutput(tail: TailReduction, job: TailJob, go: TailGo, texts = tailTexts(tail, job)): TailOutput {
  const { state, keep } = tail.part(go.deferred);
  let interactions = 0;
  for (const ixn of state.interactions.values()) if (keep(ixn.firstIndex)) interactions++;
  let links = 0;
  for (const l of state.links) if (keep(l.index)) links++;
  let requests = 0;
  for (const r of state.requests) if (keep(r.sentIndex)) requests++;
  return {
    lists: texts.map((list) => keptTexts(list, keep, go.indexOffset)),
    interactions,
    links,
    requests,
    diagnostics: tail.diagnostics(go.deferred, go.lineOffset, go.indexOffset),
  };
}
