import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useStore } from '../../store/store';
import { openLink, openSample, pickFiles } from './openTrace';
import { useSamples } from './samples';

/** "Open ▾": files (replace or add), a URL, and the built-in samples with one-line descriptions. */
export function OpenMenu() {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const hasTrace = useStore((s) => s.source !== null);
  const samples = useSamples();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  // Ctrl/Cmd+O opens the file dialog, as in a desktop tool.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        pickFiles(e.shiftKey);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const run = (action: () => void) => {
    setOpen(false);
    action();
  };
  const submitUrl = (e: FormEvent) => {
    e.preventDefault();
    const value = url.trim();
    if (value === '') return;
    run(() => openLink(value));
  };

  return (
    <div className="open-menu" ref={root}>
      <button type="button" className="primary open-menu-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Open <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="menu open-menu-popover" role="menu" aria-label="Open a trace">
          <button type="button" role="menuitem" className="menu-item" onClick={() => run(() => pickFiles(false))}>
            <span className="menu-item-title">Open files…</span>
            <span className="menu-item-hint">Replaces the trace · <kbd>Ctrl</kbd>+<kbd>O</kbd></span>
          </button>
          <button type="button" role="menuitem" className="menu-item" disabled={!hasTrace} onClick={() => run(() => pickFiles(true))}>
            <span className="menu-item-title">Add files…</span>
            <span className="menu-item-hint">Merged by time into the trace on screen</span>
          </button>
          <form className="menu-url" onSubmit={submitUrl}>
            <input
              type="text"
              inputMode="url"
              spellCheck={false}
              placeholder="https://…/trace.ndjson.gz"
              aria-label="Trace URL"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
            <button type="submit" disabled={url.trim() === ''}>
              Open URL
            </button>
          </form>
          <div className="menu-section" role="presentation">
            Samples
          </div>
          {samples.map((s) => (
            <button
              key={s.file}
              type="button"
              role="menuitem"
              className="menu-item"
              title={`${s.description}\n${s.file}`}
              onClick={() => run(() => openSample(s))}
            >
              <span className="menu-item-title">{s.title}</span>
              <span className="menu-item-hint">{s.description}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
