/**
 * ixnscope command-line entry: a table of commands, each in its own module that exports
 * `run(argv): Promise<number>` (the process exit code). Modules are imported lazily so that
 * `ixnscope summarize` does not pay for the WebSocket server code.
 */
export interface CommandModule {
  run(argv: string[]): Promise<number>;
}

interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

const commands: Record<string, CommandEntry> = {
  summarize: { summary: 'reconstruct interactions, parties, links and requests', load: () => import('./summarize.ts') },
  validate: { summary: 'lint traces against the interaction protocol', load: () => import('./validate.ts') },
  generate: { summary: 'write a synthetic trace (scenarios, load, faults)', load: () => import('./generate.ts') },
  serve: { summary: 'replay traces to viewers over WebSocket', load: () => import('./serve.ts') },
  relay: { summary: 'relay records from producers to viewers over WebSocket', load: () => import('./relay.ts') },
  record: { summary: 'subscribe to a live stream and write it as NDJSON', load: () => import('./record.ts') },
};

export function usage(): string {
  const lines = ['usage: ixnscope <command> [options]', '', 'commands:'];
  for (const [name, entry] of Object.entries(commands)) lines.push(`  ${name.padEnd(10)} ${entry.summary}`);
  lines.push('', "Run 'ixnscope <command> --help' for a command's options.");
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) {
    process.stderr.write(`ixnscope: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  let mod: CommandModule;
  try {
    mod = await entry.load();
  } catch (err) {
    process.stderr.write(`ixnscope: command '${name}' is not available in this build (${(err as Error).message})\n`);
    return 2;
  }
  return mod.run(rest);
}
