/**
 * Small helpers to write SVG documents as text. Everything from the trace goes through
 * `escapeXml`: a trace is untrusted input, and an exported SVG is opened by browsers and
 * pasted into tickets, so a `<script>` in a party id must stay text.
 */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe inside an XML element or a quoted attribute; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** A number as SVG wants it: short, no exponent for our ranges. */
export function n(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export interface SvgText {
  x: number;
  y: number;
  text: string;
  fill: string;
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  weight?: number;
  family?: string;
  /** Full text when `text` was shortened: kept as a tooltip (`<title>`), so nothing is lost. */
  full?: string;
}

export function svgText(t: SvgText): string {
  const attrs = [
    `x="${n(t.x)}"`,
    `y="${n(t.y)}"`,
    `fill="${escapeXml(t.fill)}"`,
    `font-size="${t.size ?? 12}"`,
    t.anchor && t.anchor !== 'start' ? `text-anchor="${t.anchor}"` : '',
    t.weight ? `font-weight="${t.weight}"` : '',
    t.family ? `font-family="${escapeXml(t.family)}"` : '',
  ].filter(Boolean);
  const title = t.full !== undefined && t.full !== t.text ? `<title>${escapeXml(t.full)}</title>` : '';
  return `<text ${attrs.join(' ')}>${title}${escapeXml(t.text)}</text>`;
}

/** A complete standalone SVG document. */
export function svgDocument(width: number, height: number, background: string, fontFamily: string, body: string[]): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${escapeXml(fontFamily)}">`,
    `<rect width="${w}" height="${h}" fill="${escapeXml(background)}"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Truncates to roughly `maxWidth` pixels at `size` px (export has no text measuring). */
export function fitText(text: string, maxWidth: number, size = 12): string {
  const max = Math.floor(maxWidth / (size * 0.6));
  if (text.length <= max) return text;
  return max <= 1 ? '' : `${text.slice(0, max - 1)}…`;
}
