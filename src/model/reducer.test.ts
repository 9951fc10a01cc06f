import { describe, expect, it } from 'vitest';
import { addRejected, createTrace, sortDiagnostics, sortedDiagnostics } from './reducer';
import type { Diagnostic } from './types';
import { summarizeInputs } from './analyze';
import type { Summary } from './summary';

const T0 = Date.parse('2026-11-24T10:00:00.000Z');

/** Builds an NDJSON trace: each entry is [ms offset, session, name or 'action:x', data]. */
function trace(rows: [number, string, string, Record<string, unknown>][]): string {
  return rows
    .map(([dt, session, name, data]) =>
      JSON.stringify(
        name.startsWith('action:')
          ? { ts: new Date(T0 + dt).toISOString(), session, action: name.slice(7), data }
          : { ts: new Date(T0 + dt).toISOString(), session, name, data },
      ),
    )
    .join('\n');
}

function run(text: string, name = 't.ndjson'): Summary {
  return summarizeInputs([{ name, content: text }]);
}

const at = (dt: number) => new Date(T0 + dt).toISOString();
const rules = (s: Summary) => s.diagnostics.map((d) => `${d.line}:${d.rule}`);

describe('lifecycle family', () => {
  it('tracks added, present, notcontrolled and deleted with their times', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', { interactionid: 'I1', media: 'voice' }],
        [10, 'S1', 'interaction.present', { interactionid: 'I1' }],
        [20, 'S1', 'interaction.notcontrolled', { interactionid: 'I1' }],
        [30, 'S1', 'interaction.deleted', { interactionid: 'I1' }],
      ]),
    );
    expect(s.diagnostics).toEqual([]);
    expect(s.interactions).toHaveLength(1);
    const i = s.interactions[0];
    expect(i).toMatchObject({
      id: 'I1',
      sessions: ['S1'],
      media: 'voice',
      implicit: false,
      added: at(0),
      present: at(10),
      notcontrolled: at(20),
      deleted: at(30),
      abandoned: null,
    });
  });

  it('records the first abandoned with resource and reason', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', { interactionid: 'I1' }],
        [5, 'S1', 'interaction.abandoned', { interactionid: 'I1', focusresource: '5000', reason: 'caller hung up' }],
        [6, 'S1', 'interaction.abandoned', { interactionid: 'I1', focusresource: '5001', reason: 'again' }],
        [7, 'S1', 'interaction.restored', { interactionid: 'I1' }],
      ]),
    );
    expect(s.interactions[0].abandoned).toEqual({ at: at(5), focusresource: '5000', reason: 'caller hung up' });
    expect(s.diagnostics).toEqual([]);
  });

  it('keeps an interaction deleted in one session alive in another (associate)', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', { interactionid: 'I1' }],
        [1, 'S1', 'interaction.present', { interactionid: 'I1' }],
        [2, 'S1', 'action:ixn:associate', { requestid: 'R1', interactionid: 'I1', sessionid: 'S2' }],
        [3, 'S2', 'interaction.added', { interactionid: 'I1' }],
        [4, 'S2', 'interaction.present', { interactionid: 'I1' }],
        [5, 'S1', 'interaction.associate.done', { requestid: 'R1', interactionid: 'I1' }],
        [6, 'S1', 'interaction.notcontrolled', { interactionid: 'I1' }],
        [7, 'S1', 'interaction.deleted', { interactionid: 'I1' }],
        [8, 'S2', 'action:redirect', { requestid: 'R1', interactionid: 'I1', to: '7001' }],
        [9, 'S2', 'interaction.redirect.done', { requestid: 'R1', interactionid: 'I1' }],
      ]),
    );
    expect(rules(s)).toEqual([]);
    const i = s.interactions[0];
    expect(i.sessions).toEqual(['S1', 'S2']);
    expect(i.deleted).toBeNull();
    expect(s.requests.map((r) => [r.session, r.action, r.result, r.latencyMs])).toEqual([
      ['S1', 'associate', 'done', 3],
      ['S2', 'redirect', 'done', 1],
    ]);
  });

  it('sets deleted when the interaction leaves its last session', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', { interactionid: 'I1' }],
        [1, 'S2', 'interaction.added', { interactionid: 'I1' }],
        [2, 'S1', 'interaction.deleted', { interactionid: 'I1' }],
        [3, 'S2', 'interaction.deleted', { interactionid: 'I1' }],
      ]),
    );
    expect(s.interactions[0].deleted).toBe(at(3));
    expect(s.interactions[0].added).toBe(at(0));
  });

  it('starts over when an interaction is added again after deleted in a session', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', { interactionid: 'I1' }],
        [1, 'S1', 'interaction.deleted', { interactionid: 'I1' }],
        [2, 'S1', 'interaction.added', { interactionid: 'I1' }],
        [3, 'S1', 'interaction.present', { interactionid: 'I1' }],
      ]),
    );
    expect(rules(s)).toEqual([]);
    expect(s.interactions[0].deleted).toBeNull();
    expect(s.interactions[0].present).toBe(at(3));
  });
});

