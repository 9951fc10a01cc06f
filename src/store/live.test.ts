import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SocketLike } from '../ingest/live';
import { connectLive, disconnectLive, initLiveFromUrl, liveSessionFile, RedrawCadence, setFollow, useLiveStore } from './live';
import { resetTrace, setCursor, useStore } from './store';

/** A socket the test drives by hand. */
class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  close(): void {}
  send(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

let sockets: FakeSocket[] = [];
let flushes: Array<() => void> = [];
const options = {
  createSocket: (url: string) => {
    const s = new FakeSocket(url);
    sockets.push(s);
    return s;
  },
  scheduleFlush: (f: () => void) => {
    flushes.push(f);
    return () => {};
  },
};
const flush = () => flushes.splice(0).forEach((f) => f());
const records = (...seqs: number[]) => ({
  type: 'records',
  records: seqs.map((seq) => ({ seq, session: 'S1', name: 'interaction.udata.changed', data: { interactionid: 'I1' } })),
});

beforeEach(() => {
  sockets = [];
  flushes = [];
  resetTrace();
});
afterEach(() => disconnectLive());

describe('live store', () => {
  it('appends each frame batch to the trace and follows the newest record', () => {
    connectLive('ws://127.0.0.1:1/', options);
    sockets[0].send({ type: 'hello', server: 'ixnscope relay', stream: 'A', lastSeq: 0, oldestSeq: 1 });
    expect(useLiveStore.getState().status).toMatchObject({ kind: 'live', server: 'ixnscope relay' });
    sockets[0].send(records(1, 2, 3));
    flush();
    expect(useStore.getState().records).toHaveLength(3);
    expect(useStore.getState().cursor).toBe(2);
    sockets[0].send(records(4, 5));
    flush();
    expect(useStore.getState().cursor).toBe(4);
    expect(useLiveStore.getState().counts).toMatchObject({ received: 5, lastSeq: 5 });
  });

  it('pauses following on a manual step and resumes at the newest record', () => {
    connectLive('ws://127.0.0.1:1/', options);
    sockets[0].send(records(1, 2, 3));
    flush();
    setCursor(0); // the user steps back
    expect(useLiveStore.getState().follow).toBe(false);
    sockets[0].send(records(4));
    flush();
    expect(useStore.getState().cursor).toBe(0);
    setFollow(true);
    expect(useStore.getState().cursor).toBe(3);
    sockets[0].send(records(5));
    flush();
    expect(useStore.getState().cursor).toBe(4);
    expect(useLiveStore.getState().follow).toBe(true);
  });

  it('saves the session as received, seq kept, also after a disconnect', async () => {
    connectLive('ws://127.0.0.1:1/', options);
    sockets[0].send(records(1, 2));
    flush();
    disconnectLive();
    expect(useLiveStore.getState().status).toMatchObject({ kind: 'closed', reason: 'disconnected' });
    const file = liveSessionFile(new Date('2026-11-24T10:00:00Z'));
    expect(file?.name).toBe('ixnscope-live-20261124-100000.ndjson');
    const text = await file!.blob.text();
    expect(text.split('\n').filter(Boolean).map((l) => JSON.parse(l).seq)).toEqual([1, 2]);
  });

  it('connects from ?ws= once, and reports a bad URL', () => {
    initLiveFromUrl('?ws=http://example.com');
    expect(useLiveStore.getState().status).toMatchObject({ kind: 'closed', error: true });
    expect(sockets).toHaveLength(0);
  });
});

describe('live redraw cadence', () => {
  afterEach(() => vi.useRealTimers());

  it('redraws at once while redraws are cheap, then at most every twice their cost', () => {
    vi.useFakeTimers();
    let now = 0;
    const redraws: number[] = [];
    let cost = 2;
    // A redraw takes `cost` ms of the page: the clock moves by it before the next task.
    const cadence = new RedrawCadence(() => {
      redraws.push(now);
      now += cost;
    }, () => now);
    cadence.request();
    vi.advanceTimersByTime(0);
    cadence.request();
    vi.advanceTimersByTime(0);
    expect(redraws).toEqual([0, 2]);
    // Redraws grow dear (a big trace): 50 ms each.
    cost = 50;
    cadence.request();
    vi.advanceTimersByTime(0);
    expect(redraws).toEqual([0, 2, 4]);
    // It cost 50 ms (4 -> 54): the next redraw waits until 4 + 100.
    now = 64;
    cadence.request();
    cadence.request();
    cadence.request();
    expect(redraws).toHaveLength(3);
    vi.advanceTimersByTime(39);
    expect(redraws).toHaveLength(3);
    now = 104;
    vi.advanceTimersByTime(1);
    expect(redraws).toEqual([0, 2, 4, 104]);
  });

  it('flush runs a held redraw now; cancel drops it', () => {
    vi.useFakeTimers();
    let now = 0;
    let count = 0;
    const cadence = new RedrawCadence(() => {
      count++;
      now += 30;
    }, () => now);
    cadence.request();
    vi.advanceTimersByTime(0); // cost 30 ms: the next waits 60 ms
    cadence.request();
    expect(count).toBe(1);
    cadence.flush();
    expect(count).toBe(2);
    vi.advanceTimersByTime(0);
    cadence.request();
    cadence.cancel();
    vi.advanceTimersByTime(1000);
    expect(count).toBe(2);
    cadence.flush(); // nothing held
    expect(count).toBe(2);
  });
});

