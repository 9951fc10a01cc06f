/**
 * `ixnscope generate`: writes a synthetic trace (NDJSON, gzip when the output ends in `.gz`),
 * streamed in chunks from `src/model/generate` so that a million records need no more memory than
 * the calls in progress. `--samples DIR` rewrites the sample library of `public/samples/`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import {
  commandLine,
  DEFAULTS,
  generateTrace,
  MIX,
  resolveOptions,
  TraceGenerator,
  type GenerateOptions,
  type InjectedFault,
} from '../model/generate/generator';
import { GENERATED_SAMPLES, sampleIndex } from '../model/generate/samples';
import { SCENARIOS, scenarioByName } from '../model/generate/scenarios';
import { FAULT_RULES } from '../model/generate/faults';
import { parseIsoMs } from '../model/time';

function help(): string {
  const names = SCENARIOS.map((s) => `  ${s.name.padEnd(20)} ${s.description}`);
  return `usage: ixnscope generate [--scenario NAME|mix] [--events N | --calls N] [--seed S]
                         [--sessions K] [--start ISO] [--faults RATE] [--faults-log FILE]
                         [--arrival MS] [-o FILE]
       ixnscope generate --samples DIR

Writes a synthetic trace of SCXML interaction events and actions (NDJSON, trace format v1):
concurrent calls interleaved in time across sessions, every action answered by its result.
The same options and seed give the same bytes.

scenarios:
  ${'mix'.padEnd(20)} all of the below, weighted like a contact centre's day (default)
${names.join('\n')}

options:
  --scenario NAME     a scenario above, or mix
  --events N          write exactly N records (the last calls may be short abandoned calls
                      so that the count is exact; below 7, one call is cut short)
  --calls N           write exactly N calls (default: 1 call for a scenario, 1000 records for mix)
  --seed S            seed of the random choices (default ${DEFAULTS.seed})
  --sessions K        number of SCXML sessions S1..SK (default ${DEFAULTS.sessions})
  --start ISO         time of the first call (default ${new Date(DEFAULTS.start).toISOString()})
  --arrival MS        mean time between call arrivals in ms (default ${DEFAULTS.meanArrivalMs})
  --faults RATE       inject protocol violations into about RATE of the records (0..1), at
                      most one per call, covering in turn: ${FAULT_RULES.join(', ')}
  --faults-log FILE   write where each fault is, one JSON line {"line":N,"rule":"..."} each
  --comments          start the trace with # lines giving the options (and the scenario)
  -o, --output FILE   write to FILE instead of stdout (gzip when FILE ends in .gz)
  --samples DIR       write the sample library (generated samples and index.json) into DIR
  -h, --help          show this help

exit status: 0 written, 2 bad options or an output that cannot be written.`;
}

class UsageError extends Error {}

function wholeNumber(name: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number >= 0, not '${text}'`);
  return Number(text);
}

/** Reads the command line into generator options; throws UsageError on bad input. */
export function optionsFrom(values: Record<string, string | boolean | undefined>): GenerateOptions {
  const str = (k: string) => values[k] as string | undefined;
  const scenario = str('scenario') ?? MIX;
  if (scenario !== MIX && !scenarioByName(scenario)) {
    throw new UsageError(`unknown scenario '${scenario}' (one of: mix, ${SCENARIOS.map((s) => s.name).join(', ')})`);
  }
  const events = wholeNumber('events', str('events'));
  const calls = wholeNumber('calls', str('calls'));
  if (events !== null && calls !== null) throw new UsageError('give --events or --calls, not both');
  const sessions = wholeNumber('sessions', str('sessions')) ?? DEFAULTS.sessions;
  if (sessions < 1) throw new UsageError('--sessions must be at least 1');
  let start = DEFAULTS.start;
  if (str('start') !== undefined) {
    const ms = parseIsoMs(str('start')!);
    if (ms === null) throw new UsageError(`--start must be an ISO-8601 time, not '${str('start')}'`);
    start = ms;
  }
  let faults = 0;
  if (str('faults') !== undefined) {
    faults = Number(str('faults'));
    if (!/^\d*\.?\d+(e-?\d+)?$/i.test(str('faults')!) || !(faults >= 0 && faults <= 1)) {
      throw new UsageError(`--faults must be a rate between 0 and 1, not '${str('faults')}'`);
    }
  }
  const arrival = wholeNumber('arrival', str('arrival')) ?? DEFAULTS.meanArrivalMs;
  if (arrival < 1) throw new UsageError('--arrival must be at least 1 ms');
  const seed = str('seed') ?? DEFAULTS.seed;
  return { scenario, events, calls, seed, sessions, start, faults, meanArrivalMs: arrival };
}