describe('party family', () => {
  it('builds parties from added, partyadded, partystatechanged and partydeleted', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', {
          interactionid: 'I1',
          parties: [{ partyid: 'P1', focusresource: '+1555', partystate: 'established' }],
        }],
        [1, 'S1', 'interaction.partyadded', { interactionid: 'I1', focusresource: '7001', partyid: 'P2', partystate: 'ringing' }],
        [2, 'S1', 'interaction.partystatechanged', { interactionid: 'I1', focusresource: '7001', partyid: 'P2', partystate: 'established' }],
        [3, 'S1', 'interaction.partystatechanged', { interactionid: 'I1', focusresource: '7001', partyid: 'P2', partystate: 'established' }],
        [4, 'S1', 'interaction.partyadded', { interactionid: 'I1', focusresource: '7001', partyid: 'P2', partystate: 'established' }],
        [5, 'S1', 'interaction.partydeleted', { interactionid: 'I1', focusresource: '7001', partyid: 'P2', partystate: 'released' }],
        [6, 'S1', 'interaction.partydeleted', { interactionid: 'I1', focusresource: '7001', partyid: 'P2', partystate: 'gone' }],
      ]),
    );
    expect(rules(s)).toEqual([]);
    const [p1, p2] = s.interactions[0].parties;
    expect(p1).toEqual({
      partyid: 'P1', focusresource: '+1555', state: 'established', added: null, deleted: null,
      states: [{ state: 'established', at: at(0) }],
    });
    expect(p2.added).toBe(at(1));
    expect(p2.deleted).toBe(at(5));
    expect(p2.state).toBe('gone');
    expect(p2.states.map((x) => x.state)).toEqual(['ringing', 'established', 'established', 'released', 'gone']);
  });

  it('creates an unknown party implicitly and diagnoses it', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', { interactionid: 'I1' }],
        [1, 'S1', 'interaction.partystatechanged', { interactionid: 'I1', focusresource: '7001', partyid: 'P9', partystate: 'hold' }],
      ]),
    );
    expect(rules(s)).toEqual(['2:unknown-party']);
    expect(s.interactions[0].parties[0]).toMatchObject({ partyid: 'P9', added: null, state: 'hold' });
  });

  it('adds the party of onsinglestepconference and links it', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', { interactionid: 'I1', parties: [{ partyid: 'P1', focusresource: '7001', partystate: 'established' }] }],
        [1, 'S1', 'interaction.onsinglestepconference', {
          interactionid: 'I1', conferencingpartyid: 'P1', conferencingresource: '7001', conferencingpartystate: 'established',
          addedpartyid: 'P7', addedresource: '7009', addedpartystate: 'ringing',
        }],
      ]),
    );
    expect(rules(s)).toEqual([]);
    expect(s.interactions[0].parties[1]).toEqual({
      partyid: 'P7', focusresource: '7009', state: 'ringing', added: at(1), deleted: null,
      states: [{ state: 'ringing', at: at(1) }],
    });
    expect(s.links).toEqual([
      { kind: 'singlestepconference', at: at(1), interactionid: 'I1', from: 'P1', to: '7009', type: null },
    ]);
  });
});

describe('link family', () => {
  it('links divert, single-step transfer and merge with hints.type', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', { interactionid: 'I1', parties: [{ partyid: 'P2', focusresource: '5000', partystate: 'queued' }] }],
        [1, 'S1', 'interaction.ondivert', { interactionid: 'I1', divertingpartyid: 'P2', divertingresource: '5000', divertingpartystate: 'queued', newdestination: '7002' }],
        [2, 'S1', 'interaction.onsinglesteptransfer', { interactionid: 'I1', transferringpartyid: 'P2', transferringresource: '5000', transferringpartystate: 'queued', newdestination: '7003' }],
        [3, 'S1', 'interaction.added', { interactionid: 'I2' }],
        [4, 'S1', 'interaction.onmerge', {
          frominteractionid: 'I2', tointeractionid: 'I1', activeresource: '7002', activepartyid: 'P5', activepartystate: 'established',
          heldresource: '5000', heldpartyid: 'P2', heldpartystate: 'hold', hints: { type: 'conference' },
        }],
        [5, 'S1', 'interaction.onmerge', {
          frominteractionid: 'I2', tointeractionid: 'I1', activeresource: '7002', activepartyid: 'P5', activepartystate: 'established',
          heldresource: '5000', heldpartyid: 'P2', heldpartystate: 'hold', hints: { type: 'other' },
        }],
      ]),
    );
    expect(rules(s)).toEqual([]);
    expect(s.links).toEqual([
      { kind: 'divert', at: at(1), interactionid: 'I1', from: 'P2', to: '7002', type: null },
      { kind: 'singlesteptransfer', at: at(2), interactionid: 'I1', from: 'P2', to: '7003', type: null },
      { kind: 'merge', at: at(4), interactionid: 'I1', from: 'I2', to: 'I1', type: 'conference' },
      { kind: 'merge', at: at(5), interactionid: 'I1', from: 'I2', to: 'I1', type: null },
    ]);
  });
});

