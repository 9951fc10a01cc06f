/** `ixnscope validate FILE... [--json] [--min-severity S]`: the protocol lint, CI-friendly. */
import { parseArgs } from 'node:util';
import { printable } from '../model/parser';
import { sortedDiagnostics } from '../model/reducer';
import { summarizeDiagnostic } from '../model/summary';
import { SEVERITY_RANK, type Severity } from '../model/types';
import { InputError, readTrace } from './read';
import { splitDiagnostics } from './split';
import { write } from './summarize';

const HELP = `usage: ixnscope validate FILE... [--json] [--min-severity info|warning|error]

Checks trace files against the interaction protocol and prints one line per diagnostic:
  file:line: severity rule: message
then a count line. Several files are merged by time; diagnostics are listed per file, by line.
A single NDJSON file of 64 MiB or more is read on two threads, with the same output
(IXNSCOPE_SPLIT=0 reads it on one).

options:
  --json                 print the diagnostics as a JSON array instead
  --min-severity LEVEL   list only diagnostics at or above LEVEL (default info)
  -h, --help             show this help

exit status: 0 no error, 1 at least one error, 2 an input cannot be read.`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        'min-severity': { type: 'string', default: 'info' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`ixnscope validate: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const min = parsed.values['min-severity'] as string;
  if (!Object.hasOwn(SEVERITY_RANK, min)) {
    process.stderr.write(`ixnscope validate: --min-severity must be info, warning or error, not '${min}'\n`);
    return 2;
  }
  if (parsed.positionals.length === 0) {
    process.stderr.write(`ixnscope validate: no trace file given\n\n${HELP}\n`);
    return 2;
  }
  let diagnostics;
  try {
    // The diagnostics alone: the summary of every interaction, link and request is not needed here.
    // A large NDJSON file is reduced on two threads (same diagnostics), see split.ts.
    const split = parsed.positionals.length === 1 ? await splitDiagnostics(parsed.positionals[0]) : null;
    diagnostics = (split ?? sortedDiagnostics(await readTrace(parsed.positionals))).map(summarizeDiagnostic);
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`ixnscope validate: cannot read ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const hasError = diagnostics.some((d) => d.severity === 'error');
  const shown = diagnostics.filter((d) => SEVERITY_RANK[d.severity] >= SEVERITY_RANK[min as Severity]);
  if (parsed.values.json) {
    await write(JSON.stringify(shown, null, 2) + '\n');
  } else {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const d of diagnostics) counts[d.severity]++;
    // Trace text reaches a terminal: control characters (escape sequences) are shown, not sent.
    const lines = shown.map((d) => printable(`${d.file}:${d.line}: ${d.severity} ${d.rule}: ${d.message}`));
    const files = parsed.positionals.length;
    lines.push(`${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info in ${files} file${files === 1 ? '' : 's'}`);
    await write(lines.join('\n') + '\n');
  }
  return hasError ? 1 : 0;
}
