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
});
