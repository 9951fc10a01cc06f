/** Column headers with drag handles to resize; scrolled horizontally with the body. */
import type { PointerEvent as ReactPointerEvent } from 'react';
import type { ColumnDef } from './columns';

interface Props {
  columns: readonly ColumnDef[];
  widths: Readonly<Record<string, number>>;
  onResize(id: string, width: number): void;
  scrollLeft: number;
}

export function TableHeader({ columns, widths, onResize, scrollLeft }: Props) {
  const startResize = (column: ColumnDef, e: ReactPointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const startX = e.clientX;
    const startWidth = widths[column.id] ?? column.width;
    const move = (ev: PointerEvent) => onResize(column.id, Math.max(column.minWidth, Math.round(startWidth + ev.clientX - startX)));
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };
  return (
    <div className="evt-head-clip">
      <div className="evt-head" role="row" style={{ transform: `translateX(${-scrollLeft}px)` }}>
        {columns.map((c) => (
          <div key={c.id} className={`evt-hcell c-${c.id}`} role="columnheader" title={c.description}>
            <span>{c.title}</span>
            {c.id !== 'problem' && (
              <div
                className="evt-resize"
                role="separator"
                aria-orientation="vertical"
                aria-label={`Resize ${c.title}`}
                onPointerDown={(e) => startResize(c, e)}
                onDoubleClick={() => onResize(c.id, c.width)}
              />
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
