/**
 * The Connect dialog: a WebSocket URL (and optional token) to watch, and, while a session
 * exists, what it has received, with Reconnect now and Disconnect.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { checkLiveUrl, redactToken } from '../../model/live/urls';
import { connectLive, disconnectLive, dismissLiveNotice, reconnectLiveNow, useLiveStore } from '../../store/live';
import { useStore } from '../../store/store';
import { statusWords } from './LiveStatusPill';

const LAST_URL_KEY = 'ixnscope.live.url';

function rememberedUrl(): string {
  try {
    return localStorage.getItem(LAST_URL_KEY) ?? 'ws://127.0.0.1:8790';
  } catch {
    return 'ws://127.0.0.1:8790';
  }
}

export function LiveDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { status, counts, notice } = useLiveStore(useShallow((s) => ({ status: s.status, counts: s.counts, notice: s.notice })));
  const hasTrace = useStore((s) => s.source !== null && s.records.length > 0);
  const active = status.kind === 'connecting' || status.kind === 'live' || status.kind === 'reconnecting';
  const [url, setUrl] = useState(() => ('url' in status && status.url ? stripToken(status.url) : rememberedUrl()));
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const words = statusWords(status, status.kind === 'reconnecting' ? Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000)) : null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkLiveUrl(url.trim());
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    let target = checked.url;
    if (token) {
      const u = new URL(target);
      u.searchParams.set('token', token);
      target = u.toString();
    }
    try {
      localStorage.setItem(LAST_URL_KEY, stripToken(checked.url));
    } catch {
      // Private mode: nothing to remember.
    }
    connectLive(target);
    onClose();
  };

  return (
    <dialog ref={ref} className="live-dialog" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit}>
        <h2 id={titleId}>Live stream</h2>
        {status.kind !== 'idle' && (
          <dl className="live-facts">
            <dt>Status</dt>
            <dd>
              {words.label}
              {words.reason ? ` — ${words.reason}` : ''}
            </dd>
            {'url' in status && status.url && (
              <>
                <dt>Stream</dt>
                <dd className="mono">{redactToken(status.url)}</dd>
              </>
            )}
            {status.kind === 'live' && (
              <>
                <dt>Server</dt>
                <dd>{status.server}</dd>
              </>
            )}
            <dt>Received</dt>
            <dd className="mono">
              {counts.received.toLocaleString('en-US')} records · last seq {counts.lastSeq.toLocaleString('en-US')}
            </dd>
            <dt>Resumes</dt>
            <dd className="mono">
              {counts.reconnects} reconnects · {counts.duplicates} duplicates dropped · {counts.lost} lost
              {counts.streamRestarts > 0 ? ` · server restarted ${counts.streamRestarts}×` : ''}
            </dd>
            {notice && (
              <>
                <dt>Note</dt>
                <dd className="live-notice">
                  {notice}{' '}
                  <button type="button" className="link-button" onClick={dismissLiveNotice}>
                    Dismiss
                  </button>
                </dd>
              </>
            )}
          </dl>
        )}
        <label className="live-field">
          <span>WebSocket URL</span>
          <input
            name="url"
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              setError(null);
            }}
            placeholder="ws://127.0.0.1:8790"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error !== null}
            autoFocus
          />
        </label>
        <label className="live-field">
          <span>
            Token <span className="subtle">(if the server was started with --token)</span>
          </span>
          <input name="token" type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
        </label>
        {error && (
          <p className="live-error" role="alert">
            {error}
          </p>
        )}
        <p className="live-hint subtle">
          Start a stream with <code>ixnscope serve trace.ndjson</code> (replay) or <code>ixnscope relay</code> (publish from your
          application).{hasTrace ? ' Connecting replaces the trace on screen.' : ''}
        </p>
        <div className="live-actions">
          {status.kind === 'reconnecting' && (
            <button type="button" onClick={() => reconnectLiveNow()}>
              Reconnect now
            </button>
          )}
          {active && (
            <button type="button" onClick={() => disconnectLive()}>
              Disconnect
            </button>
          )}
          <span className="grow" />
          <button type="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Connect
          </button>
        </div>
      </form>
    </dialog>
  );
}

function stripToken(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.delete('token');
    u.searchParams.delete('since');
    u.searchParams.delete('stream');
    return u.toString();
  } catch {
    return url;
  }
}
