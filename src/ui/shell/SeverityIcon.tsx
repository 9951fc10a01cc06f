import type { Severity } from '../../model/types';

/** Small severity glyph: drawn, so it reads the same in every font and theme. */
export function SeverityIcon({ severity }: { severity: Severity }) {
  const label = severity === 'error' ? 'Error' : severity === 'warning' ? 'Warning' : 'Info';
  return (
    <svg className={`sev-icon sev-${severity}`} width="12" height="12" viewBox="0 0 12 12" role="img" aria-label={label}>
      {severity === 'error' && (
        <>
          <circle cx="6" cy="6" r="5.5" fill="currentColor" />
          <path d="M4 4l4 4M8 4l-4 4" stroke="var(--bg)" strokeWidth="1.4" strokeLinecap="round" />
        </>
      )}
      {severity === 'warning' && (
        <>
          <path d="M6 .8 11.4 10.8H.6Z" fill="currentColor" />
          <path d="M6 4.3v3.1" stroke="var(--bg)" strokeWidth="1.4" strokeLinecap="round" />
          <circle cx="6" cy="9.1" r=".8" fill="var(--bg)" />
        </>
      )}
      {severity === 'info' && (
        <>
          <circle cx="6" cy="6" r="5.5" fill="currentColor" />
          <path d="M6 5.4v3.3" stroke="var(--bg)" strokeWidth="1.4" strokeLinecap="round" />
          <circle cx="6" cy="3.5" r=".8" fill="var(--bg)" />
        </>
      )}
    </svg>
  );
}
