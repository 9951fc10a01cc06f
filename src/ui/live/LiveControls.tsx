/**
 * Live-stream controls in the header: a status pill (connecting / live / reconnecting in Ns /
 * closed, with the reason), follow and save buttons while a session exists, and the Connect
 * dialog. On mount it connects when the page was opened with `?ws=<url>`.
 */
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { initLiveFromUrl, liveSessionFile, setFollow, useLiveStore } from '../../store/live';
import { LiveDialog } from './LiveDialog';
import { LiveStatusPill } from './LiveStatusPill';
import './live.css';

export function LiveControls() {
  const [dialogOpen, setDialogOpen] = useState(false);
  const kind = useLiveStore((s) => s.status.kind);
  const received = useLiveStore((s) => s.counts.received);
  // Follow matters only while records may still come; Save once there is something to save.
  const streaming = kind === 'connecting' || kind === 'live' || kind === 'reconnecting';
  const mounted = useRef(false);

  useEffect(() => {
    if (mounted.current) return;
    mounted.current = true;
    initLiveFromUrl();
  }, []);

  return (
    <div className="live-controls" role="group" aria-label="Live stream">
      {kind === 'idle' ? (
        <button type="button" className="live-connect" onClick={() => setDialogOpen(true)} title="Watch a live stream from ixnscope serve or ixnscope relay">
          <LiveIcon />
          Connect live…
        </button>
      ) : (
        <>
          <LiveStatusPill onOpen={() => setDialogOpen(true)} />
          {streaming && <FollowButton />}
          {(streaming || received > 0) && <SaveButton />}
        </>
      )}
      {dialogOpen && <LiveDialog onClose={() => setDialogOpen(false)} />}
    </div>
  );
}

function FollowButton() {
  const follow = useLiveStore((s) => s.follow);
  return (
    <button
      type="button"
      className={`live-follow${follow ? ' is-on' : ''}`}
      aria-pressed={follow}
      onClick={() => setFollow(!follow)}
      title={follow ? 'Following: the cursor stays on the newest record. Step or click a record to pause.' : 'Paused: click to jump to the newest record and keep following'}
    >
      <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
        <path d="M6 1.5v7M2.5 5.5 6 9l3.5-3.5M2 10.75h8" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      {follow ? 'Following' : 'Follow'}
    </button>
  );
}

function SaveButton() {
  const { received, status } = useLiveStore(useShallow((s) => ({ received: s.counts.received, status: s.status.kind })));
  const save = () => {
    const file = liveSessionFile();
    if (!file) return;
    const href = URL.createObjectURL(file.blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = file.name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  };
  return (
    <button
      type="button"
      className="live-save"
      onClick={save}
      disabled={received === 0}
      title={received === 0 ? 'Nothing received yet' : `Save the ${received.toLocaleString('en-US')} records received${status === 'live' ? ' so far' : ''} as NDJSON (seq kept)`}
    >
      <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
        <path d="M6 1.5v6.5M3 5l3 3 3-3M1.75 10.5h8.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      Save
    </button>
  );
}

export function LiveIcon() {
  return (
    <svg className="live-icon" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <circle cx="7" cy="7" r="1.75" fill="currentColor" />
      <path d="M4.2 4.2a4 4 0 0 0 0 5.6M9.8 4.2a4 4 0 0 1 0 5.6M2.4 2.4a6.5 6.5 0 0 0 0 9.2M11.6 2.4a6.5 6.5 0 0 1 0 9.2" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}
