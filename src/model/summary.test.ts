import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { summarize, summaryJsonChunks } from './summary';

const samples = fileURLToPath(new URL('../../public/samples/', import.meta.url));

describe('summary JSON', () => {
  for (const file of readdirSync(samples).filter((f) => f.endsWith('.ndjson'))) {
    it(`streams exactly JSON.stringify(summarize(...)) for ${file}`, () => {
      const state = analyze([{ name: file, content: readFileSync(samples + file, 'utf8') }]);
      expect([...summaryJsonChunks(state, 4096)].join('')).toBe(JSON.stringify(summarize(state)));
    });
  }

  it('keeps __proto__ keys of udata and escapes text', () => {
    const state = analyze([{ name: 'x', content: '{"name":"interaction.added","data":{"interactionid":"I\\"1\\u2028","udata":{"__proto__":{"a":1},"k":"<b>"}}}' }]);
    const text = [...summaryJsonChunks(state)].join('');
    expect(text).toBe(JSON.stringify(summarize(state)));
    expect(JSON.parse(text).interactions[0].udata).toEqual(JSON.parse('{"__proto__":{"a":1},"k":"<b>"}'));
  });

  it('writes odd text, numbers and times exactly as JSON.stringify, at any chunk size', () => {
    const lines = [
      { ts: -1, session: 'S\u0001', name: 'interaction.added', data: { interactionid: 'I\u00e9\ud800', parties: [{ partyid: 'P"1', focusresource: '\u65e5\\', partystate: 'ring\ning' }], udata: { '\u2028': '\udfff', n: 1e21, f: -0.5 } } },
      { ts: 8.64e15, name: 'interaction.partystatechanged', data: { interactionid: 'I\u00e9\ud800', partyid: 'P"1', partystate: '\u{1f600}' } },
      { ts: '0001-01-01T00:00:00.000Z', action: 'ixn:redirect', data: { requestid: 'R\t', interactionid: 'I\u00e9\ud800' } },
      { ts: -8.64e15, name: 'error.interaction.redirect', data: { requestid: 'R\t', interactionid: 'I\u00e9\ud800', error: { code: 7 }, description: 'd\u00e9' } },
      { ts: 1_700_000_000_123, name: 'interaction.ondivert', data: { interactionid: 'X', divertingpartyid: 'P9', newdestination: '\u0000' } },
      { ts: 1_700_000_000_000, name: 'interaction.abandoned', data: { interactionid: 'X', focusresource: '\u00ff', reason: 'r' } },
    ];
    const state = analyze([{ name: 'odd.ndjson', content: lines.map((l) => JSON.stringify(l)).join('\n') }]);
    const expected = JSON.stringify(summarize(state));
    expect(expected).toContain('+275760-09-13T00:00:00.000Z');
    expect(expected).toContain('1969-12-31T23:59:59.999Z');
    expect(expected).toContain('-271821-04-20T00:00:00.000Z');
    for (const chunk of [1, 7, 64, 1 << 16]) expect([...summaryJsonChunks(state, chunk)].join('')).toBe(expected);
  });
});
