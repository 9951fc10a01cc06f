import { describe, expect, it } from 'vitest';
import { helperThreadWork, threadProfiles, topSelfTime } from '../bench/browser';

const frame = (functionName: string) => ({ functionName, url: '', lineNumber: 0, columnNumber: 0 });

describe('bench: per-thread profiles out of a trace', () => {
  it('joins each isolate\'s profile chunks and names its thread; self time charges each sample its interval', async () => {
    const events = [
      { ph: 'M', name: 'thread_name', pid: 1, tid: 10, ts: 0, cat: '', args: { name: 'CrRendererMain' } },
      { ph: 'M', name: 'thread_name', pid: 1, tid: 20, ts: 0, cat: '', args: { name: 'DedicatedWorker thread' } },
      { ph: 'P', name: 'Profile', pid: 1, tid: 10, ts: 0, cat: '', id: '0x1' },
      { ph: 'P', name: 'Profile', pid: 1, tid: 20, ts: 0, cat: '', id: '0x2' },
      // The page: two chunks, the second naming a node the first declared.
      { ph: 'P', name: 'ProfileChunk', pid: 1, tid: 10, ts: 1, cat: '', id: '0x1', args: { data: { cpuProfile: { nodes: [{ id: 1, callFrame: frame('(root)') }, { id: 2, callFrame: frame('reduce') }], samples: [2, 2] }, timeDeltas: [0, 1000] } } },
      { ph: 'P', name: 'ProfileChunk', pid: 1, tid: 10, ts: 2, cat: '', id: '0x1', args: { data: { cpuProfile: { nodes: [{ id: 3, callFrame: frame('draw') }], samples: [3, 2] }, timeDeltas: [3000, 2000] } } },
      { ph: 'P', name: 'ProfileChunk', pid: 1, tid: 20, ts: 1, cat: '', id: '0x2', args: { data: { cpuProfile: { nodes: [{ id: 1, callFrame: frame('parse') }], samples: [1, 1, 1] }, timeDeltas: [0, 4000, 4000] } } },
    ];
    const profiles = threadProfiles(events as Parameters<typeof threadProfiles>[0]);
    expect(profiles.map((p) => p.thread)).toEqual(['CrRendererMain', 'DedicatedWorker thread']);
    // Sample i lasts until sample i + 1: reduce 1 + 3 ms, draw 2 ms, the last sample nothing.
    expect(await topSelfTime(profiles[0].profile, 5)).toEqual([
      { what: 'reduce', ms: 4, share: 4 / 6 },
      { what: 'draw', ms: 2, share: 2 / 6 },
    ]);
    expect((await topSelfTime(profiles[1].profile, 5)).map((t) => [t.what, t.ms])).toEqual([['parse', 8]]);
  });

  it('sums the helper-thread tasks of renderer processes by what posted them', () => {
    const task = (pid: number, dur: number, src_file?: string) => ({ ph: 'X', name: 'ThreadPool_RunTask', pid, tid: 30, ts: 0, dur, cat: '', args: src_file ? { src_file } : {} });
    const events = [
      { ph: 'M', name: 'process_name', pid: 1, tid: 0, ts: 0, cat: '', args: { name: 'Renderer' } },
      { ph: 'M', name: 'process_name', pid: 2, tid: 0, ts: 0, cat: '', args: { name: 'Browser' } },
      task(1, 3000, 'v8/src/heap/scavenger.cc'),
      task(1, 1000, 'v8/src/heap/scavenger.cc'),
      task(1, 2000, 'v8/src/compiler-dispatcher/optimizing-compile-dispatcher.cc'),
      task(1, 500),
      // The browser process's tasks are not the page's.
      task(2, 9000, 'v8/src/heap/scavenger.cc'),
      { ph: 'X', name: 'V8.GC_SCAVENGER_BACKGROUND_SCAVENGE_PARALLEL', pid: 1, tid: 30, ts: 0, dur: 2500, cat: '' },
    ];
    expect(helperThreadWork(events as Parameters<typeof helperThreadWork>[0])).toEqual([
      ['collector: young generation (parallel scavenge)', 4],
      ['optimizing compiler (TurboFan)', 2],
      ['other', 0.5],
    ]);
  });
});
