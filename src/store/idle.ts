/**
 * Background work of the page that must not compete with what a person does: `callback` runs when
 * the page is idle, `more()` saying whether the idle period has time left. Without
 * `requestIdleCallback` (Node in tests, older browsers) it runs after `fallbackMs`, with
 * `sliceMs` to spend. `timeout`: the longest it waits for an idle period.
 */
type Idle = (callback: (deadline: { timeRemaining(): number }) => void, options?: { timeout: number }) => number;

export function whenIdle(callback: (more: () => boolean) => void, timeout: number, fallbackMs = 50, sliceMs = 8): void {
  const idle = (globalThis as { requestIdleCallback?: Idle }).requestIdleCallback;
  if (idle) {
    idle((deadline) => callback(() => deadline.timeRemaining() > 2), { timeout });
    return;
  }
  setTimeout(() => {
    const until = Date.now() + sliceMs;
    callback(() => Date.now() < until);
  }, fallbackMs);
}
