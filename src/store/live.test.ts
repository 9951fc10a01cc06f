import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SocketLike } from '../ingest/live';
import { connectLive, disconnectLive, initLiveFromUrl, liveSessionFile, setFollow, useLiveStore } from './live';
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
