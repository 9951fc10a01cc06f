import { describe, expect, it } from 'vitest';
import { graphAt } from '../../model/views/graph';
import { ladderRows } from '../../model/views/ladder';
import { lanes } from '../../model/views/lanes';
import { loadTrace, ndjson } from '../../model/views/traceFixture';
import { layoutGraph } from '../graph/layout';
import { fitRange } from '../timeline/viewport';
import { graphSvg } from './graphSvg';
import { ladderSvg } from './ladderSvg';
import { escapeXml } from './svg';
import { readTheme } from './theme';
import { timelineSvg } from './timelineSvg';

const EVIL = '<script>alert(1)</script>&"\'';

/** A trace whose ids, resources and states are markup, as a hostile or broken recorder could write. */
const hostile = loadTrace(ndjson([
  { name: 'interaction.added', data: { interactionid: EVIL, media: '<b>voice</b>', parties: [{ partyid: EVIL, focusresource: '<img src=x onerror=alert(1)>', partystate: '<i>ringing</i>' }] } },
  { name: 'interaction.ondivert', data: { interactionid: EVIL, divertingpartyid: EVIL, divertingresource: '<img src=x onerror=alert(1)>', divertingpartystate: 'x', newdestination: '</svg><script>x</script>' } },
  { name: 'interaction.udata.changed', data: { interactionid: EVIL, udata: { '<k>': '<v>' } } },
]));

function expectNoMarkupFromTrace(svg: string): void {
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/<img/i);
  expect(svg).not.toMatch(/<b>|<i>|<k>|<v>/);
  expect(svg.match(/<\/svg>/g)).toHaveLength(1);
}

describe('SVG export escapes trace text', () => {
  it('escapes the XML specials and drops characters XML cannot hold', () => {
    expect(escapeXml(EVIL)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos;');
    expect(escapeXml('a\u0000b\u0007c\td')).toBe('abc\td');
  });

  it('graph', () => {
    const graph = graphAt(hostile.trace, hostile.records.length - 1, null);
    const svg = graphSvg(graph, layoutGraph(graph), readTheme(), `graph of ${EVIL}`);
    expectNoMarkupFromTrace(svg);
    expect(svg).toContain('&lt;img src=x');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('ladder', () => {
    const ladder = ladderRows(hostile.trace, hostile.records, [EVIL], 1);
    const svg = ladderSvg(ladder, readTheme(), 'absolute', 1);
    expectNoMarkupFromTrace(svg);
    expect(svg).toContain('&lt;/svg&gt;&lt;script&gt;x&lt;/script&gt;');
  });

  it('timeline', () => {
    const model = lanes(hostile.trace, hostile.records);
    const svg = timelineSvg(model, hostile.records, fitRange(model.start, model.end, 800), readTheme(), 1);
    expectNoMarkupFromTrace(svg);
    expect(svg).toContain('&lt;i&gt;ringing&lt;/i&gt;');
  });
});
