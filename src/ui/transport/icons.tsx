/** Transport icons: small inline SVGs (emoji media glyphs render unevenly across fonts). */
const PATHS = {
  stepBack: 'M4 3h2v10H4zM13 3v10L7 8z',
  stepForward: 'M10 3h2v10h-2zM3 3v10l6-5z',
  play: 'M4 2.5v11l9.5-5.5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  previousProblem: 'M2 8l5-5v3h7v4H7v3z',
  nextProblem: 'M14 8l-5-5v3H2v4h7v3z',
  previousOfInteraction: 'M3 3h2v10H3zM13 3L6 8l7 5z',
  nextOfInteraction: 'M11 3h2v10h-2zM3 3l7 5-7 5z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