describe('data family', () => {
  it('merges udata shallowly and removes keys set to null', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', { interactionid: 'I1', udata: { a: 1, b: { x: 1 }, c: 'keep' } }],
        [1, 'S1', 'interaction.udata.changed', { interactionid: 'I1', udata: { a: null, b: { y: 2 }, d: [1] } }],
      ]),
    );
    expect(s.interactions[0].udata).toEqual({ b: { y: 2 }, c: 'keep', d: [1] });
  });

  it('keeps __proto__ keys as data without polluting prototypes', () => {
    const s = run('{"name":"interaction.added","data":{"interactionid":"I1","udata":{"__proto__":{"polluted":1},"constructor":{"prototype":{"p":1}}}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(s.interactions[0].udata)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(s.interactions[0].udata)).toContain('"__proto__":{"polluted":1}');
  });
});

describe('result family and requests', () => {
  it('pairs actions with results by requestid per session, with latency', () => {
    const s = run(
      trace([
        [0, 'S1', 'interaction.added', { interactionid: 'I1' }],
        [1, 'S1', 'interaction.present', { interactionid: 'I1' }],
        [100, 'S1', 'action:ixn:redirect', { requestid: 'R1', interactionid: 'I1', to: '9999' }],
        [150, 'S2', 'interaction.redirect.done', { requestid: 'R1', interactionid: 'I1' }],
        [180, 'S1', 'error.interaction.redirect', { requestid: 'R1', error: 'invaliddestination', description: 'no such DN' }],
        [200, 'S1', 'action:clear', { requestid: 'R2', interactionid: 'I1' }],
      ]),
    );
    expect(s.requests).toEqual([
      { requestid: 'R1', action: 'redirect', session: 'S1', interactionid: 'I1', sent: at(100), result: 'error',
        error: 'invaliddestination', description: 'no such DN', latencyMs: 80 },
      { requestid: 'R2', action: 'clear', session: 'S1', interactionid: 'I1', sent: at(200), result: 'pending',
        error: null, description: null, latencyMs: null },
    ]);
    expect(rules(s)).toEqual(['4:unmatched-result', '6:pending-request']);
    expect(s.diagnostics[0].severity).toBe('info');
  });
});

describe('timestamps', () => {
  it('accepts epoch milliseconds and prints ISO-8601 UTC with milliseconds', () => {
    const s = run('{"ts":1764000000123,"name":"interaction.added","data":{"interactionid":"I1"}}\n{"name":"interaction.present","data":{"interactionid":"I1"}}');
    expect(s.interactions[0].added).toBe('2025-11-24T16:00:00.123Z');
    expect(s.interactions[0].present).toBe('2025-11-24T16:00:00.123Z');
    expect(s.interactions[0].sessions).toEqual(['default']);
  });

  it('reads offsets, no-offset as UTC, and cuts digits past milliseconds', () => {
    const s = run(
      [
        '{"ts":"2026-11-24T12:00:00.123456+02:00","name":"interaction.added","data":{"interactionid":"I1"}}',
        '{"ts":"2026-11-24T10:00:01.9999","name":"interaction.present","data":{"interactionid":"I1"}}',
      ].join('\n'),
    );
    expect(s.interactions[0].added).toBe('2026-11-24T10:00:00.123Z');
    expect(s.interactions[0].present).toBe('2026-11-24T10:00:01.999Z');
  });

  it('diagnoses bad and regressing timestamps, keeping file order', () => {
    const s = run(
      [
        '{"ts":"2026-11-24T10:00:05Z","name":"interaction.added","data":{"interactionid":"I1"}}',
        '{"ts":"yesterday","name":"interaction.present","data":{"interactionid":"I1"}}',
        '{"ts":"2026-11-24T10:00:01Z","name":"interaction.notcontrolled","data":{"interactionid":"I1"}}',
      ].join('\n'),
    );
    expect(rules(s)).toEqual(['2:bad-timestamp', '3:time-regression']);
    expect(s.interactions[0].present).toBe('2026-11-24T10:00:05.000Z');
    expect(s.interactions[0].notcontrolled).toBe('2026-11-24T10:00:01.000Z');
  });
});

