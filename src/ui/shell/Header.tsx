import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/store';
import { LiveControls } from '../live/LiveControls';
import { formatBytes, formatCount, formatDuration, plural } from './format';
import { OpenMenu } from './OpenMenu';
import { traceFacts } from './traceFacts';
import { SeverityIcon } from './SeverityIcon';

const SEVERITY_LABEL = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'info'] } as const;

/** App header: title, Open menu, what is loaded (name, records, span) and its problem counts. */
export function Header() {
  return (
    <header className="app-header">
      <div className="brand">
        <Logo />
        <h1>ixnscope</h1>
      </div>
      <OpenMenu />
      <TraceInfo />
      <div className="header-spacer" />
      <LiveControls />
    </header>
  );
}

function Logo() {
  return (
    <svg className="logo" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
      <circle cx="5" cy="5" r="3" fill="var(--accent)" />
      <circle cx="15" cy="10" r="3" fill="var(--ok)" />
      <circle cx="5" cy="15" r="3" fill="var(--warn)" />
      <path d="M7.5 6.2 12.5 8.8M7.5 13.8 12.5 11.2" stroke="var(--fg-muted)" strokeWidth="1.5" />
    </svg>
  );
}

function TraceInfo() {
  const { source, version, partial, trace, records } = useStore(
    useShallow((s) => ({ source: s.source, version: s.version, partial: s.load.partial, trace: s.trace, records: s.records })),
  );
  // trace and records are mutated in place: version says when they changed.
  const facts = useMemo(() => traceFacts(trace, records), [trace, records, version]);
  if (!source) return <div className="trace-info muted">No trace open</div>;
  const title = source.files.map((f) => (f.size !== null ? `${f.name} (${formatBytes(f.size)})` : f.name)).join('\n');
  const span = facts.firstTime !== null && facts.lastTime !== null ? facts.lastTime - facts.firstTime : null;
  return (
    <div className="trace-info" data-testid="trace-info">
      <span className="trace-name" title={source.url ? `${title}\n${source.url}` : title}>
        {source.name}
      </span>
      {partial && (
        <span className="badge badge-warn" title="The last load stopped early: this trace is incomplete">
          partial
        </span>
      )}
      <span className="fact" title="Kept records (events and actions)">
        <b>{formatCount(facts.records)}</b> records
      </span>
      <span className="fact" title="Interactions">
        <b>{formatCount(facts.interactions)}</b> interactions
      </span>
      {span !== null && (
        <span
          className="fact"
          title={`${new Date(facts.firstTime!).toISOString()} → ${new Date(facts.lastTime!).toISOString()}`}
        >
          <b>{formatDuration(span)}</b> span
        </span>
      )}
      <span className="problem-counts" aria-label="Problems by severity">
        {(['error', 'warning', 'info'] as const).map((sev) => (
          <span
            key={sev}
            className={`problem-count sev-${sev}${facts.problems[sev] === 0 ? ' is-zero' : ''}`}
            title={plural(facts.problems[sev], SEVERITY_LABEL[sev][0], SEVERITY_LABEL[sev][1])}
            data-testid={`count-${sev}`}
          >
            <SeverityIcon severity={sev} />
            {formatCount(facts.problems[sev])}
          </span>
        ))}
      </span>
    </div>
  );
}
