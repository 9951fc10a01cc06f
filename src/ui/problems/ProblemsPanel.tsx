import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { sortedDiagnostics } from '../../model/reducer';
import type { Diagnostic, Severity } from '../../model/types';
import { selectInteraction, setCursor, useStore } from '../../store/store';
import { formatCount } from '../shell/format';
import { SeverityIcon } from '../shell/SeverityIcon';
import { useFixedRows } from '../shell/useFixedRows';
import './problems.css';

const ROW_HEIGHT = 40;
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Goes to a diagnostic's record and selects its interaction. Rejected lines have no record. */
function reveal(d: Diagnostic): void {
  if (d.recordIndex >= 0) setCursor(d.recordIndex);
  if (d.interactionid !== null) selectInteraction(d.interactionid);
}

/**
 * The validator's diagnostics in file and line order, with counts per severity that double as
 * toggles. Virtualized, so ten thousand problems scroll as smoothly as ten.
 */
export function ProblemsPanel() {
  const { trace, version, cursor } = useStore(useShallow((s) => ({ trace: s.trace, version: s.version, cursor: s.cursor })));
  const [hidden, setHidden] = useState<ReadonlySet<Severity>>(() => new Set());
  const [filter, setFilter] = useState('');
  // trace is mutated in place: version says when it changed.
  const all = useMemo(() => sortedDiagnostics(trace), [trace, version]);
  const counts = useMemo(() => {
    const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const d of all) c[d.severity]++;
    return c;
  }, [all]);
  const shown = useMemo(() => {
    const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
    if (hidden.size === 0 && terms.length === 0) return all;
    return all.filter((d) => {
      if (hidden.has(d.severity)) return false;
      if (terms.length === 0) return true;
      const text = `${d.rule} ${d.file}:${d.line} ${d.interactionid ?? ''} ${d.session ?? ''} ${d.message}`.toLowerCase();
      return terms.every((t) => text.includes(t));
    });
  }, [all, hidden, filter]);
  const scroller = useRef<HTMLDivElement>(null);
  const { items, totalSize, scrollToIndex } = useFixedRows(shown.length, ROW_HEIGHT, scroller, 6);

  // Follow the cursor: bring the first problem of the current record into view.
  const atCursor = useMemo(() => shown.findIndex((d) => d.recordIndex === cursor && cursor >= 0), [shown, cursor]);
  useEffect(() => {
    if (atCursor >= 0) scrollToIndex(atCursor, { align: 'auto' });
  }, [atCursor, scrollToIndex]);

  const toggle = (sev: Severity) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(sev)) next.delete(sev);
      else next.add(sev);
      return next;
    });

  return (
    <section className="panel problems-panel" aria-label="Problems">
      <div className="panel-header">
        <h2 className="panel-title">Problems</h2>
        <span className="panel-count" data-testid="problem-count">
          {shown.length === all.length ? formatCount(all.length) : `${formatCount(shown.length)} of ${formatCount(all.length)}`}
        </span>
        <span className="sev-toggles">
          {SEVERITIES.map((sev) => (
            <button
              key={sev}
              type="button"
              className={`sev-toggle sev-${sev}${hidden.has(sev) ? ' is-off' : ''}`}
              aria-pressed={!hidden.has(sev)}
              title={`${hidden.has(sev) ? 'Show' : 'Hide'} ${sev === 'info' ? 'info' : `${sev}s`}`}
              onClick={() => toggle(sev)}
              data-testid={`problems-${sev}`}
            >
              <SeverityIcon severity={sev} />
              {formatCount(counts[sev])}
            </button>
          ))}
        </span>
      </div>
      {all.length > 0 && (
        <div className="panel-toolbar">
          <input
            type="search"
            className="filter-input"
            placeholder="Filter rule, message, file:line, interaction…"
            aria-label="Filter problems"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
      )}
      <div ref={scroller} className="panel-scroll" role="list" aria-label="Problem list">
        {shown.length === 0 ? (
          <div className="panel-empty">
            {all.length === 0 ? (
              <>
                <span className="ok-mark" aria-hidden="true">✓</span> No problems found in this trace.
              </>
            ) : (
              'No problem matches the filter or the severity toggles.'
            )}
          </div>
        ) : (
          <div className="virtual-space" style={{ height: totalSize }}>
            {items.map((item) => (
              <ProblemRow key={item.index} diagnostic={shown[item.index]} top={item.start} />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}

const ProblemRow = memo(function ProblemRow({ diagnostic: d, top }: { diagnostic: Diagnostic; top: number }) {
  const current = useStore((s) => d.recordIndex >= 0 && s.cursor === d.recordIndex);
  const where = `${d.file}:${d.line}`;
  return (
    <div
      role="listitem"
      className={`problem-row sev-${d.severity}${current ? ' is-current' : ''}${d.recordIndex < 0 ? ' is-rejected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="problem-row"
      data-rule={d.rule}
      aria-current={current ? 'true' : undefined}
      title={`${d.rule} (${d.severity}) at ${where}\n${d.message}${d.recordIndex < 0 ? '\nThis line could not be read as a record.' : ''}`}
      onClick={() => reveal(d)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          reveal(d);
        }
      }}
      tabIndex={0}
    >
      <div className="problem-line">
        <SeverityIcon severity={d.severity} />
        <span className="problem-rule">{d.rule}</span>
        {d.interactionid !== null && <span className="problem-ixn mono">{d.interactionid}</span>}
        <span className="grow" />
        <span className="problem-where mono" title={where}>
          {where}
        </span>
      </div>
      <div className="problem-message">{d.message}</div>
    </div>
  );
});
