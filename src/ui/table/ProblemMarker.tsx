/** Severity icon of a record's diagnostics; the messages are its tooltip. */
import { SEVERITY_RANK, type Diagnostic, type Severity } from '../../model/types';

const GLYPH: Record<Severity, string> = { error: '✖', warning: '▲', info: 'ℹ' };

export function worstSeverity(diagnostics: readonly Diagnostic[]): Severity {
  let worst: Severity = 'info';
  for (const d of diagnostics) if (SEVERITY_RANK[d.severity] > SEVERITY_RANK[worst]) worst = d.severity;
  return worst;
}

export function ProblemMarker({ diagnostics }: { diagnostics: readonly Diagnostic[] }) {
  const severity = worstSeverity(diagnostics);
  const title = diagnostics.map((d) => `${d.severity} ${d.rule}: ${d.message}`).join('\n');
  return (
    <span className={`sev sev-${severity}`} title={title} aria-label={`${diagnostics.length} problem(s): ${title}`}>
      {GLYPH[severity]}
    </span>
  );
}
