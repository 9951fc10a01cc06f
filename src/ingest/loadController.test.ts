import { describe, expect, it } from 'vitest';
import { TraceParser } from '../model/parser';
import type { TraceRecord } from '../model/types';
import { LOAD_MARKS, startLoad, type LoadSink, type WorkerLike } from './loadController';
import { RecordEncoder } from './batchCodec';
import type { WorkerMessage } from './protocol';

function records(n: number): TraceRecord[] {
  const p = new TraceParser('t.ndjson');
  const text = Array.from({ length: n }, (_, i) => JSON.stringify({ ts: `2026-01-01T00:00:0${i}.000Z`, name: 'interaction.added', data: { interactionid: `I${i}` } })).join('\n');
  return p.push(text).records.concat(p.end().records);
}

/** A worker the test drives by hand. */
function fakeWorker() {
  const w: WorkerLike & { terminated: boolean; send(m: WorkerMessage): void } = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    terminated: false,
    postMessage() {},
    terminate() {
      w.terminated = true;
    },
    send(m) {
      if (!w.terminated) w.onmessage?.({ data: m } as MessageEvent<WorkerMessage>);
    },
  };
  return w;
}

function sink(append?: (n: number) => void) {
  const got: TraceRecord[] = [];
  let begun = 0;
  const s: LoadSink = {
    begin: () => void begun++,
    append(r) {
      append?.(got.length);
      got.push(...r);
    },
    notify() {},
    progress() {},
  };
  return { s, got, begun: () => begun };
}

// Runs scheduled slices on a timer, like the page does between tasks.
const schedule = (cb: () => void) => setTimeout(cb, 0);