function writeChunk(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(text)) resolve();
    else {
      const onDrain = () => {
        out.off('error', reject);
        resolve();
      };
      out.once('drain', onDrain);
      out.once('error', reject);
    }
  });
}

function finishStream(out: Writable, file: WriteStream | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = file ?? out;
    done.once('error', reject);
    done.once(file ? 'close' : 'finish', () => resolve());
    out.end();
  });
}

/** Streams the trace to stdout or a file; faults go to `faultsLog` as they are written. */
async function generateTo(
  options: GenerateOptions,
  output: string | undefined,
  faultsLog: string | undefined,
  comments: boolean,
): Promise<void> {
  // Plain records by default: every line is JSON, so any line-by-line reader takes the file.
  const gen = new TraceGenerator(options, { comments });
  const file = output !== undefined ? createWriteStream(output) : null;
  let out: Writable = file ?? process.stdout;
  if (file && output!.endsWith('.gz')) {
    const gzip = createGzip();
    gzip.pipe(file);
    out = gzip;
  }
  const log = faultsLog !== undefined ? createWriteStream(faultsLog) : null;
  const failed = new Promise<never>((_, reject) => {
    out.once('error', reject);
    file?.once('error', reject);
    log?.once('error', reject);
  });
  failed.catch(() => {}); // an error after the work is done has nobody left to tell
  const work = (async () => {
    for (let chunk = gen.next(8192); chunk !== null; chunk = gen.next(8192)) {
      await writeChunk(out, chunk);
      const faults = gen.takeFaults();
      if (log && faults.length > 0) await writeChunk(log, faultLines(faults));
    }
    if (file) await finishStream(out, file);
    if (log) await finishStream(log, log);
  })();
  await Promise.race([work, failed]);
  if (output !== undefined) {
    process.stderr.write(
      `ixnscope generate: wrote ${gen.written} records (${gen.calls} calls, ${gen.faultsWritten} faults) to ${output}\n`,
    );
  }
}

function faultLines(faults: InjectedFault[]): string {
  return faults.map((f) => `{"line":${f.line},"rule":"${f.rule}"}\n`).join('');
}

/** Writes the generated samples and `index.json` (hand-written samples first) into `dir`. */
async function writeSamples(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const sample of GENERATED_SAMPLES) {
    const { text, faults } = generateTrace(sample.options);
    await writeFile(join(dir, sample.file), text);
    if (sample.faultsFile) await writeFile(join(dir, sample.faultsFile), faultLines(faults));
    process.stderr.write(`ixnscope generate: ${join(dir, sample.file)}  # ${commandLine(resolveOptions(sample.options))}\n`);
  }
  await writeFile(join(dir, 'index.json'), JSON.stringify(sampleIndex(), null, 2) + '\n');
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        events: { type: 'string' },
        calls: { type: 'string' },
        seed: { type: 'string' },
        sessions: { type: 'string' },
        start: { type: 'string' },
        faults: { type: 'string' },
        'faults-log': { type: 'string' },
        arrival: { type: 'string' },
        output: { type: 'string', short: 'o' },
        samples: { type: 'string' },
        comments: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`ixnscope generate: ${(err as Error).message}\n\n${help()}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(help() + '\n');
    return 0;
  }
  let options: GenerateOptions;
  try {
    options = optionsFrom(values);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`ixnscope generate: ${err.message}\n`);
    return 2;
  }
  try {
    if (values.samples !== undefined) await writeSamples(values.samples);
    else await generateTo(options, values.output, values['faults-log'], values.comments === true);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EPIPE') return 0; // the reader stopped early (| head): not an error of ours
    process.stderr.write(`ixnscope generate: cannot write ${e.path ?? ''}${e.path ? ': ' : ''}${e.code ?? e.message}\n`);
    return 2;
  }
  return 0;
}
