/**
 * The ladder as a standalone SVG: every row of the ladder on screen (same interactions, same
 * time mode), drawn with the screen's geometry.
 */
import { partyStateColour } from '../../model/catalogue';
import type { Ladder } from '../../model/views/ladder';
import { ladderOrigin } from '../../model/views/ladderText';
import { HEADER_H, labelBox, ladderGeometry, ROW_H, rowTime, TIME_W, type TimeMode } from '../ladder/geometry';
import { textOn } from '../legend/colours';
import { fitText, n, svgDocument, svgText } from './svg';
import type { Theme } from './theme';

const TITLE = 28;

export function ladderSvg(ladder: Ladder, theme: Theme, mode: TimeMode, cursor: number): string {
  const geo = ladderGeometry(ladder);
  const left = geo.margin + 8;
  const width = left + geo.width + 8;
  const top = TITLE + HEADER_H;
  const height = top + ladder.rows.length * ROW_H + 8;
  const origin = ladderOrigin(ladder);
  const body: string[] = [];
  body.push(svgText({ x: 8, y: 18, text: `ixnscope ladder · ${ladder.interactionIds.join(' + ')}`, fill: theme.fg, size: 13, weight: 600 }));
  body.push('<defs>');
  for (const [id, colour] of [['ok', theme.fgMuted], ['err', theme.error]] as const) {
    body.push(`<marker id="head-${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${colour}"/></marker>`);
  }
  body.push('</defs>');
  body.push(`<rect x="0" y="${TITLE}" width="${width}" height="${HEADER_H}" fill="${theme.bgSubtle}"/>`);
  body.push(svgText({ x: 8, y: TITLE + 24, text: mode === 'absolute' ? 'time (UTC)' : mode === 'relative' ? 'since first' : 'since previous', fill: theme.fgMuted, size: 11 }));
  if (geo.showInteraction) body.push(svgText({ x: TIME_W, y: TITLE + 24, text: 'interaction', fill: theme.fgMuted, size: 11 }));
  ladder.columns.forEach((c, i) => {
    const x = left + geo.centres[i];
    body.push(svgText({ x, y: TITLE + 17, text: c.kind === 'session' ? 'SCXML session' : 'resource', fill: theme.fgSubtle, size: 10, anchor: 'middle' }));
    body.push(svgText({ x, y: TITLE + 32, text: fitText(c.label, geo.columnWidth - 8, 12), full: c.label, fill: theme.fg, size: 12, weight: 600, anchor: 'middle', family: theme.fontMono }));
    body.push(`<line x1="${n(x)}" y1="${top}" x2="${n(x)}" y2="${height - 4}" stroke="${theme.borderStrong}" stroke-dasharray="${c.kind === 'session' ? '0' : '3 3'}"/>`);
  });
  ladder.rows.forEach((row, i) => {
    const y = top + i * ROW_H;
    if (row.index === cursor) body.push(`<rect x="0" y="${y}" width="${width}" height="${ROW_H}" fill="${theme.bgSelected}"/>`);
    body.push(svgText({ x: 8, y: y + 19, text: rowTime(ladder, i, mode, origin), fill: theme.fgMuted, size: 11, family: theme.fontMono }));
    if (geo.showInteraction && row.interactionId) body.push(svgText({ x: TIME_W, y: y + 19, text: fitText(row.interactionId, 90, 11), full: row.interactionId, fill: theme.fgMuted, size: 11, family: theme.fontMono }));
    const box = labelBox(geo, row);
    if (row.kind === 'arrow') {
      const colour = row.error ? theme.error : theme.fgMuted;
      const a = left + geo.centres[row.from];
      const b = left + geo.centres[row.to];
      body.push(`<line x1="${n(a)}" y1="${y + 22}" x2="${n(b)}" y2="${y + 22}" stroke="${colour}" stroke-width="1.5" marker-end="url(#head-${row.error ? 'err' : 'ok'})"/>`);
      body.push(svgText({ x: left + box.left + box.width / 2, y: y + 15, text: fitText(row.text, box.width, 11), full: row.text, fill: row.error ? theme.error : theme.fg, size: 11, anchor: 'middle' }));
    } else {
      const colour = row.state ? partyStateColour(row.state) : row.error ? theme.error : theme.bgMuted;
      const text = fitText(row.text, box.width - 12, 11);
      const w = Math.min(box.width, text.length * 6.3 + 14);
      const cx = left + geo.centres[row.from];
      const x = Math.max(left + 2, Math.min(cx - w / 2, left + geo.width - w - 2));
      body.push(`<rect x="${n(x)}" y="${y + 6}" width="${n(w)}" height="18" rx="4" fill="${colour}" stroke="${theme.border}"/>`);
      body.push(svgText({ x: x + w / 2, y: y + 19, text, full: row.text, fill: row.state || row.error ? textOn(colour) : theme.fg, size: 11, anchor: 'middle' }));
    }
  });
  return svgDocument(width, height, theme.bg, theme.fontUi, body);
}
