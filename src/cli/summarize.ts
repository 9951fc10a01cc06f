/** `ixnscope summarize FILE... [--json]`: the section-4 summary, or a readable report. */
import { parseArgs } from 'node:util';
import type { TraceState } from '../model/state';
import { summaryJsonChunks } from '../model/summary';
import { InputError, readTrace } from './read';
import { reportChunks } from './report';
import { splitSummary } from './split';

const HELP = `usage: ixnscope summarize FILE... [--json]

Reconstructs every interaction of the trace files (NDJSON, JSON array, or either gzipped):
sessions, parties with their state histories, links (divert, single-step transfer and
conference, merge) and requests paired with their results. Several files are merged by time.
A single NDJSON file of 64 MiB or more is read on two threads, with the same output
(IXNSCOPE_SPLIT=0 reads it on one).

options:
  --json     print the summary as one JSON object (the trace format's summary contract)
  -h, --help show this help

exit status: 0 when read, 2 when an input cannot be read.`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`ixnscope summarize: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (parsed.positionals.length === 0) {
    process.stderr.write(`ixnscope summarize: no trace file given\n\n${HELP}\n`);
    return 2;
  }
  if (parsed.positionals.length === 1) {
    // A large NDJSON file is reduced on two threads (same output); null when it is not one.
    try {
      const split = await splitSummary(parsed.positionals[0], parsed.values.json ? 'json' : 'report');
      if (split !== null) {
        for await (const chunk of split) await write(chunk);
        if (parsed.values.json) await write('\n');
        return 0;
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      process.stderr.write(`ixnscope summarize: cannot read ${err.message}\n`);
      return 2;
    }
  }
  let state: TraceState;
  try {
    state = await readTrace(parsed.positionals);
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`ixnscope summarize: cannot read ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const chunks = parsed.values.json ? summaryJsonChunks(state) : reportChunks(state);
  for (const chunk of chunks) await write(chunk);
  if (parsed.values.json) await write('\n');
  return 0;
}

export function write(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}
