/**
 * The theme as concrete colours, read from the CSS variables of `app.css` (light or dark per
 * prefers-color-scheme). Canvas drawing and SVG export cannot use `var(--x)`, so they read
 * this once per draw / export; the exported picture then matches what is on screen.
 */
export interface Theme {
  bg: string;
  bgSubtle: string;
  bgMuted: string;
  bgSelected: string;
  fg: string;
  fgMuted: string;
  fgSubtle: string;
  border: string;
  borderStrong: string;
  accent: string;
  accentFg: string;
  error: string;
  warn: string;
  fontUi: string;
  fontMono: string;
}

const LIGHT: Theme = {
  bg: '#ffffff',
  bgSubtle: '#f6f7f9',
  bgMuted: '#eceef2',
  bgSelected: '#dbe7ff',
  fg: '#1c1f24',
  fgMuted: '#5c6470',
  fgSubtle: '#8a919c',
  border: '#d9dde3',
  borderStrong: '#b9c0ca',
  accent: '#2f6feb',
  accentFg: '#ffffff',
  error: '#cf222e',
  warn: '#b58400',
  fontUi: 'system-ui, sans-serif',
  fontMono: 'ui-monospace, monospace',
};

const VARS: Record<keyof Theme, string> = {
  bg: '--bg',
  bgSubtle: '--bg-subtle',
  bgMuted: '--bg-muted',
  bgSelected: '--bg-selected',
  fg: '--fg',
  fgMuted: '--fg-muted',
  fgSubtle: '--fg-subtle',
  border: '--border',
  borderStrong: '--border-strong',
  accent: '--accent',
  accentFg: '--accent-fg',
  error: '--error',
  warn: '--warn',
  fontUi: '--font-ui',
  fontMono: '--font-mono',
};

/** Current theme colours; the light defaults when there is no document (tests). */
export function readTheme(element: Element | null = typeof document !== 'undefined' ? document.documentElement : null): Theme {
  if (!element) return LIGHT;
  const style = getComputedStyle(element);
  const out = { ...LIGHT };
  for (const key of Object.keys(VARS) as (keyof Theme)[]) {
    const v = style.getPropertyValue(VARS[key]).trim();
    if (v) out[key] = v;
  }
  return out;
}
