/** `ixnscope generate` as a user runs it (spawned), and the sample library it writes. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { summarizeInputs } from '../model/analyze';
import { generateTrace } from '../model/generate/generator';
import { GENERATED_SAMPLES, HAND_WRITTEN_SAMPLES } from '../model/generate/samples';
import { SCENARIOS } from '../model/generate/scenarios';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/ixnscope');
const samples = join(root, 'public/samples');
const dir = mkdtempSync(join(tmpdir(), 'ixnscope-generate-'));

function ixnscope(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd: root, maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const records = (text: string) => text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));

describe('ixnscope generate', () => {
  it('--help lists every scenario with its one-line description', async () => {
    const { code, stdout } = await ixnscope('generate', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: ixnscope generate/);
    for (const s of SCENARIOS) expect(stdout).toContain(`  ${s.name.padEnd(20)} ${s.description}`);
    expect(stdout).toContain('--faults-log FILE');
  });

  it('rejects bad options with exit status 2', async () => {
    const bad = [['--scenario', 'nope'], ['--events', '10', '--calls', '2'], ['--faults', '2'], ['--events', '-3'], ['--start', 'yesterday'], ['--sessions', '0']];
    const runs = await Promise.all(bad.map((args) => ixnscope('generate', ...args)));
    runs.forEach(({ code, stderr }, i) => {
      expect(code, bad[i].join(' ')).toBe(2);
      expect(stderr).toMatch(/^ixnscope generate: /);
    });
  });

  it('writes exactly --events records, the same bytes to stdout, a file and a .gz file', async () => {
    const args = ['generate', '--events', '2500', '--seed', '7', '--sessions', '5'];
    const plain = join(dir, 'g.ndjson');
    const gz = join(dir, 'g.ndjson.gz');
    const [out, toFile, toGz, other] = await Promise.all([
      ixnscope(...args),
      ixnscope(...args, '-o', plain),
      ixnscope(...args, '--output', gz),
      ixnscope('generate', '--events', '2500', '--seed', '8', '--sessions', '5'),
    ]);
    expect([out.code, toFile.code, toGz.code]).toEqual([0, 0, 0]);
    expect(records(out.stdout).length).toBe(2500);
    expect(readFileSync(plain, 'utf8')).toBe(out.stdout);
    expect(gunzipSync(readFileSync(gz)).toString('utf8')).toBe(out.stdout);
    expect(toFile.stderr).toContain('wrote 2500 records');
    expect(other.stdout).not.toBe(out.stdout);
    expect(out.stdout).toBe(generateTrace({ events: 2500, seed: '7', sessions: 5 }, { comments: false }).text);
    expect(out.stdout.startsWith('{')).toBe(true);
    const commented = await ixnscope(...args, '--comments');
    expect(commented.stdout).toBe(generateTrace({ events: 2500, seed: '7', sessions: 5 }).text);
    expect(commented.stdout.startsWith('# ixnscope generate')).toBe(true);
    const summary = summarizeInputs([{ name: 'g.ndjson', content: out.stdout }]);
    expect(summary.diagnostics).toEqual([]);
  });

  it('--faults-log lists exactly what `ixnscope validate` finds, line by line', async () => {
    const trace = join(dir, 'faulty.ndjson');
    const log = join(dir, 'faulty.faults.jsonl');
    const gen = await ixnscope('generate', '--events', '4000', '--seed', '3', '--faults', '0.03', '-o', trace, '--faults-log', log);
    expect(gen.code).toBe(0);
    const faults = records(readFileSync(log, 'utf8')).map((l) => JSON.parse(l) as { line: number; rule: string });
    expect(faults.length).toBeGreaterThan(20);
    const validate = await ixnscope('validate', trace, '--json');
    expect(validate.code).toBe(1);
    const found = (JSON.parse(validate.stdout) as { line: number; rule: string }[]).map((d) => ({ line: d.line, rule: d.rule }));
    expect(found).toEqual(faults);
  });
});

describe('sample library (public/samples)', () => {
  const index = JSON.parse(readFileSync(join(samples, 'index.json'), 'utf8')) as { file: string; title: string; description: string }[];

  it('index.json lists the hand-written samples first, then every generated one, each with a title and description', () => {
    expect(index.slice(0, 3).map((e) => e.file)).toEqual(['consult-transfer.ndjson', 'divert-routing-point.ndjson', 'failed-redirect.ndjson']);
    expect(index.map((e) => e.file)).toEqual([...HAND_WRITTEN_SAMPLES, ...GENERATED_SAMPLES].map((e) => e.file));
    expect(index.map((e) => e.file)).toContain('mixed-10k.ndjson');
    expect(index.map((e) => e.file)).toContain('faults-demo.ndjson');
    for (const e of index) {
      expect(existsSync(join(samples, e.file)), e.file).toBe(true);
      expect(e.title.length).toBeGreaterThan(3);
      expect(e.description.length).toBeGreaterThan(10);
    }
    const total = index.reduce((n, e) => n + statSync(join(samples, e.file)).size, 0);
    expect(total).toBeLessThan(5 * 1024 * 1024);
  });

  it('generated samples are what the generator writes today (regenerate with `ixnscope generate --samples public/samples`)', () => {
    for (const sample of GENERATED_SAMPLES) {
      const { text, faults } = generateTrace(sample.options);
      expect(readFileSync(join(samples, sample.file), 'utf8') === text, `${sample.file} is stale`).toBe(true);
      if (sample.faultsFile) {
        const logged = records(readFileSync(join(samples, sample.faultsFile), 'utf8')).map((l) => JSON.parse(l));
        expect(logged).toEqual(faults);
      }
    }
  });

  it('every generated sample validates clean, except the faults demo, which shows each rule where its log says', () => {
    for (const sample of GENERATED_SAMPLES) {
      const text = readFileSync(join(samples, sample.file), 'utf8');
      const summary = summarizeInputs([{ name: sample.file, content: text }]);
      if (!sample.faultsFile) {
        expect(summary.diagnostics, sample.file).toEqual([]);
        continue;
      }
      const logged = records(readFileSync(join(samples, sample.faultsFile), 'utf8')).map((l) => JSON.parse(l));
      expect(summary.diagnostics.map((d) => ({ line: d.line, rule: d.rule }))).toEqual(logged);
      expect(new Set(logged.map((f: { rule: string }) => f.rule)).size).toBe(18);
    }
    const mixed = summarizeInputs([{ name: 'mixed-10k.ndjson', content: readFileSync(join(samples, 'mixed-10k.ndjson'), 'utf8') }]);
    expect(mixed.records).toBe(10000);
  });
});
