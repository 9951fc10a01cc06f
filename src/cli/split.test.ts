/**
 * The split summary (and validate's diagnostics) are byte for byte what one reduction gives: every
 * sample split at every line, traces made to cross the split in each way the reducer's state can,
 * the worker thread itself, and the commands.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sortedDiagnostics } from '../model/reducer';
import { summarizeDiagnostic, summaryJsonChunks } from '../model/summary';
import { readTrace } from './read';
import { reportChunks } from './report';
import { splitDiagnostics, splitSummary, type SplitOptions } from './split';

const root = fileURLToPath(new URL('../../', import.meta.url));
const samples = join(root, 'public/samples');
const dir = mkdtempSync(join(tmpdir(), 'ixnscope-split-'));

type Output = 'json' | 'report' | 'diagnostics';
const OUTPUTS: Output[] = ['json', 'report', 'diagnostics'];

async function sequential(path: string, output: Output = 'json'): Promise<string> {
  const state = await readTrace([path]);
  if (output === 'diagnostics') return JSON.stringify(sortedDiagnostics(state).map(summarizeDiagnostic));
  return [...(output === 'json' ? summaryJsonChunks(state) : reportChunks(state))].join('');
}

async function split(path: string, options: SplitOptions, output: Output = 'json'): Promise<{ text: string; steps: string[] } | null> {
  const steps: string[] = [];
  const debug = (what: string): void => {
    steps.push(what);
    options.debug?.(what);
  };
  const all = { minBytes: 0, thread: false, maxDeferredShare: 1, ...options, debug };
  if (output === 'diagnostics') {
    const diagnostics = await splitDiagnostics(path, all);
    return diagnostics === null ? null : { text: JSON.stringify(diagnostics.map(summarizeDiagnostic)), steps };
  }
  const chunks = await splitSummary(path, output, all);
  if (chunks === null) return null;
  let text = '';
  for await (const chunk of chunks) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return { text, steps };
}

/** Byte offsets just before each line start (the split takes the line after the next newline). */
function lineStarts(path: string): number[] {
  const bytes = readFileSync(path);
  const out: number[] = [];
  for (let i = bytes.indexOf(10); i !== -1 && i < bytes.length - 1; i = bytes.indexOf(10, i + 1)) out.push(i);
  return out;
}

/**
 * Splits at every line (or every `step`-th) and compares, for the JSON summary and the text
 * report; returns how many splits were really split.
 */
async function everySplit(path: string, step = 1): Promise<number> {
  let splitCount = 0;
  const starts = lineStarts(path);
  for (const output of OUTPUTS) {
    const expected = await sequential(path, output);
    for (let i = 0; i < starts.length; i += step) {
      const got = await split(path, { from: starts[i] }, output);
      expect(got, `${path} ${output} split after byte ${starts[i]}`).not.toBeNull();
      expect(got!.text, `${path} ${output} split after byte ${starts[i]}`).toBe(expected);
      if (!got!.steps.includes('not split after all')) splitCount++;
    }
  }
  return splitCount;
}

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const t = (s: number): string => new Date(Date.UTC(2026, 10, 24, 9, 0, s)).toISOString();
const ev = (s: number, name: string, data: Record<string, unknown>, session = 'S1'): string => JSON.stringify({ ts: t(s), session, name, data });
const act = (s: number, action: string, data: Record<string, unknown>, session = 'S1'): string => JSON.stringify({ ts: t(s), session, action, data });

