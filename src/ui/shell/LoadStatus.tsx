import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { cancelLoad, dismissLoadMessage, useStore } from '../../store/store';
import { formatBytes, formatCount, plural } from './format';

/**
 * The strip under the header: the progress of a load (bytes and records) with Cancel, or how
 * the last load ended when it did not end well (error with file and reason, cancelled).
 */
export function LoadStatus() {
  const load = useStore(useShallow((s) => s.load));
  if (load.status === 'loading') return <LoadProgressBar />;
  if (load.status === 'error' && load.error) {
    return (
      <div className="banner banner-error" role="alert" data-testid="load-error">
        <span className="banner-title">Could not read {load.error.file}</span>
        <span className="banner-text">{load.error.reason}.</span>
        <span className="banner-text muted">
          {load.keptPrevious
            ? 'Nothing of it was loaded.'
            : `Showing the ${plural(load.kept, 'record')} read before the error (partial trace).`}
        </span>
        <button type="button" className="banner-close" onClick={dismissLoadMessage} aria-label="Dismiss">
          Dismiss
        </button>
      </div>
    );
  }
  if (load.status === 'cancelled') {
    return (
      <div className="banner banner-warn" role="status" data-testid="load-cancelled">
        <span className="banner-title">Loading cancelled</span>
        <span className="banner-text">
          {load.keptPrevious
            ? 'Nothing of it was loaded.'
            : `Kept the first ${plural(load.kept, 'record')}: this trace is partial.`}
        </span>
        <button type="button" className="banner-close" onClick={dismissLoadMessage}>
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}

function LoadProgressBar() {
  const { progress, files } = useStore(useShallow((s) => ({ progress: s.load.progress, files: s.load.files })));
  // The spinner turns an eighth per progress message: it shows records coming, and no endless
  // animation keeps the compositor making frames through the load (app.css, .progress-fill).
  const [turn, setTurn] = useState(0);
  useEffect(() => setTurn((t) => t + 1), [progress]);
  const bytesRead = progress?.bytesRead ?? 0;
  const total = progress?.bytesTotal ?? null;
  const fraction = total ? Math.min(1, bytesRead / total) : null;
  const what = files.length > 1 ? `${files.length} files` : (files[0]?.name ?? 'trace');
  return (
    <div className="load-strip" role="status" aria-live="polite" data-testid="load-progress">
      <div className="load-text">
        <span className="spinner" aria-hidden="true" style={{ transform: `rotate(${(turn % 8) * 45}deg)` }} />
        <span>
          Loading <b>{what}</b>
          {files.length > 1 && progress?.file ? <span className="muted"> · reading {progress.file}</span> : null}
        </span>
        <span className="load-figures mono">
          {formatBytes(bytesRead)}
          {total ? ` of ${formatBytes(total)}` : ''} · {formatCount(progress?.recordsRead ?? 0)} records read ·{' '}
          {formatCount(progress?.recordsApplied ?? 0)} shown
        </span>
        <button type="button" className="load-cancel" onClick={cancelLoad}>
          Cancel
        </button>
      </div>
      <div
        className={`progress${fraction === null ? ' progress-indeterminate' : ''}`}
        role="progressbar"
        aria-label="Loading progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        <div className="progress-fill" style={{ transform: fraction === null ? undefined : `scaleX(${fraction})` }} />
      </div>
    </div>
  );
}
