import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, ACTIONS, EVENTS, documentedErrors, eventSpec, isDocumentedError } from './catalogue';

const specPath = fileURLToPath(new URL('../../../shared/spec/genesys-8.1-scxml-interaction-events.txt', import.meta.url));
const specText = readFileSync(specPath, 'utf8');

/** Reads the spec page as a list of events, each with its attributes and error bullets. */
function parseSpec(text: string) {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const events = new Map<string, { attributes: string[]; errors: string[] }>();
  let current: { attributes: string[]; errors: string[] } | undefined;
  for (const line of lines) {
    if (/^(error\.)?interaction\.[a-z.]+$/.test(line)) {
      current = { attributes: [], errors: [] };
      events.set(line, current);
    } else if (line === 'hints Attribute Considerations') {
      current = undefined;
    } else if (current && /^[a-z]+$/.test(line)) {
      current.attributes.push(line);
    } else if (current && line.startsWith('•')) {
      current.errors.push(line.replace(/^•\s*/, ''));
    }
  }
  return events;
}

const spec = parseSpec(specText);

describe('event catalogue', () => {
  it('has every event name of the spec and no other', () => {
    expect(spec.size).toBeGreaterThan(20);
    expect(EVENTS.map((e) => e.name).sort()).toEqual([...spec.keys()].sort());
  });

  it('lists each event attribute as the spec does, all but hints and description required', () => {
    for (const [name, { attributes }] of spec) {
      const entry = eventSpec(name)!;
      expect(entry.attributes, name).toEqual(attributes);
      expect(entry.required, name).toEqual(attributes.filter((a) => a !== 'hints' && a !== 'description'));
    }
  });

  it('documents exactly the error values the spec lists per action', () => {
    for (const a of ACTION_NAMES) {
      const bullets = spec.get(ACTIONS[a].error)!.errors;
      const expected = bullets.flatMap((b) => {
        const m = /^invalidstate\.state \(([^)]*)\)/.exec(b);
        if (m) return m[1].split(',').map((s) => `invalidstate.${s.trim()}`);
        if (b.startsWith('reject.reason')) return ['reject.<reason>'];
        return [b];
      });
      expect(documentedErrors(a).sort(), a).toEqual(expected.sort());
    }
  });

  it('tells documented from undocumented error values for every action', () => {
    for (const a of ACTION_NAMES) {
      for (const value of documentedErrors(a)) {
        const concrete = value === 'reject.<reason>' ? 'reject.busy' : value;
        expect(isDocumentedError(a, concrete), `${a} ${concrete}`).toBe(true);
      }
      expect(isDocumentedError(a, 'nosuchthing'), a).toBe(false);
      expect(isDocumentedError(a, 'invalidstate.established'), a).toBe(false);
      expect(isDocumentedError(a, 'invalidstate'), a).toBe(false);
      expect(isDocumentedError(a, 'reject.busy'), a).toBe(a === 'accept');
      expect(isDocumentedError(a, 'reject.'), a).toBe(false);
    }
    expect(isDocumentedError('accept', 'invalidstate.ringing')).toBe(false);
    expect(isDocumentedError('redirect', 'invalidstate.ringing')).toBe(true);
    expect(isDocumentedError('pick', 'remote')).toBe(false);
    expect(isDocumentedError('associate', 'nointeraction')).toBe(true);
  });

  it('names a result event for every action', () => {
    for (const a of ACTION_NAMES) {
      expect(eventSpec(`interaction.${a}.done`)?.action).toBe(a);
      expect(eventSpec(`error.interaction.${a}`)?.family).toBe('result');
    }
  });
});

describe('eventSpec', () => {
  it('answers every event name, as fresh strings and interleaved with unknown names', () => {
    const unknown = ['interaction.nosuchevent', 'interaction.partystatechangeX', 'error.interaction.nosuch', 'x', ''];
    for (let round = 0; round < 3; round++) {
      for (const spec of EVENTS) {
        // JSON.parse makes a new string for each name, as the parser does.
        expect(eventSpec(JSON.parse(JSON.stringify(spec.name)))).toBe(spec);
        for (const name of unknown) expect(eventSpec(name)).toBeUndefined();
      }
    }
  });
});
