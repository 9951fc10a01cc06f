/**
 * One case per rule of trace-format.md section 3: a minimal trace that breaks the rule at a known
 * line, and a near-identical trace that does not, so a rule cannot fire by accident.
 */
import { describe, expect, it } from 'vitest';
import { summarizeInputs } from './analyze';
import { RULES } from './rules';
import { RULE_SEVERITY, type RuleId } from './types';

const ts = (s: number) => `"ts":"2026-11-24T10:00:${String(s).padStart(2, '0')}.000Z"`;
const ev = (s: number, name: string, data: object, session = 'S1') =>
  `{${ts(s)},"session":"${session}","name":"${name}","data":${JSON.stringify(data)}}`;
const act = (s: number, action: string, data: object, session = 'S1') =>
  `{${ts(s)},"session":"${session}","action":"${action}","data":${JSON.stringify(data)}}`;

const added = (s = 0, id = 'I1', session = 'S1') => ev(s, 'interaction.added', { interactionid: id }, session);
const present = (s = 1, id = 'I1', session = 'S1') => ev(s, 'interaction.present', { interactionid: id }, session);
const notcontrolled = (s: number, id = 'I1') => ev(s, 'interaction.notcontrolled', { interactionid: id });
const deleted = (s: number, id = 'I1') => ev(s, 'interaction.deleted', { interactionid: id });
const redirect = (s: number, requestid = 'R1', id = 'I1') => act(s, 'ixn:redirect', { requestid, interactionid: id, to: '7002' });
const redirectDone = (s: number, requestid = 'R1') => ev(s, 'interaction.redirect.done', { requestid, interactionid: 'I1' });
const party = (s: number, kind: string, partyid: string, state: string) =>
  ev(s, `interaction.${kind}`, { interactionid: 'I1', focusresource: '7001', partyid, partystate: state });

interface Case {
  rule: RuleId;
  bad: string[];
  good: string[];
  line: number;
}

const cases: Case[] = [
  {
    rule: 'parse-error',
    bad: [added(), '{"ts":"2026-11-24T10:00:01Z","name":"interaction.present",'],
    good: [added(), present()],
    line: 2,
  },
  {
    rule: 'missing-name',
    bad: [added(), '{"ts":"2026-11-24T10:00:01Z","session":"S1","data":{"interactionid":"I1"}}'],
    good: [added(), present()],
    line: 2,
  },
  {
    rule: 'missing-attribute',
    bad: [added(), present(), ev(2, 'interaction.partyadded', { interactionid: 'I1', partyid: 'P2', partystate: 'ringing' })],
    good: [added(), present(), party(2, 'partyadded', 'P2', 'ringing')],
    line: 3,
  },
  {
    rule: 'unknown-event',
    bad: [added(), present(), ev(2, 'interaction.partymoved', { interactionid: 'I1' })],
    good: [added(), present(), ev(2, 'application.partymoved', { interactionid: 'I1' })],
    line: 3,
  },
  {
    rule: 'unknown-action',
    bad: [added(), present(), act(2, 'ixn:transfer', { requestid: 'R1', interactionid: 'I1' }), redirectDone(3)],
    good: [added(), present(), act(2, 'ixn:redirect', { requestid: 'R1', interactionid: 'I1' }), redirectDone(3)],
    line: 3,
  },
  {
    rule: 'unknown-interaction',
    bad: [added(0, 'I1'), present(1, 'I2')],
    good: [added(0, 'I2'), present(1, 'I2')],
    line: 2,
  },
  {
    rule: 'after-deleted',
    bad: [added(), present(), notcontrolled(2), deleted(3), ev(4, 'interaction.udata.changed', { interactionid: 'I1', udata: { a: 1 } })],
    good: [added(), present(), ev(2, 'interaction.udata.changed', { interactionid: 'I1', udata: { a: 1 } }), notcontrolled(3), deleted(4)],
    line: 5,
  },
  {
    rule: 'deleted-without-notcontrolled',
    bad: [added(), present(), deleted(3)],
    good: [added(), present(), notcontrolled(2), deleted(3)],
    line: 3,
  },
  {
    rule: 'action-after-notcontrolled',
    bad: [added(), present(), notcontrolled(2), redirect(3), redirectDone(4)],
    good: [added(), present(), redirect(2), redirectDone(3), notcontrolled(4)],
    line: 4,
  },
  {
    rule: 'action-before-present',
    bad: [added(), redirect(1), redirectDone(2), present(3)],
    good: [added(), present(1), redirect(2), redirectDone(3)],
    line: 2,
  },
  {
    rule: 'duplicate-added',
    bad: [added(0), present(1), added(2)],
    good: [added(0), present(1), added(2, 'I1', 'S2')],
    line: 3,
  },
  {
    rule: 'unknown-party',
    bad: [added(), present(), party(2, 'partyadded', 'P2', 'ringing'), party(3, 'partystatechanged', 'P3', 'established')],
    good: [added(), present(), party(2, 'partyadded', 'P2', 'ringing'), party(3, 'partystatechanged', 'P2', 'established')],
    line: 4,
  },
  {
    rule: 'undocumented-error',
    bad: [added(), present(), redirect(2), ev(3, 'error.interaction.redirect', { requestid: 'R1', error: 'invalidsource' })],
    good: [added(), present(), redirect(2), ev(3, 'error.interaction.redirect', { requestid: 'R1', error: 'invaliddestination' })],
    line: 4,
  },
  {
    rule: 'duplicate-requestid',
    bad: [added(), present(), redirect(2, 'R1'), redirectDone(3, 'R1'), redirect(4, 'R1'), redirectDone(5, 'R1')],
    good: [added(), present(), redirect(2, 'R1'), redirectDone(3, 'R1'), redirect(4, 'R2'), redirectDone(5, 'R2')],
    line: 5,
  },
  {
    rule: 'pending-request',
    bad: [added(), present(), redirect(2), ev(3, 'interaction.udata.changed', { interactionid: 'I1' })],
    good: [added(), present(), redirect(2), redirectDone(3)],
    line: 3,
  },
  {
    rule: 'unmatched-result',
    bad: [added(), present(), redirect(2, 'R1'), redirectDone(3, 'R2'), redirectDone(4, 'R1')],
    good: [added(), present(), redirect(2, 'R1'), redirect(3, 'R2'), redirectDone(4, 'R2'), redirectDone(5, 'R1')],
    line: 4,
  },
  {
    rule: 'time-regression',
    bad: [added(5), present(4)],
    good: [added(4), present(5)],
    line: 2,
  },
  {
    rule: 'bad-timestamp',
    bad: [added(0), '{"ts":"24/11/2026 10:00:01","session":"S1","name":"interaction.present","data":{"interactionid":"I1"}}'],
    good: [added(0), '{"ts":"2026-11-24 10:00:01","session":"S1","name":"interaction.present","data":{"interactionid":"I1"}}'],
    line: 2,
  },
];

