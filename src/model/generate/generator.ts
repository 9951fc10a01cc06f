/**
 * The synthetic trace generator behind `ixnscope generate`: calls arrive as a Poisson process,
 * each is planned whole by its scenario when it starts, and a heap of the calls in progress hands
 * out their records in time order. Memory holds the calls in progress only (about
 * talk time / inter-arrival time of them), so a trace of any length streams out in chunks.
 *
 * Same options, same bytes: every choice comes from seeded generators, and faults use their own
 * generator so a trace with faults differs from the one without only at the faulty records.
 */
import type { RuleId } from '../types';
import { CallBuilder, hex8, type PlannedRecord, type World } from './call';
import { FAULT_RULES, FaultIds, injectFault } from './faults';
import { CallHeap } from './heap';
import { Rng } from './rng';
import { abandonCall, FILLER_RECORDS, SCENARIOS, scenarioByName, type Scenario } from './scenarios';

export const MIX = 'mix';

export interface GenerateOptions {
  /** A scenario name of `SCENARIOS`, or `mix` for all of them by weight. */
  scenario: string;
  /** Exactly this many records (the last calls may be short abandoned ones to make it exact). */
  events: number | null;
  /** Exactly this many calls. */
  calls: number | null;
  seed: string;
  /** Number of SCXML sessions, `S1`..`SK`; each call starts in one of them. */
  sessions: number;
  /** Time of the first call, epoch ms. */
  start: number;
  /** Expected share of faulty records (0..1): a call of n records gets one fault with probability rate*n. */
  faults: number;
  /** Mean time between call arrivals. */
  meanArrivalMs: number;
}

export const DEFAULT_START = Date.UTC(2026, 10, 24, 9, 0, 0, 0);

export const DEFAULTS: Omit<GenerateOptions, 'events' | 'calls'> = {
  scenario: MIX,
  seed: '1',
  sessions: 4,
  start: DEFAULT_START,
  faults: 0,
  meanArrivalMs: 2000,
};

/** Fills in defaults: without `events` or `calls`, a single scenario gives one call, the mix 1000 records. */
export function resolveOptions(partial: Partial<GenerateOptions>): GenerateOptions {
  const o = { ...DEFAULTS, events: null, calls: null, ...partial } as GenerateOptions;
  if (o.events === null && o.calls === null) {
    if (o.scenario === MIX) o.events = 1000;
    else o.calls = 1;
  }
  return o;
}

/** The options as `ixnscope generate` arguments, written as the trace's first comment line. */
export function commandLine(o: GenerateOptions): string {
  const parts = ['ixnscope generate', `--scenario ${o.scenario}`];
  if (o.events !== null) parts.push(`--events ${o.events}`);
  if (o.calls !== null) parts.push(`--calls ${o.calls}`);
  parts.push(`--seed ${o.seed}`, `--sessions ${o.sessions}`, `--start ${new Date(o.start).toISOString()}`);
  if (o.faults > 0) parts.push(`--faults ${o.faults}`);
  if (o.meanArrivalMs !== DEFAULTS.meanArrivalMs) parts.push(`--arrival ${o.meanArrivalMs}`);
  return parts.join(' ');
}

/** Where an injected fault is: the validator must report `rule` at this physical line. */
export interface InjectedFault {
  line: number;
  rule: RuleId;
}

const MIX_WEIGHTS = SCENARIOS.map((s) => s.weight);
const MIX_TOTAL = MIX_WEIGHTS.reduce((a, b) => a + b, 0);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A timestamp no ISO-8601 reader accepts: day-first local notation, as a misconfigured recorder writes it. */
function badTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

export class TraceGenerator {
  readonly options: GenerateOptions;
  private readonly rng: Rng;
  private readonly faultRng: Rng;
  private readonly faultIds = new FaultIds();
  private readonly world: World;
  private readonly scenario: Scenario | null;
  private readonly heap = new CallHeap();
  private nextArrival: number;
  private started = 0;
  private planned = 0;
  private readonly faultCounts = FAULT_RULES.map(() => 0);
  private line = 0;
  private lastGoodTime: number | null = null;
  private header: string;
  private faultLog: InjectedFault[] = [];
  /** Records written so far. */
  written = 0;
  /** Faults written so far. */
  faultsWritten = 0;

  /** `comments: false` leaves out the leading `#` lines (what `ixnscope generate` writes by default). */
  constructor(partial: Partial<GenerateOptions>, { comments = true }: { comments?: boolean } = {}) {
    const o = resolveOptions(partial);
    this.options = o;
    if (o.scenario !== MIX && !scenarioByName(o.scenario)) throw new RangeError(`unknown scenario '${o.scenario}'`);
    if (!(o.sessions >= 1 && Number.isInteger(o.sessions))) throw new RangeError('sessions must be a whole number >= 1');
    if (!(o.faults >= 0 && o.faults <= 1)) throw new RangeError('faults must be a rate between 0 and 1');
    for (const [k, v] of [['events', o.events], ['calls', o.calls]] as const) {
      if (v !== null && !(Number.isInteger(v) && v >= 0)) throw new RangeError(`${k} must be a whole number >= 0`);
    }
    this.scenario = o.scenario === MIX ? null : scenarioByName(o.scenario)!;
    this.rng = new Rng(o.seed);
    this.faultRng = new Rng(`${o.seed}/faults`);
    const sessions = Array.from({ length: o.sessions }, (_, i) => `S${i + 1}`);
    this.world = {
      rng: this.rng,
      sessions,
      idPrefix: hex8(new Rng(`${o.seed}/ids`).u32()),
      nextInteraction: 0,
      nextParty: 0,
      nextRequest: 0,
    };
    this.nextArrival = o.start;
    const lines = comments ? [`# ${commandLine(o)}`] : [];
    if (comments && this.scenario) lines.push(`# ${this.scenario.title}: ${this.scenario.description}`);
    this.header = lines.map((l) => l + '\n').join('');
    this.line = lines.length;
  }