describe('several files', () => {
  it('merges by time, ties to the file named first, each file in its own order', () => {
    const a = '{"ts":"2026-11-24T10:00:00Z","session":"A","name":"interaction.added","data":{"interactionid":"IA"}}\n{"ts":"2026-11-24T10:00:02Z","session":"A","name":"interaction.present","data":{"interactionid":"IA"}}';
    const b = '{"ts":"2026-11-24T10:00:02Z","session":"B","name":"interaction.added","data":{"interactionid":"IB"}}\n{"ts":"2026-11-24T10:00:01Z","session":"B","name":"interaction.present","data":{"interactionid":"IB"}}';
    const s = summarizeInputs([{ name: 'a', content: a }, { name: 'b', content: b }]);
    expect(s.interactions.map((i) => i.id)).toEqual(['IA', 'IB']);
    expect(s.diagnostics.map((d) => `${d.file}:${d.line}:${d.rule}`)).toEqual(['b:2:time-regression']);
  });
});

describe('independent traces', () => {
  it('two traces reduced record by record in turn (the same trace twice) give the summaries they give alone', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const { TraceParser } = await import('./parser');
    const { apply, createTrace, finish } = await import('./reducer');
    const { summarize } = await import('./summary');
    const dir = fileURLToPath(new URL('../../public/samples/', import.meta.url));
    // The same trace twice: same sessions and interaction ids in both states.
    const first = readdirSync(dir).filter((f) => f.endsWith('.ndjson'))[0];
    const files = [first, first];
    const parsed = files.map((f) => {
      const p = new TraceParser(f);
      return [...p.push(readFileSync(dir + f, 'utf8')).records, ...p.end().records];
    });
    const alone = parsed.map((records) => {
      const s = createTrace();
      for (const r of records) apply(s, { ...r });
      return JSON.stringify(summarize(finish(s)));
    });
    const a = createTrace();
    const b = createTrace();
    const n = Math.max(parsed[0].length, parsed[1].length);
    for (let i = 0; i < n; i++) {
      if (i < parsed[0].length) apply(a, { ...parsed[0][i] });
      if (i < parsed[1].length) apply(b, { ...parsed[1][i] });
    }
    expect([JSON.stringify(summarize(finish(a))), JSON.stringify(summarize(finish(b)))]).toEqual(alone);
  });

  it('an interaction deleted and added again in a run of its events gets a new hold', () => {
    const s = run(trace([
      [1, 'S1', 'interaction.added', { interactionid: 'I1' }],
      [2, 'S1', 'interaction.present', { interactionid: 'I1' }],
      [3, 'S1', 'interaction.notcontrolled', { interactionid: 'I1' }],
      [4, 'S1', 'interaction.deleted', { interactionid: 'I1' }],
      [5, 'S1', 'interaction.present', { interactionid: 'I1' }],
      [6, 'S1', 'interaction.added', { interactionid: 'I1' }],
      [7, 'S1', 'interaction.added', { interactionid: 'I1' }],
      [8, 'S1', 'interaction.deleted', { interactionid: 'I1' }],
    ]));
    expect(s.diagnostics.map((d) => `${d.line} ${d.rule}`)).toEqual(['5 after-deleted', '7 duplicate-added']);
    expect(s.interactions[0].deleted).not.toBeNull();
  });
});

describe('sorted diagnostics', () => {
  const diag = (fileIndex: number, line: number, message: string): Diagnostic => ({
    severity: 'warning', rule: 'unknown-event', file: `f${fileIndex}`, line, interactionid: null, message, session: null, fileIndex, recordIndex: -1,
  });
  it('as sorting them all, whether they come in order (appended) or not (sorted again), and shared until the next one', () => {
    const state = createTrace();
    const seen: Diagnostic[][] = [];
    const steps: Diagnostic[][] = [
      [diag(0, 2, 'a'), diag(0, 5, 'b')],
      [diag(0, 5, 'c'), diag(1, 1, 'd')],
      [],
      [diag(0, 3, 'e')],
      [diag(1, 1, 'f'), diag(1, 9, 'g')],
      [diag(0, 1, 'h'), diag(2, 4, 'i')],
    ];
    for (const step of steps) {
      addRejected(state, step, 0);
      const sorted = sortedDiagnostics(state);
      expect(sorted.map((d) => d.message)).toEqual(sortDiagnostics(state.diagnostics).map((d) => d.message));
      expect(sortedDiagnostics(state)).toBe(sorted);
      seen.push(sorted);
    }
    // A list handed out earlier is never changed by later diagnostics.
    expect(seen[0].map((d) => d.message)).toEqual(['a', 'b']);
    expect(seen[1].map((d) => d.message)).toEqual(['a', 'b', 'c', 'd']);
    expect(seen[3].map((d) => d.message)).toEqual(['a', 'e', 'b', 'c', 'd']);
    expect(seen[5].map((d) => d.message)).toEqual(['h', 'a', 'e', 'b', 'c', 'd', 'f', 'g', 'i']);
  });
});
