import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeInputs } from '../analyze';
import { eventSpec } from '../catalogue';
import type { Summary } from '../summary';
import { EV } from './call';
import { FAULT_RULES } from './faults';
import { generateTrace, TraceGenerator, type GenerateOptions } from './generator';
import { FILLER_RECORDS, SCENARIOS } from './scenarios';

type Row = { ts: string; session: string; name?: string; action?: string; data: Record<string, unknown> };

/** The records of a trace; a torn line (an injected parse-error) is skipped. */
function rows(text: string): Row[] {
  const out: Row[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    try {
      out.push(JSON.parse(line) as Row);
    } catch {
      // torn line
    }
  }
  return out;
}

function summary(text: string): Summary {
  return summarizeInputs([{ name: 'generated.ndjson', content: text }]);
}

function trace(options: Partial<GenerateOptions>) {
  const { text, faults } = generateTrace(options);
  return { text, faults, rows: rows(text), summary: summary(text) };
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The protocol properties every valid generated trace has, beyond the validator's rules. */
function expectWellFormed(t: ReturnType<typeof trace>): void {
  expect(t.summary.diagnostics).toEqual([]);
  for (const r of t.rows) {
    expect(r.ts).toMatch(ISO_MS);
    expect(typeof r.session).toBe('string');
  }
  // Every action answered, request ids unique per session.
  const keys = t.summary.requests.map((r) => `${r.session}/${r.requestid}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(t.summary.requests.filter((r) => r.result === 'pending')).toEqual([]);
  // Voice: the record before deleted, among those of that interaction in that session, is notcontrolled.
  const last = new Map<string, string>();
  const media = new Map(t.summary.interactions.map((i) => [i.id, i.media]));
  for (const r of t.rows) {
    const id = (r.data.interactionid as string | undefined) ?? null;
    if (id === null) continue;
    const key = `${r.session}/${id}`;
    const name = r.name ?? `action ${r.action}`;
    if (name === EV.deleted && media.get(id) === 'voice') expect(last.get(key), key).toBe(EV.notcontrolled);
    last.set(key, name);
  }
}

describe('generator scenarios', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: validates with no diagnostic, alone and interleaved`, () => {
      for (const seed of ['1', '2', '3']) {
        expectWellFormed(trace({ scenario: scenario.name, calls: 1, seed }));
        expectWellFormed(trace({ scenario: scenario.name, calls: 25, seed, sessions: 3, meanArrivalMs: 500 }));
      }
    });
  }

  it('writes only events the catalogue defines', () => {
    for (const name of Object.values(EV)) expect(eventSpec(name), name).toBeDefined();
  });

  const one = (name: string) => trace({ scenario: name, calls: 1, seed: '5', sessions: 3 });

  it('divert: redirect from the routing point, ondivert, the agent rings and answers', () => {
    const t = one('divert');
    expect(t.summary.links.map((l) => l.kind)).toEqual(['divert']);
    expect(t.summary.requests.map((r) => [r.action, r.result])).toEqual([['redirect', 'done']]);
    const parties = t.summary.interactions[0].parties;
    expect(parties.map((p) => p.states.map((s) => s.state))).toEqual([
      ['established', 'released'],
      ['queued', 'routed'],
      ['ringing', 'established', 'released'],
    ]);
  });

  it('blind transfer: singlesteptransfer replaces the agent by the destination', () => {
    const t = one('blind-transfer');
    expect(t.summary.links.map((l) => l.kind)).toEqual(['divert', 'singlesteptransfer']);
    expect(t.summary.requests.map((r) => r.action)).toEqual(['redirect', 'singlesteptransfer']);
  });

  it('consult transfer and conference: onmerge with hints type, the consult leg ends in its session', () => {
    for (const type of ['transfer', 'conference'] as const) {
      const t = one(`consult-${type}`);
      const merge = t.summary.links.find((l) => l.kind === 'merge')!;
      expect(merge.type).toBe(type);
      const [primary, consultLeg] = t.summary.interactions;
      expect(merge.to).toBe(primary.id);
      expect(merge.from).toBe(consultLeg.id);
      expect(Date.parse(consultLeg.deleted!)).toBeGreaterThanOrEqual(Date.parse(merge.at!));
      const names = t.rows.filter((r) => r.data.interactionid === consultLeg.id).map((r) => r.name);
      expect(names.slice(-2)).toEqual([EV.notcontrolled, EV.deleted]);
      expect(primary.parties.map((p) => p.state)).toEqual(['released', 'routed', 'released', 'released']);
    }
  });

  it('single-step conference: the added party joins, clear drops it with clear.done naming the resource', () => {
    const t = one('conference');
    expect(t.summary.links.map((l) => l.kind)).toEqual(['divert', 'singlestepconference']);
    expect(t.summary.requests.map((r) => r.action)).toEqual(['redirect', 'singlestepconference', 'clear']);
    const clearDone = t.rows.find((r) => r.name === 'interaction.clear.done')!;
    expect(clearDone.data.resource).toMatch(/^75\d\d$/);
  });

  it('abandon: abandoned, then the parties leave, then notcontrolled and deleted', () => {
    const t = one('abandon');
    const names = t.rows.map((r) => r.name);
    const at = names.indexOf(EV.abandoned);
    expect(names.slice(at)).toEqual([EV.abandoned, EV.partydeleted, EV.partydeleted, EV.notcontrolled, EV.deleted]);
    expect(t.summary.interactions[0].abandoned?.reason).toBeTruthy();
  });

  it('chat and email: picked, present before any action on them, accepted; email returned to the queue', () => {
    for (const media of ['chat', 'email']) {
      const t = one(media);
      const ixn = t.summary.interactions[0];
      expect(ixn.media).toBe(media);
      const present = t.rows.findIndex((r) => r.name === EV.present);
      const added = t.rows.findIndex((r) => r.name === EV.added);
      expect(t.rows[0].action).toBe('ixn:pick');
      t.rows.forEach((r, i) => {
        if (r.action && i > added) expect(i).toBeGreaterThan(present);
      });
      expect(t.summary.requests.map((r) => r.action)).toEqual(
        media === 'chat' ? ['pick', 'accept', 'terminate'] : ['pick', 'accept', 'accept', 'terminate'],
      );
    }
    const email = one('email');
    const lifecycle = email.rows.map((r) => r.name).filter((n) => n === EV.present || n === EV.notcontrolled || n === EV.deleted);
    expect(lifecycle).toEqual([EV.present, EV.notcontrolled, EV.present, EV.notcontrolled, EV.deleted]);
  });

  it('associate: the source session gets notcontrolled and deleted, the target added and present', () => {
    const t = one('associate');
    const ixn = t.summary.interactions[0];
    expect(ixn.sessions.length).toBe(2);
    const [source, target] = ixn.sessions;
    const inSession = (s: string) => t.rows.filter((r) => r.session === s && r.name?.startsWith('interaction.') && !r.name.includes('party')).map((r) => r.name);
    expect(inSession(source).slice(-3)).toEqual(['interaction.associate.done', EV.notcontrolled, EV.deleted]);
    expect(inSession(target).slice(0, 2)).toEqual([EV.added, EV.present]);
    expect(t.summary.requests[0]).toMatchObject({ action: 'associate', session: source, result: 'done' });
  });

  it('redirect error and timeout: invaliddestination, and unknown after the request timed out', () => {
    const failed = one('redirect-error');
    expect(failed.summary.requests.map((r) => [r.result, r.error])).toEqual([['error', 'invaliddestination'], ['done', null]]);
    const timedOut = one('timeout');
    expect(timedOut.summary.requests.map((r) => [r.action, r.result, r.error])).toEqual([
      ['redirect', 'error', 'unknown'],
      ['terminate', 'done', null],
    ]);
    expect(timedOut.summary.requests[0].latencyMs).toBe(30000);
  });

  it('changes user data along the way in every scenario', () => {
    for (const s of SCENARIOS) expect(one(s.name).rows.some((r) => r.name === EV.udata), s.name).toBe(true);
  });
});

