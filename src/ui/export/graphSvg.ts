/**
 * The party graph as a standalone SVG, drawn from the same graph and layout as the screen (the
 * graph at the cursor for the selection), so the export is what the view shows.
 */
import { partyStateColour } from '../../model/catalogue';
import type { PartyGraph } from '../../model/views/graph';
import { boxOf, type Box, type GraphLayout } from '../graph/layout';
import { LINK_STYLES, STATUS_COLOURS, textOn } from '../legend/colours';
import { escapeXml, fitText, n, svgDocument, svgText } from './svg';
import type { Theme } from './theme';

const MARGIN = 24;

export function graphSvg(graph: PartyGraph, layout: GraphLayout, theme: Theme, title: string): string {
  const body: string[] = [];
  const abs = new Map<string, Box>();
  const top = 40;
  body.push(svgText({ x: MARGIN, y: 24, text: title, fill: theme.fg, size: 13, weight: 600 }));
  body.push('<defs>');
  for (const [kind, s] of Object.entries(LINK_STYLES)) {
    body.push(`<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${s.colour}"/></marker>`);
  }
  body.push('</defs>');

  for (const group of graph.groups) {
    const g = layout.groups.get(group.id);
    if (!g) continue;
    const box = { ...g, x: g.x + MARGIN, y: g.y + top };
    abs.set(group.id, box);
    const opacity = group.faded ? ' opacity="0.5"' : '';
    body.push(`<g${opacity}>`);
    body.push(`<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="8" fill="${theme.bgSubtle}" stroke="${group.changed ? theme.accent : theme.borderStrong}" stroke-width="${group.changed ? 2 : 1}"/>`);
    const kind = [group.media, group.type].filter(Boolean).join(' · ');
    body.push(svgText({ x: box.x + 12, y: box.y + 22, text: group.id, fill: theme.fg, size: 12, weight: 600, family: theme.fontMono }));
    body.push(svgText({ x: box.x + 12 + group.id.length * 7.4 + 10, y: box.y + 22, text: fitText(kind, box.width - 200, 11), full: kind, fill: theme.fgMuted, size: 11 }));
    body.push(svgText({ x: box.x + box.width - 12, y: box.y + 22, text: group.status === 'notcontrolled' ? 'not controlled' : group.status, fill: STATUS_COLOURS[group.status], size: 11, anchor: 'end', weight: 600 }));
    body.push('</g>');
  }

  for (const node of graph.nodes) {
    const rel = boxOf(layout, node);
    const g = abs.get(node.interactionId);
    if (!rel || !g) continue;
    const box = { ...rel, x: g.x + rel.x, y: g.y + rel.y };
    abs.set(node.id, box);
    const opacity = node.faded ? ' opacity="0.5"' : '';
    body.push(`<g${opacity}>`);
    if (node.kind === 'resource') {
      body.push(`<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="6" fill="${theme.bg}" stroke="${theme.fgSubtle}" stroke-dasharray="4 3"/>`);
      body.push(svgText({ x: box.x + box.width / 2, y: box.y + 17, text: fitText(node.resource ?? '?', box.width - 12), full: node.resource ?? '?', fill: theme.fg, anchor: 'middle', family: theme.fontMono }));
      body.push(svgText({ x: box.x + box.width / 2, y: box.y + 31, text: 'destination', fill: theme.fgMuted, size: 10, anchor: 'middle' }));
    } else {
      const colour = partyStateColour(node.state);
      const state = node.state ?? 'no state';
      body.push(`<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="6" fill="${theme.bg}" stroke="${node.changed ? theme.accent : theme.border}" stroke-width="${node.changed ? 2 : 1}"${node.faded ? ' stroke-dasharray="4 3"' : ''}/>`);
      body.push(`<rect x="${n(box.x)}" y="${n(box.y)}" width="5" height="${n(box.height)}" rx="2" fill="${colour}"/>`);
      body.push(svgText({ x: box.x + 14, y: box.y + 22, text: fitText(node.resource ?? '?', box.width - 24, 13), full: node.resource ?? '?', fill: theme.fg, size: 13, weight: 600, family: theme.fontMono }));
      body.push(svgText({ x: box.x + 14, y: box.y + 43, text: node.partyId ?? '', fill: theme.fgMuted, size: 11, family: theme.fontMono }));
      const chipX = box.x + 14 + (node.partyId ?? '').length * 6.8 + 8;
      const chipW = state.length * 6.4 + 12;
      body.push(`<rect x="${n(chipX)}" y="${n(box.y + 32)}" width="${n(chipW)}" height="16" rx="8" fill="${colour}"/>`);
      body.push(svgText({ x: chipX + chipW / 2, y: box.y + 44, text: state, fill: textOn(colour), size: 10.5, anchor: 'middle', weight: 600 }));
      if (node.deleted) body.push(svgText({ x: chipX + chipW + 6, y: box.y + 44, text: 'deleted', fill: theme.fgMuted, size: 10 }));
    }
    body.push('</g>');
  }

  for (const edge of graph.edges) {
    const s = abs.get(edge.source);
    const t = abs.get(edge.target);
    if (!s || !t) continue;
    const style = LINK_STYLES[edge.kind];
    const x1 = s.x + s.width;
    const y1 = s.y + s.height / 2;
    const x2 = t.x;
    const y2 = t.y + t.height / 2;
    const dx = Math.max(40, Math.abs(x2 - x1) / 2);
    const d = `M${n(x1)} ${n(y1)} C${n(x1 + dx)} ${n(y1)} ${n(x2 - dx)} ${n(y2)} ${n(x2)} ${n(y2)}`;
    body.push(`<path d="${d}" fill="none" stroke="${style.colour}" stroke-width="${edge.changed ? style.width + 1.5 : style.width}"${style.dash.length ? ` stroke-dasharray="${style.dash.join(' ')}"` : ''} marker-end="url(#arrow-${edge.kind})"/>`);
    const mx = (x1 + x2) / 2;
    const my = (y1 + y2) / 2;
    const w = edge.label.length * 6.4 + 14;
    body.push(`<rect x="${n(mx - w / 2)}" y="${n(my - 10)}" width="${n(w)}" height="20" rx="10" fill="${theme.bg}" stroke="${style.colour}"/>`);
    body.push(svgText({ x: mx, y: my + 4, text: edge.label, fill: style.colour, size: 11, anchor: 'middle', weight: 600 }));
  }
  return svgDocument(layout.width + MARGIN * 2, layout.height + top + MARGIN, theme.bg, theme.fontUi, body).replace('<svg ', `<svg aria-label="${escapeXml(title)}" `);
}
