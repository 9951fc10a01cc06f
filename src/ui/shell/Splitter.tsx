import { useCallback, useRef, type KeyboardEvent, type PointerEvent } from 'react';

interface SplitterProps {
  /** 'x' resizes widths (a vertical bar), 'y' heights. */
  axis: 'x' | 'y';
  /** Current size of the panel the splitter resizes, in px. */
  size: number;
  onSize: (size: number) => void;
  min: number;
  max: number;
  /** The panel grows when the pointer moves right/down (1) or left/up (-1). */
  direction?: 1 | -1;
  label: string;
}

/** A drag handle between two panels; arrow keys resize it too. */
export function Splitter({ axis, size, onSize, min, max, direction = 1, label }: SplitterProps) {
  const start = useRef<{ pos: number; size: number } | null>(null);
  const clamp = useCallback((v: number) => Math.round(Math.max(min, Math.min(max, v))), [min, max]);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { pos: axis === 'x' ? e.clientX : e.clientY, size };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    const delta = (axis === 'x' ? e.clientX : e.clientY) - start.current.pos;
    onSize(clamp(start.current.size + direction * delta));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    start.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 64 : 16;
    const grow = axis === 'x' ? 'ArrowRight' : 'ArrowDown';
    const shrink = axis === 'x' ? 'ArrowLeft' : 'ArrowUp';
    if (e.key === grow) onSize(clamp(size + direction * step));
    else if (e.key === shrink) onSize(clamp(size - direction * step));
    else return;
    e.preventDefault();
  };

  return (
    <div
      className={`splitter splitter-${axis}`}
      role="separator"
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-label={label}
      aria-valuenow={size}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