describe('generator load', () => {
  it('mixes every scenario, interleaves concurrent calls and spreads them over the sessions', () => {
    const t = trace({ scenario: 'mix', events: 5000, seed: '3', sessions: 6 });
    expectWellFormed(t);
    expect(new Set(t.rows.map((r) => r.session)).size).toBe(6);
    expect(new Set(t.summary.interactions.map((i) => i.media))).toEqual(new Set(['voice', 'chat', 'email']));
    expect(new Set(t.summary.links.map((l) => l.kind))).toEqual(new Set(['divert', 'singlesteptransfer', 'singlestepconference', 'merge']));
    let open = 0;
    let most = 0;
    for (const r of t.rows) {
      if (r.name === EV.added) most = Math.max(most, ++open);
      if (r.name === EV.deleted) open--;
    }
    expect(most).toBeGreaterThan(20);
    const times = t.rows.map((r) => Date.parse(r.ts));
    expect(times.every((x, i) => i === 0 || x >= times[i - 1])).toBe(true);
  });

  it('--events N writes exactly N records, all valid from the smallest call up', () => {
    fc.assert(
      fc.property(fc.integer({ min: FILLER_RECORDS, max: 1500 }), fc.integer({ min: 1, max: 1000 }), fc.constantFrom(...SCENARIOS.map((s) => s.name), 'mix'), (n, seed, scenario) => {
        const t = trace({ scenario, events: n, seed: String(seed) });
        expect(t.summary.records).toBe(n);
        expect(t.summary.diagnostics).toEqual([]);
      }),
      { numRuns: 60 },
    );
    for (let n = 0; n < FILLER_RECORDS; n++) expect(trace({ events: n }).summary.records).toBe(n);
  });

  it('--calls N starts exactly N calls', () => {
    const gen = new TraceGenerator({ scenario: 'mix', calls: 40, seed: '2' });
    while (gen.next() !== null);
    expect(gen.calls).toBe(40);
  });

  it('same seed, same bytes; another seed, another trace', () => {
    const a = generateTrace({ scenario: 'mix', events: 3000, seed: '42', faults: 0.01 });
    const b = generateTrace({ scenario: 'mix', events: 3000, seed: '42', faults: 0.01 });
    expect(b.text).toBe(a.text);
    expect(b.faults).toEqual(a.faults);
    expect(generateTrace({ scenario: 'mix', events: 3000, seed: '43', faults: 0.01 }).text).not.toBe(a.text);
    // Chunk size does not change the bytes.
    const gen = new TraceGenerator({ scenario: 'mix', events: 3000, seed: '42', faults: 0.01 });
    let text = '';
    for (let chunk = gen.next(7); chunk !== null; chunk = gen.next(7)) text += chunk;
    expect(text).toBe(a.text);
  });
});

