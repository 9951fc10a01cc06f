import { useEffect, useRef, useState } from 'react';
import { openFiles, useStore } from '../../store/store';

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

/**
 * Drag and drop anywhere on the page. While files are dragged over it, an overlay says what a drop
 * does; with a trace open it offers two targets: replace the trace, or add the files to it.
 */
export function DropOverlay() {
  const [active, setActive] = useState(false);
  const [zone, setZone] = useState<'replace' | 'add'>('replace');
  const depth = useRef(0);
  const hasTrace = useStore((s) => s.source !== null);

  useEffect(() => {
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setActive(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      const target = (e.target as Element | null)?.closest?.('[data-drop]');
      setZone(target?.getAttribute('data-drop') === 'add' ? 'add' : 'replace');
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setActive(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e) && !(e.dataTransfer?.files.length)) return;
      e.preventDefault();
      depth.current = 0;
      setActive(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      const add = (e.target as Element | null)?.closest?.('[data-drop]')?.getAttribute('data-drop') === 'add';
      void openFiles(files, { add: add && useStore.getState().source !== null });
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  if (!active) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className={`drop-target${zone === 'replace' ? ' is-over' : ''}`} data-drop="replace">
        <DropIcon />
        <div className="drop-title">{hasTrace ? 'Drop to replace this trace' : 'Drop to open'}</div>
        <div className="drop-hint">NDJSON, JSON array or .gz — several files are merged by time</div>
      </div>
      {hasTrace && (
        <div className={`drop-target${zone === 'add' ? ' is-over' : ''}`} data-drop="add">
          <DropIcon plus />
          <div className="drop-title">Drop to add to this trace</div>
          <div className="drop-hint">Merged by time with the files already open</div>
        </div>
      )}
    </div>
  );
}

function DropIcon({ plus = false }: { plus?: boolean }) {
  return (
    <svg width="40" height="40" viewBox="0 0 40 40" aria-hidden="true">
      <path d="M10 4h14l8 8v24H10z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      <path d="M24 4v8h8" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      {plus ? (
        <path d="M21 18v12M15 24h12" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
      ) : (
        <path d="M21 18v11M16 24.5l5 5 5-5" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
      )}
    </svg>
  );
}