function diagnose(lines: string[]) {
  return summarizeInputs([{ name: 'case.ndjson', content: lines.join('\n') + '\n' }]).diagnostics;
}

describe('validator rules', () => {
  it('covers every rule of the contract with one case', () => {
    expect(cases.map((c) => c.rule).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  for (const c of cases) {
    it(`${c.rule}: fires at line ${c.line} with severity ${RULE_SEVERITY[c.rule]}, and not on the near-identical trace`, () => {
      const bad = diagnose(c.bad);
      expect(bad.map((d) => `${d.line}:${d.rule}`)).toEqual([`${c.line}:${c.rule}`]);
      expect(bad[0].severity).toBe(RULE_SEVERITY[c.rule]);
      expect(bad[0].file).toBe('case.ndjson');
      expect(bad[0].message.length).toBeGreaterThan(20);
      expect(diagnose(c.good)).toEqual([]);
    });
  }
});

describe('validator details', () => {
  it('names every missing attribute in one diagnostic, null counting as missing', () => {
    const d = diagnose([added(), present(), ev(2, 'interaction.ondivert', { interactionid: 'I1', divertingpartyid: null })]);
    expect(d.map((x) => x.rule)).toEqual(['missing-attribute']);
    expect(d[0].message).toContain('divertingpartyid, divertingresource, divertingpartystate, newdestination');
    expect(d[0].message).not.toContain('hints');
  });

  it('does not apply lifecycle rules to results, nor create interactions from them', () => {
    const s = summarizeInputs([{ name: 'r', content: [redirect(0, 'R1', 'I9'), ev(1, 'interaction.redirect.done', { requestid: 'R1', interactionid: 'I9' })].join('\n') }]);
    expect(s.diagnostics).toEqual([]);
    expect(s.interactions).toEqual([]);
  });

  it('does not check onmerge party ids nor the added party of a single-step conference', () => {
    const d = diagnose([
      added(0, 'I1'), present(1, 'I1'), added(2, 'I2'), present(3, 'I2'),
      ev(4, 'interaction.onsinglestepconference', { interactionid: 'I2', conferencingpartyid: 'P1', conferencingresource: '7001', conferencingpartystate: 'established', addedpartyid: 'P9', addedresource: '7009', addedpartystate: 'ringing' }),
      ev(5, 'interaction.onmerge', { frominteractionid: 'I2', tointeractionid: 'I1', activeresource: '7002', activepartyid: 'PX', activepartystate: 'established', heldresource: '7001', heldpartyid: 'PY', heldpartystate: 'hold', hints: { type: 'transfer' } }),
    ]);
    expect(d.map((x) => `${x.line}:${x.rule}`)).toEqual(['5:unknown-party']);
  });

  it('gives control back on a second present after notcontrolled', () => {
    expect(diagnose([added(), present(1), notcontrolled(2), present(3), redirect(4), redirectDone(5), notcontrolled(6), deleted(7)])).toEqual([]);
    expect(diagnose([added(), present(1), notcontrolled(2), present(3), deleted(4)]).map((d) => d.rule)).toEqual(['deleted-without-notcontrolled']);
  });

  it('has no lifecycle rule for an action on an interaction its session does not hold', () => {
    expect(diagnose([act(0, 'pick', { requestid: 'R1', interactionid: 'I5' }), ev(1, 'interaction.pick.done', { requestid: 'R1', interactionid: 'I5' })])).toEqual([]);
  });

  it('diagnoses an action after deleted as after-deleted, not after-notcontrolled', () => {
    const d = diagnose([added(), present(), notcontrolled(2), deleted(3), redirect(4), redirectDone(5)]);
    expect(d.map((x) => `${x.line}:${x.rule}`)).toEqual(['5:after-deleted']);
  });

  it('keeps an action without requestid but does not make it a request', () => {
    const s = summarizeInputs([{ name: 'a', content: [added(), present(), act(2, 'redirect', { interactionid: 'I1' })].join('\n') }]);
    expect(s.actions).toBe(1);
    expect(s.requests).toEqual([]);
    expect(s.diagnostics.map((d) => `${d.line}:${d.rule}`)).toEqual(['3:missing-attribute']);
  });

  it('pairs a result with the oldest unanswered action of its requestid, then reports the extra as unmatched', () => {
    const s = summarizeInputs([{ name: 'a', content: [added(), present(), redirect(2, 'R1'), redirect(3, 'R1'), redirectDone(4, 'R1'), redirectDone(5, 'R1'), redirectDone(6, 'R1')].join('\n') }]);
    expect(s.requests.map((r) => r.latencyMs)).toEqual([2000, 2000]);
    expect(s.diagnostics.map((d) => `${d.line}:${d.rule}`)).toEqual(['4:duplicate-requestid', '7:unmatched-result']);
  });

  it('remembers a requestid once its requests were answered: reused, it is a duplicate and pairs with the next result', () => {
    const s = summarizeInputs([{ name: 'a', content: [added(), present(), redirect(2, 'R1'), redirectDone(3, 'R1'), redirectDone(4, 'R1'), redirect(5, 'R1'), redirectDone(7, 'R1')].join('\n') }]);
    expect(s.requests.map((r) => [r.result, r.latencyMs])).toEqual([['done', 1000], ['done', 2000]]);
    expect(s.diagnostics.map((d) => `${d.line}:${d.rule}`)).toEqual(['5:unmatched-result', '6:duplicate-requestid']);
  });

  it('checks the error value against the action the result names', () => {
    const d = diagnose([added(), present(), redirect(2), ev(3, 'error.interaction.accept', { requestid: 'R1', error: 'reject.busy' })]);
    expect(d).toEqual([]);
    const d2 = diagnose([added(), present(), redirect(2), ev(3, 'error.interaction.redirect', { requestid: 'R1', error: 'reject.busy' })]);
    expect(d2.map((x) => x.rule)).toEqual(['undocumented-error']);
  });

  it('counts records as events + actions + rejected, comments and blanks aside', () => {
    const s = summarizeInputs([{ name: 'a', content: ['# comment', '', added(), 'nonsense', '{"x":1}', '[1]', redirect(3)].join('\n') }]);
    expect([s.records, s.events, s.actions, s.rejected]).toEqual([5, 1, 1, 3]);
    expect(s.diagnostics.map((d) => `${d.line}:${d.rule}`)).toEqual(['4:parse-error', '5:missing-name', '6:parse-error', '7:action-before-present', '7:pending-request']);
  });

  it('validates a trace with 10,000 problems in one pass', () => {
    const lines = [added(0)];
    for (let i = 0; i < 10_000; i++) lines.push(party(1, 'partystatechanged', `P${i}`, 'ringing'));
    const d = diagnose(lines);
    expect(d).toHaveLength(10_000);
    expect(d.every((x) => x.rule === 'unknown-party')).toBe(true);
    expect(d[9_999].line).toBe(10_001);
  });
});