describe('generator faults', () => {
  const key = (d: { line: number; rule: string }) => `${d.line} ${d.rule}`;

  it('the validator reports each injected fault at its recorded line, and nothing else', () => {
    const seen = new Set<string>();
    for (const seed of ['1', '2', '3', '4']) {
      for (const [rate, events] of [[1, 1500], [0.02, 6000]] as const) {
        const t = trace({ scenario: 'mix', events, seed, faults: rate, sessions: 3 });
        expect(t.faults.length).toBeGreaterThan(10);
        expect(t.summary.diagnostics.map(key).sort()).toEqual(t.faults.map(key).sort());
        expect(t.summary.records).toBe(events);
        for (const f of t.faults) seen.add(f.rule);
      }
    }
    expect([...seen].sort()).toEqual([...FAULT_RULES].sort());
  });

  it('every rule can be injected in every scenario that has what it needs', () => {
    const actionRules = ['unknown-action', 'action-after-notcontrolled', 'action-before-present', 'undocumented-error', 'duplicate-requestid', 'pending-request'];
    // duplicate-requestid needs two actions in one session; abandon has no action at all.
    const lacking: Record<string, string[]> = {
      abandon: actionRules,
      divert: ['duplicate-requestid'],
      'consult-transfer': ['duplicate-requestid'],
      'consult-conference': ['duplicate-requestid'],
      associate: ['duplicate-requestid'],
    };
    for (const s of SCENARIOS) {
      const t = trace({ scenario: s.name, calls: FAULT_RULES.length * 2, seed: '9', faults: 1, sessions: 2 });
      expect(t.summary.diagnostics.map(key).sort(), s.name).toEqual(t.faults.map(key).sort());
      const injected = new Set(t.faults.map((f) => f.rule));
      expect(FAULT_RULES.filter((r) => !injected.has(r)), s.name).toEqual(lacking[s.name] ?? []);
    }
  });
});