  /** Calls started so far. */
  get calls(): number {
    return this.started;
  }

  /** The faults written since the last call, each with its line. */
  takeFaults(): InjectedFault[] {
    const out = this.faultLog;
    this.faultLog = [];
    return out;
  }

  /** The next chunk of NDJSON text (up to `maxRecords` lines), or null at the end. */
  next(maxRecords = 4096): string | null {
    let out = this.header;
    this.header = '';
    const heap = this.heap;
    for (let n = 0; n < maxRecords; n++) {
      while (this.mayStart()) {
        const top = heap.peek();
        if (top && top.records[top.pos].t < this.nextArrival) break;
        this.startCall();
      }
      const top = heap.peek();
      if (!top) break;
      const record = top.records[top.pos++];
      heap.advanceTop();
      out += this.write(record);
    }
    return out.length === 0 ? null : out;
  }

  private mayStart(): boolean {
    const o = this.options;
    if (o.events !== null) return this.planned < o.events;
    return this.started < o.calls!;
  }

  private build(scenario: Scenario, at: number, session: string): PlannedRecord[] {
    const b = new CallBuilder(this.world, at, session);
    scenario.build(b);
    return b.records;
  }

  private filler(at: number, session: string, extraUdata: number): PlannedRecord[] {
    const b = new CallBuilder(this.world, at, session);
    abandonCall(b, false, extraUdata);
    return b.records;
  }

  private startCall(): void {
    const rng = this.rng;
    const at = this.nextArrival;
    this.nextArrival += Math.max(1, rng.exponential(this.options.meanArrivalMs));
    const session = rng.pick(this.world.sessions);
    const scenario = this.scenario ?? SCENARIOS[rng.weighted(MIX_WEIGHTS, MIX_TOTAL)];
    let records = this.build(scenario, at, session);
    let faultable = true;
    const events = this.options.events;
    if (events !== null) {
      // Keep what is left either 0 or enough for the smallest call, so the count comes out exact.
      const rest = events - this.planned;
      const left = rest - records.length;
      if (left !== 0 && left < FILLER_RECORDS) {
        if (rest < FILLER_RECORDS) {
          records = this.filler(at, session, 0).slice(0, rest);
          faultable = false;
        } else if (rest >= 2 * FILLER_RECORDS) {
          records = this.filler(at, session, 0);
        } else {
          records = this.filler(at, session, rest - FILLER_RECORDS);
        }
      }
    }
    if (faultable && this.options.faults > 0 && this.faultRng.chance(Math.min(1, this.options.faults * records.length))) {
      this.inject(records);
    }
    this.planned += records.length;
    if (records.length > 0) this.heap.push({ seq: this.started, records, pos: 0 });
    this.started++;
  }

  /**
   * One fault per call: the least used rule that the call can take, so that a few dozen faults
   * cover every rule (a rule a call cannot take, e.g. duplicate-requestid with one action, waits).
   */
  private inject(records: PlannedRecord[]): void {
    const order = FAULT_RULES.map((_, i) => i).sort((a, b) => this.faultCounts[a] - this.faultCounts[b] || a - b);
    for (const i of order) {
      if (injectFault(records, FAULT_RULES[i], this.faultRng, this.faultIds)) {
        this.faultCounts[i]++;
        return;
      }
    }
  }

  /** One NDJSON line; a faulty record is written the way its fault says. */
  private write(r: PlannedRecord): string {
    this.line++;
    this.written++;
    const fault = r.fault;
    const mode = fault?.write;
    let time: number | null = r.t; // what the parser will take as the last known time, null if unchanged
    let ts: string;
    let logged = fault !== null;
    if (mode === 'regress-ts' && this.lastGoodTime !== null) {
      time = this.lastGoodTime - 1000;
      ts = new Date(time).toISOString();
    } else if (mode === 'bad-ts') {
      time = null;
      ts = badTimestamp(r.t);
    } else {
      // A regression needs a record before it; the very first one is written as it is.
      if (mode === 'regress-ts') logged = false;
      if (mode === 'torn' || mode === 'no-name') time = null;
      ts = new Date(r.t).toISOString();
    }
    const nameField = r.name === null ? `"action":"ixn:${r.action}"` : mode === 'no-name' ? `"event":"${r.name}"` : `"name":"${r.name}"`;
    let text = `{"ts":"${ts}","session":"${r.session}",${nameField},"data":${JSON.stringify(r.data)}}`;
    if (mode === 'torn') text = text.slice(0, Math.floor(text.length * 0.6));
    if (time !== null) this.lastGoodTime = time;
    if (logged) {
      this.faultLog.push({ line: this.line, rule: fault!.rule });
      this.faultsWritten++;
    }
    return text + '\n';
  }
}

/** Generates a whole trace in memory (tests, the sample library); the CLI streams `next()` instead. */
export function generateTrace(
  partial: Partial<GenerateOptions>,
  format: { comments?: boolean } = {},
): { text: string; faults: InjectedFault[] } {
  const gen = new TraceGenerator(partial, format);
  const chunks: string[] = [];
  for (let chunk = gen.next(); chunk !== null; chunk = gen.next()) chunks.push(chunk);
  return { text: chunks.join(''), faults: gen.takeFaults() };
}
