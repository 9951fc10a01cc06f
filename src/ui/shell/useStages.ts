import { useEffect, useState } from 'react';

/**
 * Counts from 0 up to `count`, one step per frame after the component mounted: a layout that
 * shows its panels at `stage >= k` mounts them one per frame. Mounting every panel of the
 * workspace at once (table, lists, graph, inspector) was one task of 80-160 ms beside a loading
 * worker (render, style and layout of it all), then a first paint of 60-90 ms; one panel per
 * frame keeps each short. The next step waits for a frame and then a task (so that the frame's
 * layout is not the next step's), or 100 ms where frames do not come (a hidden tab).
 */
export function useStages(count: number): number {
  const [stage, setStage] = useState(0);
  useEffect(() => {
    if (stage >= count) return;
    let done = false;
    let timer = 0;
    const step = () => {
      if (done) return;
      done = true;
      setStage((s) => s + 1);
    };
    const frame = requestAnimationFrame(() => {
      clearTimeout(timer);
      timer = window.setTimeout(step, 0);
    });
    timer = window.setTimeout(step, 100);
    return () => {
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [stage, count]);
  return stage;
}
