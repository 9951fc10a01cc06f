/** A collapsible inspector section; stays open or closed across records. */
import { useState, type ReactNode } from 'react';

const closed = new Set<string>();

export function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  const key = id.startsWith('state-') ? 'state' : id;
  const [open, setOpen] = useState(!closed.has(key));
  return (
    <section className="insp-section" aria-label={title} data-section={key}>
      <button
        type="button"
        className="insp-section-head"
        aria-expanded={open}
        onClick={() => {
          if (open) closed.add(key);
          else closed.delete(key);
          setOpen(!open);
        }}
      >
        <span className="insp-caret">{open ? '▾' : '▸'}</span>
        {title}
      </button>
      {open && <div className="insp-section-body">{children}</div>}
    </section>
  );
}
