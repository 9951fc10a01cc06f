/** The live status pill: one glance says whether records are flowing, and why not. */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LiveStatus } from '../../ingest/live';
import { redactToken } from '../../model/live/urls';
import { useLiveStore } from '../../store/live';

/** Seconds until `at`, re-rendered every half second while counting. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function statusWords(status: LiveStatus, seconds: number | null): { label: string; reason: string | null } {
  switch (status.kind) {
    case 'idle':
      return { label: 'Not connected', reason: null };
    case 'connecting':
      return { label: status.attempt > 0 ? 'Reconnecting…' : 'Connecting…', reason: null };
    case 'live':
      return { label: 'Live', reason: null };
    case 'reconnecting':
      return { label: seconds !== null && seconds > 0 ? `Reconnecting in ${seconds}s` : 'Reconnecting…', reason: status.reason };
    case 'closed':
      return { label: status.finished ? 'Ended' : 'Closed', reason: status.reason };
  }
}

export function LiveStatusPill({ onOpen }: { onOpen: () => void }) {
  const { status, counts, notice } = useLiveStore(useShallow((s) => ({ status: s.status, counts: s.counts, notice: s.notice })));
  const seconds = useSecondsUntil(status.kind === 'reconnecting' ? status.retryAt : null);
  const { label, reason } = statusWords(status, seconds);
  const tone = status.kind === 'closed' ? (status.error ? 'error' : 'done') : status.kind;
  const url = 'url' in status && status.url ? redactToken(status.url) : '';
  const received = counts.received.toLocaleString('en-US');
  const trouble = counts.lost > 0 || counts.streamRestarts > 0;
  const title = [
    `${label}${reason ? `: ${reason}` : ''}`,
    url && `Stream: ${url}`,
    `${received} records received · ${counts.duplicates} duplicates dropped · ${counts.lost} lost · ${counts.reconnects} reconnects`,
    notice,
    'Click for details',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <button type="button" className={`live-pill tone-${tone}`} onClick={onOpen} title={title} data-testid="live-status" aria-label={`Live stream: ${label}${reason ? `, ${reason}` : ''}; ${received} records`}>
      <span className="live-dot" aria-hidden="true" />
      <span className="live-label">{label}</span>
      {(status.kind === 'live' || (status.kind === 'closed' && counts.received > 0)) && (
        <span className="live-count" data-testid="live-count">
          {received}
        </span>
      )}
      {reason && <span className="live-reason">{reason}</span>}
      {trouble && (
        <span className="live-trouble" data-testid="live-trouble">
          {counts.lost > 0 ? `${counts.lost.toLocaleString('en-US')} lost` : 'restarted'}
        </span>
      )}
    </button>
  );
}