/** A trace whose every line is a place where the state crosses the split in some way. */
function crossingTrace(): string[] {
  return [
    '# a comment, then a blank line',
    '',
    act(0, 'ixn:pick', { requestid: 'r0', interactionid: 'F', from: 'Email_Inbound' }, 'S6'),
    ev(1, 'interaction.added', { interactionid: 'A', parties: [{ partyid: 'p1', focusresource: '5001', partystate: 'ringing' }], udata: { Name: 'Zoë', City: 'Łódź' } }),
    ev(2, 'interaction.present', { interactionid: 'A' }),
    act(3, 'ixn:redirect', { requestid: 'r1', interactionid: 'A', to: '7001' }),
    ev(4, 'interaction.added', { interactionid: 'B', media: 'chat' }, 'S2'),
    act(5, 'ixn:accept', { requestid: 'r2', interactionid: 'B' }, 'S2'),
    ev(6, 'interaction.partystatechanged', { interactionid: 'A', partyid: 'p1', focusresource: '5001', partystate: 'established' }),
    '{"ts": "not json',
    ev(7, 'interaction.redirect.done', { requestid: 'r1', interactionid: 'A' }),
    ev(8, 'interaction.ondivert', { interactionid: 'A', divertingpartyid: 'p1', divertingresource: '5001', divertingpartystate: 'diverting', newdestination: '7001' }),
    act(9, 'ixn:redirect', { requestid: 'r1', interactionid: 'A', to: '7002' }),
    ev(10, 'interaction.onmerge', { frominteractionid: 'C', tointeractionid: 'B', hints: { type: 'transfer' } }, 'S2'),
    ev(11, 'interaction.udata.changed', { interactionid: 'C', udata: { Note: 'ünïcödé ✓' } }, 'S2'),
    ev(12, 'interaction.made.up', { interactionid: 'A' }),
    ev(13, 'interaction.accept.done', { requestid: 'r2', interactionid: 'B' }, 'S2'),
    JSON.stringify({ ts: 'yesterday', session: 'S3', name: 'interaction.added', data: { interactionid: 'D' } }),
    ev(14, 'interaction.partyadded', { interactionid: 'D', partyid: 'd1', focusresource: '6001', partystate: 'dialing' }, 'S3'),
    act(15, 'ixn:pick', { requestid: 'r9' }, 'S3'),
    ev(16, 'interaction.notcontrolled', { interactionid: 'A' }),
    ev(17, 'interaction.deleted', { interactionid: 'A' }),
    ev(18, 'interaction.partystatechanged', { interactionid: 'A', partyid: 'p1', partystate: 'released' }),
    ev(19, 'interaction.pick.done', { requestid: 'r9' }, 'S3'),
    '[1, 2]',
    ev(20, 'interaction.added', { interactionid: 'E', parties: [{ partyid: 'e1', focusresource: '+15550001', partystate: 'established' }] }, 'S4'),
    ev(21, 'interaction.onsinglestepconference', { interactionid: 'E', conferencingpartyid: 'e1', conferencingresource: '+15550001', addedpartyid: 'e2', addedresource: '7003', addedpartystate: 'ringing' }, 'S4'),
    ev(22, 'error.interaction.redirect', { requestid: 'r1', interactionid: 'A', error: 'invaliddestination' }),
    act(23, 'ixn:redirect', { requestid: 'r1', interactionid: 'A', to: '7004' }),
    ev(24, 'interaction.abandoned', { interactionid: 'E', focusresource: '+15550001', reason: 'hangup' }, 'S4'),
    JSON.stringify({ ts: t(25), session: 'S4', name: 'interaction.deleted', data: { interactionid: 'E', big: 12345678901234567890 } }),
    ev(26, 'interaction.added', { interactionid: 'A' }, 'S5'),
    ev(27, 'interaction.added', { interactionid: 'F', media: 'email' }, 'S6'),
    ev(28, 'interaction.pick.done', { requestid: 'r0', interactionid: 'F' }, 'S6'),
  ];
}

