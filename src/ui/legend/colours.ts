/**
 * Colours and line styles the three views share for what the catalogue does not colour: link
 * kinds and interaction control status. Party states use `partyStateColour` from the catalogue.
 * Mid-tone hues, chosen to stay readable on the light and the dark theme alike.
 */
import type { LinkKind } from '../../model/state';
import type { InteractionStatus } from '../../model/timeTravel';

export interface LinkStyle {
  colour: string;
  /** SVG/canvas dash pattern; empty for a solid line. */
  dash: number[];
  width: number;
  label: string;
  description: string;
}

export const LINK_STYLES: Readonly<Record<LinkKind, LinkStyle>> = {
  merge: {
    colour: '#8b5cf6',
    dash: [],
    width: 2.5,
    label: 'merge',
    description: 'interaction.onmerge: the consult (from) joins the primary (to); transfer or conference',
  },
  divert: {
    colour: '#f97316',
    dash: [6, 4],
    width: 2,
    label: 'divert',
    description: 'interaction.ondivert: the diverting party sends the call to a new destination',
  },
  singlesteptransfer: {
    colour: '#0ea5e9',
    dash: [2, 3],
    width: 2,
    label: 'single-step transfer',
    description: 'interaction.onsinglesteptransfer: the transferring party hands the call over',
  },
  singlestepconference: {
    colour: '#14b8a6',
    dash: [8, 3, 2, 3],
    width: 2,
    label: 'single-step conference',
    description: 'interaction.onsinglestepconference: the conferencing party adds a party',
  },
};

export const LINK_KINDS: readonly LinkKind[] = ['merge', 'divert', 'singlesteptransfer', 'singlestepconference'];

export const STATUS_COLOURS: Readonly<Record<InteractionStatus, string>> = {
  added: '#94a3b8',
  present: '#3b82f6',
  notcontrolled: '#f59e0b',
  deleted: '#64748b',
};

export const STATUS_LABELS: Readonly<Record<InteractionStatus, string>> = {
  added: 'added (not yet present)',
  present: 'present: the session controls it',
  notcontrolled: 'not controlled',
  deleted: 'deleted',
};

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
export function textOn(hex: string): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return '#000000';
  const n = parseInt(m[1], 16);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  return l > 0.179 ? '#111418' : '#ffffff';
}
