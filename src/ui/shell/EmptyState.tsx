import { useStore } from '../../store/store';
import { openSample, pickFiles } from './openTrace';
import { useSamples } from './samples';

/** What the page shows before any trace is open: how to open one, and the samples. */
export function EmptyState() {
  const samples = useSamples();
  const loading = useStore((s) => s.load.status === 'loading');
  return (
    <main className="empty-state" data-testid="empty-state">
      <div className="empty-card">
        <h2>Open an interaction-events trace</h2>
        <p className="muted">
          Drop one or more trace files anywhere on this page, or pick them. NDJSON, JSON arrays and
          gzip files are read in the background; several files are merged by time.
        </p>
        <div className="empty-actions">
          <button type="button" className="primary" onClick={() => pickFiles(false)} disabled={loading}>
            Open files…
          </button>
          <span className="subtle">
            or link one: <code>?trace=https://…/trace.ndjson</code>
          </span>
        </div>
        {samples.length > 0 && (
          <section className="empty-samples" aria-label="Sample traces">
            <h3>Try a sample</h3>
            <ul>
              {samples.map((s) => (
                <li key={s.file}>
                  <button type="button" className="sample-card" onClick={() => openSample(s)} disabled={loading} title={s.file}>
                    <span className="sample-title">{s.title}</span>
                    <span className="sample-description">{s.description}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <p className="empty-foot subtle">
          Traces never leave this browser: files are read locally and nothing is uploaded.
        </p>
      </div>
    </main>
  );
}
