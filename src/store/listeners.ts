/**
 * A list of listeners for a module-level event: `add` returns how to remove the listener, `call`
 * calls each in the order added. Framework-free; the store and the views' shared caches use it.
 */
export interface Listeners<A extends unknown[]> {
  add(listener: (...args: A) => void): () => void;
  call(...args: A): void;
}

export function listeners<A extends unknown[] = []>(): Listeners<A> {
  const list: ((...args: A) => void)[] = [];
  return {
    add(listener) {
      list.push(listener);
      return () => {
        const at = list.indexOf(listener);
        if (at >= 0) list.splice(at, 1);
      };
    },
    call(...args) {
      for (const listener of list) listener(...args);
    },
  };
}
