import { useCallback } from 'react';
import { filesPicked, registerFileInput } from './openTrace';

/** The page's one file input: several files at once, merged by time. */
export function FilePicker() {
  const ref = useCallback((el: HTMLInputElement | null) => registerFileInput(el), []);
  return (
    <input
      ref={ref}
      type="file"
      multiple
      className="visually-hidden"
      aria-label="Trace files"
      tabIndex={-1}
      data-testid="file-input"
      onChange={(e) => filesPicked(e.currentTarget.files)}
    />
  );
}