describe('split summary', () => {
  it('matches one reduction at every line of a trace that crosses the split in every way', async () => {
    const path = file('crossing.ndjson', crossingTrace());
    expect(await everySplit(path)).toBeGreaterThan(20);
  });

  it('matches with CRLF line ends and a byte order mark on the tail line', async () => {
    const lines = crossingTrace();
    const path = join(dir, 'crlf.ndjson');
    writeFileSync(path, lines.map((l, i) => (i === 12 ? '\ufeff' + l : l)).join('\r\n') + '\r\n');
    await everySplit(path);
  });

  it('matches when the last line has no newline', async () => {
    const path = join(dir, 'open-end.ndjson');
    writeFileSync(path, crossingTrace().join('\n'));
    await everySplit(path);
  });

  it('goes on in one thread when the tail starts without a time or before the head ends', async () => {
    const noTime = file('no-time.ndjson', [ev(1, 'interaction.added', { interactionid: 'A' }), JSON.stringify({ session: 'S1', name: 'interaction.present', data: { interactionid: 'A' } }), ev(3, 'interaction.deleted', { interactionid: 'A' })]);
    const got = await split(noTime, { from: lineStarts(noTime)[0] });
    expect(got!.steps).toContain('not split after all');
    expect(got!.text).toBe(await sequential(noTime));
    const back = file('back.ndjson', [ev(5, 'interaction.added', { interactionid: 'A' }), ev(3, 'interaction.present', { interactionid: 'A' }), ev(6, 'interaction.deleted', { interactionid: 'A' })]);
    const got2 = await split(back, { from: lineStarts(back)[0] });
    expect(got2!.steps).toContain('not split after all');
    expect(got2!.text).toBe(await sequential(back));
  });

  it('matches on every sample at every line', async () => {
    for (const name of readdirSync(samples)) {
      if (!name.endsWith('.ndjson')) continue;
      const path = join(samples, name);
      const lines = lineStarts(path).length;
      await everySplit(path, lines > 400 ? Math.ceil(lines / 60) : 1);
    }
  }, 120_000);

  it('leaves files that are not NDJSON, or too small, to one thread', async () => {
    const array = join(dir, 'array.json');
    writeFileSync(array, '[\n' + crossingTrace().slice(2, 6).join(',\n') + '\n]\n');
    expect(await split(array, { from: 2 })).toBeNull();
    expect(await splitSummary(join(samples, 'consult-transfer.ndjson'), 'json')).toBeNull();
  });

  it('runs the tail on a worker thread', async () => {
    const path = join(samples, 'faults-demo.ndjson');
    for (const output of OUTPUTS) {
      const got = await split(path, { thread: true }, output);
      expect(got!.steps, got!.steps.join('\n')).toContain('tail output in');
      expect(got!.text).toBe(await sequential(path, output));
    }
  }, 60_000);

  it('is what the command prints for a large file, and the command ends', async () => {
    const run = (env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string }> =>
      new Promise((resolve, reject) => {
        execFile(join(root, 'bin/ixnscope'), args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
          // validate exits 1 when it finds an error: the output is what is compared.
          err && (err as { code?: number }).code !== 1 ? reject(err) : resolve({ stdout, stderr }),
        );
      });
    const path = join(dir, 'generated.ndjson');
    await new Promise((resolve, reject) =>
      execFile(join(root, 'bin/ixnscope'), ['generate', '--events', '20000', '--seed', '3', '--faults', '0.01', '-o', path], (err) => (err ? reject(err) : resolve(null))),
    );
    for (const args of [['summarize', path, '--json'], ['summarize', path], ['validate', path, '--json']]) {
      const one = await run({ IXNSCOPE_SPLIT: '0' }, ...args);
      const two = await run({ IXNSCOPE_SPLIT_MIN_BYTES: '0', IXNSCOPE_SPLIT_DEBUG: '1' }, ...args);
      expect(two.stderr).toContain('tail output in');
      expect(two.stdout).toBe(one.stdout);
    }
  }, 60_000);

  it('says so when the file changes while it is read', async () => {
    const lines = crossingTrace();
    const path = file('changing.ndjson', lines);
    const changed = lines.map((l) => l.replace(/"interactionid":"([A-F])"/g, '"interactionid":"$1$1"').replace(/^\{/, '[{'));
    const run = split(path, {
      from: lineStarts(path)[8],
      debug: (what) => {
        if (what === 'tail keys in') writeFileSync(path, changed.join('\n') + '\n');
      },
    });
    await expect(run).rejects.toThrow(/changing.ndjson: changed while it was read/);
  });
});
