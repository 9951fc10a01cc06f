/** The CLI as CI scripts use it: spawned processes, stdout, exit codes. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/ixnscope');
const consult = join(root, 'public/samples/consult-transfer.ndjson');

function ixnscope(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd: root, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'ixnscope-cli-'));

describe('ixnscope summarize', () => {
  it('prints the section-4 summary of the consult transfer', async () => {
    const { code, stdout } = await ixnscope('summarize', consult, '--json');
    expect(code).toBe(0);
    const s = JSON.parse(stdout);
    expect(Object.keys(s)).toEqual(['records', 'events', 'actions', 'rejected', 'interactions', 'links', 'requests', 'diagnostics']);
    expect(s.interactions.map((i: { id: string }) => i.id)).toEqual(['I-1001', 'I-consult']);
    expect(s.links.find((l: { kind: string }) => l.kind === 'merge')).toEqual({
      kind: 'merge', at: '2026-11-24T10:00:52.000Z', interactionid: 'I-1001', from: 'I-consult', to: 'I-1001', type: 'transfer',
    });
    const caller = s.interactions[0].parties[0];
    expect(caller.states.map((x: { state: string }) => x.state)).toEqual(['established', 'hold', 'established', 'released']);
    expect(s.requests).toEqual([{
      requestid: 'R1', action: 'redirect', session: 'S1', interactionid: 'I-1001', sent: '2026-11-24T10:00:01.500Z',
      result: 'done', error: null, description: null, latencyMs: 41,
    }]);
    expect(s.diagnostics).toEqual([]);
  });

  it('gives the same summary for NDJSON, a JSON array and gzip (detected by content, not name)', async () => {
    const text = readFileSync(consult, 'utf8');
    const records = text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => JSON.parse(l));
    const array = join(dir, 'consult.json');
    writeFileSync(array, JSON.stringify(records, null, 1));
    const gz = join(dir, 'consult-gzipped.ndjson');
    writeFileSync(gz, gzipSync(text));
    const [a, b, c] = await Promise.all([ixnscope('summarize', consult, '--json'), ixnscope('summarize', array, '--json'), ixnscope('summarize', gz, '--json')]);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
    expect(JSON.parse(c.stdout)).toEqual(JSON.parse(a.stdout));
  });

  it('prints a readable report without --json', async () => {
    const { code, stdout } = await ixnscope('summarize', consult);
    expect(code).toBe(0);
    expect(stdout).toContain('interaction I-1001');
    expect(stdout).toContain('merge (transfer): I-consult -> I-1001');
    expect(stdout).toMatch(/party P1 \+15551230001: established .* -> hold/);
  });

  it('writes every time of the report as its own, whatever seconds share a cache slot', async () => {
    // Times 4096 s apart fall in one slot of the report's cache of second texts; one time has no
    // ts of its own before any timed record, one is in a year beyond 9999.
    const t0 = Date.UTC(2026, 10, 26, 9, 0, 0, 7);
    const lines = [
      { session: 'S1', name: 'interaction.added', data: { interactionid: 'I1', parties: [{ partyid: 'P1', focusresource: '100', partystate: 'ringing' }] } },
      { ts: t0, session: 'S1', name: 'interaction.partystatechanged', data: { interactionid: 'I1', partyid: 'P1', focusresource: '100', partystate: 'established' } },
      { ts: t0 + 4096_000 + 1, session: 'S1', name: 'interaction.partystatechanged', data: { interactionid: 'I1', partyid: 'P1', focusresource: '100', partystate: 'held' } },
      { ts: t0 + 8192_000 + 2, session: 'S1', name: 'interaction.partystatechanged', data: { interactionid: 'I1', partyid: 'P1', focusresource: '100', partystate: 'retrieved' } },
      { ts: t0 + 4096_000 + 3, session: 'S1', action: 'ixn:redirect', data: { requestid: 'R1', interactionid: 'I1' } },
      { ts: Date.UTC(10000, 0, 2, 3, 4, 5, 678), session: 'S1', name: 'interaction.present', data: { interactionid: 'I1' } },
    ];
    const file = join(dir, 'slots.ndjson');
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const { stdout } = await ixnscope('summarize', file);
    expect(stdout).toContain('party P1 100: ringing @ -> established @09:00:00.007 -> held @10:08:16.008 -> retrieved @11:16:32.009');
    expect(stdout).toContain('10:08:16.010 request R1 redirect [S1]: pending');
    expect(stdout).toContain('added -  present +010000-01-02 03:04:05.678');
  });
});

describe('ixnscope validate', () => {
  it('exits 0 on a clean trace', async () => {
    const r = await ixnscope('validate', consult);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('0 errors, 0 warnings, 0 info in 1 file');
  });

  it('exits 1 and prints file:line: severity rule: message when there is an error', async () => {
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, '{"name":"interaction.added","data":{"interactionid":"I1"}}\nnot json\n{"name":"interaction.present","data":{}}\n');
    const r = await ixnscope('validate', bad);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^${bad}:2: error parse-error: `));
    expect(r.stdout).toContain(`${bad}:3: error missing-attribute: interaction.present lacks interactionid`);
    const json = await ixnscope('validate', bad, '--json', '--min-severity', 'error');
    expect(JSON.parse(json.stdout).map((d: { line: number; rule: string }) => `${d.line}:${d.rule}`)).toEqual(['2:parse-error', '3:missing-attribute']);
  });

  it('exits 0 when there are only warnings, and --min-severity hides lower ones', async () => {
    const warn = join(dir, 'warn.ndjson');
    writeFileSync(warn, '{"name":"interaction.present","data":{"interactionid":"I1"}}\n');
    const r = await ixnscope('validate', warn, '--min-severity', 'error');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('0 errors, 1 warning, 0 info in 1 file');
  });

  it('exits 2 with the reason when an input cannot be read', async () => {
    const missing = await ixnscope('validate', join(dir, 'nope.ndjson'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.ndjson: no such file/);
    const truncated = join(dir, 'cut.ndjson.gz');
    const gz = gzipSync(readFileSync(consult));
    writeFileSync(truncated, gz.subarray(0, gz.length >> 1));
    const cut = await ixnscope('validate', truncated);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/unreadable gzip/);
  });

  it('answers --help for every command', async () => {
    for (const cmd of ['summarize', 'validate']) {
      const r = await ixnscope(cmd, '--help');
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toContain(`usage: ixnscope ${cmd}`);
    }
  });
});
