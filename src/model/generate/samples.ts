/**
 * The sample library of `public/samples/`: the hand-written traces first, then one generated
 * trace per scenario, a mixed trace of 10,000 records and a small trace with injected faults.
 * `ixnscope generate --samples DIR` writes it; a test checks the files still match the generator.
 */
import { MIX, type GenerateOptions } from './generator';
import { SCENARIOS } from './scenarios';

/** An entry of `public/samples/index.json`, the app's sample menu. */
export interface SampleEntry {
  file: string;
  title: string;
  description: string;
}

export interface GeneratedSample extends SampleEntry {
  options: Partial<GenerateOptions>;
  /** Also write the injected faults as JSON lines `{line, rule}` to this file. */
  faultsFile?: string;
}

export const HAND_WRITTEN_SAMPLES: readonly SampleEntry[] = [
  {
    file: 'consult-transfer.ndjson',
    title: 'Consult transfer',
    description: 'Agent 7001 consults 7002 on a second interaction and completes the transfer with onmerge (hints type transfer).',
  },
  {
    file: 'divert-routing-point.ndjson',
    title: 'Divert from a routing point',
    description: 'Inbound call diverted from routing point 5000 to agent 7003 by the routing strategy (redirect, ondivert).',
  },
  {
    file: 'failed-redirect.ndjson',
    title: 'Failed redirect',
    description: 'A redirect to DN 9999 fails with invaliddestination; the retry to agent 7004 works.',
  },
];

/** Seeds picked so that each sample reads well; any seed gives a valid trace. */
const SCENARIO_SEEDS: Readonly<Record<string, string>> = {
  divert: '11',
  'blind-transfer': '12',
  'consult-transfer': '13',
  'consult-conference': '14',
  conference: '15',
  abandon: '16',
  chat: '17',
  email: '18',
  associate: '19',
  'redirect-error': '20',
  timeout: '21',
};

export const GENERATED_SAMPLES: readonly GeneratedSample[] = [
  ...SCENARIOS.map((s) => ({
    file: `gen-${s.name}.ndjson`,
    title: `${s.title} (generated)`,
    description: `One call: ${s.description}.`,
    options: { scenario: s.name, calls: 1, seed: SCENARIO_SEEDS[s.name] ?? '1', sessions: 2 },
  })),
  {
    file: 'mixed-10k.ndjson',
    title: 'Mixed load, 10,000 records',
    description: 'About 600 calls of every scenario over 35 minutes, up to 120 in progress at once across 8 sessions; no protocol problems.',
    options: { scenario: MIX, events: 10000, seed: '10', sessions: 8 },
  },
  {
    file: 'faults-demo.ndjson',
    title: 'Injected protocol faults',
    description: 'Twenty mixed calls, each with one injected violation: every validator rule at least once (lines in faults-demo.faults.jsonl).',
    options: { scenario: MIX, calls: 20, seed: '3', sessions: 4, faults: 1 },
    faultsFile: 'faults-demo.faults.jsonl',
  },
];

/** The sample menu: hand-written samples first, then the generated ones. */
export function sampleIndex(): SampleEntry[] {
  return [
    ...HAND_WRITTEN_SAMPLES,
    ...GENERATED_SAMPLES.map(({ file, title, description }) => ({ file, title, description })),
  ];
}
