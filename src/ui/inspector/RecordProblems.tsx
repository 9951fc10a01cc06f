/** Diagnostics the validator found on the record at the cursor. */
import type { Diagnostic } from '../../model/types';

const GLYPH = { error: '✖', warning: '▲', info: 'ℹ' } as const;

export function RecordProblems({ diagnostics }: { diagnostics: readonly Diagnostic[] }) {
  return (
    <ul className="insp-problems">
      {diagnostics.map((d, i) => (
        <li key={i} className={`insp-problem p-${d.severity}`}>
          <span className="insp-problem-sev" aria-label={d.severity}>
            {GLYPH[d.severity]}
          </span>
          <span className="insp-problem-rule">{d.rule}</span>
          <span className="insp-problem-msg">{d.message}</span>
        </li>
      ))}
    </ul>
  );
}