/**
 * Lets the loader's task chain run out: zero-delay timers, each queued behind the hops the loader
 * queued before it (a 5 ms wait was beaten by a busy machine: the suite failed once when a
 * redraw came after it).
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 25; i++) await new Promise((r) => setTimeout(r, 0));
}

describe('startLoad when the worker crashes', () => {
  it('an error event keeps the records already received and ends with the reason', async () => {
    const worker = fakeWorker();
    const { s, got, begun } = sink();
    const handle = startLoad([], s, { createWorker: () => worker, schedule });
    const encoder = new RecordEncoder();
    worker.send({ type: 'batch', records: encoder.encode(records(3)), rejected: [], rejectedCount: 0 });
    worker.onerror!({ message: 'Uncaught RangeError: boom', preventDefault() {} } as ErrorEvent);
    worker.send({ type: 'batch', records: encoder.encode(records(2)), rejected: [], rejectedCount: 0 }); // after the crash: ignored
    const outcome = await handle.outcome;
    expect(outcome).toMatchObject({ status: 'error', reason: 'the loader stopped: Uncaught RangeError: boom', records: 3, begun: true });
    expect(got.length).toBe(3);
    expect(begun()).toBe(1);
    expect(worker.terminated).toBe(true);
  });

  it('a messageerror ends the load with a reason instead of waiting forever', async () => {
    const worker = fakeWorker();
    const { s } = sink();
    const handle = startLoad([], s, { createWorker: () => worker, schedule });
    worker.onmessageerror!({} as MessageEvent);
    expect(await handle.outcome).toMatchObject({ status: 'error', reason: expect.stringMatching(/messageerror/), records: 0, begun: false });
  });

  it('a failure applying records ends the load with the reason and keeps what was applied', async () => {
    const worker = fakeWorker();
    const { s, got } = sink((n) => {
      if (n >= 2) throw new Error('reducer bug');
    });
    const handle = startLoad([], s, { createWorker: () => worker, schedule, chunk: 2 });
    worker.send({ type: 'batch', records: new RecordEncoder().encode(records(5)), rejected: [], rejectedCount: 0 });
    worker.send({ type: 'done', records: 5, rejected: 0, bytes: 0 });
    expect(await handle.outcome).toMatchObject({ status: 'error', reason: 'applying records failed: reducer bug', records: 2, begun: true });
    expect(got.length).toBe(2);
  });
});

describe('startLoad while records stream in', () => {
  it('redraws in tasks of their own and hands over where each slice can be rebuilt from', async () => {
    const worker = fakeWorker();
    let task = 0;
    const appliedIn = new Set<number>();
    const notifiedIn: number[] = [];
    const froms: { offset: number; count: number }[] = [];
    const s: LoadSink = {
      begin() {},
      append(_records, _rejected, _count, _notify, from) {
        appliedIn.add(task);
        if (from) froms.push({ offset: from.offset, count: from.segment.count });
      },
      notify: () => void notifiedIn.push(task),
      progress() {},
    };
    let clock = 0;
    const handle = startLoad([], s, {
      createWorker: () => worker,
      // Every scheduled callback is a task of its own; each slice takes 1 ms of the fake clock.
      schedule: (cb) => setTimeout(() => {
        task++;
        cb();
      }, 0),
      now: () => clock++,
      chunk: 2,
      sliceMs: 1,
      notifyEveryMs: 0,
    });
    const encoder = new RecordEncoder();
    worker.send({ type: 'batch', records: encoder.encode(records(5)), rejected: [], rejectedCount: 0 });
    worker.send({ type: 'batch', records: encoder.encode(records(3)), rejected: [], rejectedCount: 0 });
    worker.send({ type: 'done', records: 8, rejected: 0, bytes: 0 });
    expect(await handle.outcome).toMatchObject({ status: 'done', records: 8 });
    // Redraws while loading came in tasks that applied nothing (the last one ends the load).
    const whileLoading = notifiedIn.slice(0, -1);
    expect(whileLoading.length).toBeGreaterThan(0);
    for (const t of whileLoading) expect(appliedIn.has(t)).toBe(false);
    expect(froms).toEqual([
      { offset: 0, count: 5 },
      { offset: 2, count: 5 },
      { offset: 4, count: 5 },
      { offset: 0, count: 3 },
      { offset: 2, count: 3 },
    ]);
  });
});

describe('startLoad in the performance timeline', () => {
  const at = (name: string): number[] => performance.getEntriesByName(name, 'mark').map((e) => e.startTime);

  it('marks the start, the worker finishing (on its clock) and the end, and measures the load', async () => {
    const worker = fakeWorker();
    const { s } = sink();
    const handle = startLoad([], s, { createWorker: () => worker, schedule });
    const encoder = new RecordEncoder();
    worker.send({ type: 'batch', records: encoder.encode(records(3)), rejected: [], rejectedCount: 0 });
    const finishedAt = performance.timeOrigin + performance.now();
    worker.send({ type: 'done', records: 3, rejected: 0, bytes: 10, finishedAt });
    await handle.outcome;
    const [start] = at(LOAD_MARKS.start);
    const [workerDone] = at(LOAD_MARKS.worker);
    const [done] = at(LOAD_MARKS.done);
    expect(workerDone).toBeCloseTo(finishedAt - performance.timeOrigin, 3);
    expect(start).toBeLessThanOrEqual(workerDone);
    expect(workerDone).toBeLessThanOrEqual(done);
    expect(performance.getEntriesByName('ixnscope load', 'measure')).toHaveLength(1);
    expect(performance.getEntriesByName('ixnscope load: worker part', 'measure')).toHaveLength(1);

    // The next load keeps only its own marks; a worker without a clock leaves its mark out.
    const again = fakeWorker();
    const next = startLoad([], sink().s, { createWorker: () => again, schedule });
    again.send({ type: 'done', records: 0, rejected: 0, bytes: 0 });
    await next.outcome;
    expect(at(LOAD_MARKS.start)).toHaveLength(1);
    expect(at(LOAD_MARKS.start)[0]).toBeGreaterThanOrEqual(done);
    expect(at(LOAD_MARKS.worker)).toEqual([]);
    expect(performance.getEntriesByName('ixnscope load', 'measure')).toHaveLength(1);
    expect(performance.getEntriesByName('ixnscope load: worker part', 'measure')).toEqual([]);
  });
});

describe('startLoad progress', () => {
  it('never says fewer records read than shown, though the worker counts between batches', async () => {
    const worker = fakeWorker();
    const seen: { read: number; shown: number }[] = [];
    const s: LoadSink = { begin() {}, append() {}, notify() {}, progress: (p) => void seen.push({ read: p.recordsRead, shown: p.recordsApplied }) };
    const handle = startLoad([], s, { createWorker: () => worker, schedule, notifyEveryMs: 0 });
    const encoder = new RecordEncoder();
    // The worker counted 2 lines, then posted a batch of 3 records and 1 rejected line.
    worker.send({ type: 'progress', bytesRead: 10, bytesTotal: 100, recordsRead: 2, file: 'f' });
    worker.send({ type: 'batch', records: encoder.encode(records(3)), rejected: [], rejectedCount: 1 });
    await settle();
    worker.send({ type: 'progress', bytesRead: 20, bytesTotal: 100, recordsRead: 3, file: 'f' });
    worker.send({ type: 'done', records: 3, rejected: 1, bytes: 100 });
    await handle.outcome;
    expect(seen[0]).toEqual({ read: 2, shown: 0 });
    expect(seen.some((p) => p.shown === 3)).toBe(true);
    for (const p of seen) expect(p.read).toBeGreaterThanOrEqual(p.shown);
    expect(seen.at(-1)!.read).toBe(4);
  });
});

describe('startLoad redraw cadence', () => {
  /** A load driven by a fake clock and a fake delay; each batch applied in the tasks that follow it. */
  function cadence(notifyEveryMs: number) {
    const worker = fakeWorker();
    const clock = { t: 0 };
    let notified = 0;
    const shown: number[] = [];
    const held: { cb: () => void; ms: number; cancelled: boolean }[] = [];
    const handle = startLoad([], { begin() {}, append() {}, notify: () => void notified++, progress: (p) => void shown.push(p.recordsApplied) }, {
      createWorker: () => worker,
      schedule: (cb) => setTimeout(cb, 0),
      now: () => clock.t,
      notifyEveryMs,
      delay: (cb, ms) => {
        const h = { cb, ms, cancelled: false };
        held.push(h);
        return () => void (h.cancelled = true);
      },
    });
    const encoder = new RecordEncoder();
    return {
      worker,
      clock,
      held,
      handle,
      notified: () => notified,
      shown: () => shown.at(-1),
      batch: async (n: number) => {
        worker.send({ type: 'batch', records: encoder.encode(records(n)), rejected: [], rejectedCount: 0 });
        await settle();
      },
    };
  }

  it('holds the redraw until the interval is up when the page has caught up, instead of redrawing at every batch', async () => {
    const c = cadence(100);
    await c.batch(3);
    // Applied before the interval was up, the worker still reading: no redraw yet, one held.
    expect(c.notified()).toBe(0);
    expect(c.held.map((h) => h.ms)).toEqual([100]);
    c.clock.t = 40;
    await c.batch(2);
    expect(c.notified()).toBe(0);
    expect(c.held).toHaveLength(1);
    c.clock.t = 100;
    c.held[0].cb();
    await settle();
    expect(c.notified()).toBe(1);
    expect(c.shown()).toBe(5);

    c.clock.t = 150;
    await c.batch(1);
    expect(c.held.map((h) => h.ms)).toEqual([100, 50]);
    // The interval is up when the next batch comes: it redraws then, and the held one is dropped.
    c.clock.t = 230;
    await c.batch(1);
    expect(c.notified()).toBe(2);
    expect(c.held[1].cancelled).toBe(true);
    expect(c.shown()).toBe(7);

    // A held redraw that comes due while a batch waits to be applied leaves the redraw to it.
    c.clock.t = 260;
    await c.batch(1);
    expect(c.held).toHaveLength(3);
    // (At 460 ms the interval, half the time so far, is up since the redraw at 230.)
    c.clock.t = 460;
    const pending = c.batch(2);
    c.held[2].cb();
    await pending;
    // One redraw, after the batch: it shows the batch's records too.
    expect(c.notified()).toBe(3);
    expect(c.shown()).toBe(10);

    c.worker.send({ type: 'done', records: 10, rejected: 0, bytes: 0 });
    expect(await c.handle.outcome).toMatchObject({ status: 'done', records: 10 });
    expect(c.notified()).toBe(4);
  });

  it('redraws less often as the load goes on: half its time, up to eight intervals', async () => {
    const c = cadence(100);
    await c.batch(1);
    c.clock.t = 100;
    c.held[0].cb();
    await settle();
    expect(c.notified()).toBe(1);
    /** Redraws at `first` (the interval was up), then holds the redraw of a batch at `then`: for how long. */
    const heldAfter = async (first: number, then: number): Promise<number> => {
      const before = c.notified();
      c.clock.t = first;
      await c.batch(1);
      const redraws = c.notified();
      expect(redraws).toBe(before + 1);
      c.clock.t = then;
      await c.batch(1);
      expect(c.notified()).toBe(redraws);
      return c.held.at(-1)!.ms;
    };
    // 1.3 s in, the interval is 650 ms: 300 ms after the last redraw, the next waits 350 ms more.
    expect(await heldAfter(1000, 1300)).toBeCloseTo(1300 / 2 - 300, 5);
    // Far into a long load the interval stops at 800 ms.
    expect(await heldAfter(60_000, 60_700)).toBe(100);
    const at = c.notified();
    c.clock.t = 60_800;
    await c.batch(1);
    expect(c.notified()).toBe(at + 1);
    c.worker.send({ type: 'done', records: 7, rejected: 0, bytes: 0 });
    await c.handle.outcome;
  });
});
