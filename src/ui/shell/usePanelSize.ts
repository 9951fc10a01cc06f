import { useCallback, useState } from 'react';

/** A panel size in px remembered across visits (localStorage, when available). */
export function usePanelSize(key: string, initial: number): [number, (size: number) => void] {
  const storageKey = `ixnscope.panel.${key}`;
  const [size, setSize] = useState(() => {
    try {
      const saved = Number(window.localStorage.getItem(storageKey));
      return Number.isFinite(saved) && saved > 0 ? saved : initial;
    } catch {
      return initial;
    }
  });
  const update = useCallback(
    (next: number) => {
      setSize(next);
      try {
        window.localStorage.setItem(storageKey, String(next));
      } catch {
        // private mode: the size simply is not remembered
      }
    },
    [storageKey],
  );
  return [size, update];
}
