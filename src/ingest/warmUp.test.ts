import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateTrace } from '../model/generate/generator';
import { createLoadWorker, prepareLoadWorker, spareLoadWorker, type WorkerLike } from './loadController';
import { loadTrace } from './loadTrace';
import type { LoadRequest, WarmRequest, WorkerMessage } from './protocol';
import { warmUp } from './warmUp';

async function load(text: string): Promise<WorkerMessage[]> {
  const out: WorkerMessage[] = [];
  await loadTrace([{ kind: 'blob', name: 'sample.ndjson', blob: new Blob([text]) }], (m) => out.push(structuredClone(m)), { batchSize: 700, progressEveryMs: Infinity });
  // When it finished is not what it read.
  return out.map((m) => (m.type === 'done' ? { ...m, finishedAt: 0 } : m));
}

describe('warmUp', () => {
  it('reads a generated trace through the load pipeline and leaves nothing behind: a load after it posts what it posts cold', async () => {
    // A trace the warm-up's does not contain: other seed, faults, comments, accents.
    const { text } = generateTrace({ events: 3000, seed: 'after-warm-up', faults: 0.05 }, { comments: true });
    const sample = text.replace(/"S1"/g, '"Sé1"');
    const cold = await load(sample);
    await warmUp(5000);
    const warm = await load(sample);
    expect(cold.filter((m) => m.type === 'batch').length).toBeGreaterThan(3);
    expect(warm).toEqual(cold);
  });
});

describe('warmUp passes', () => {
  it('reads the trace the number of times asked, each read a load of its own', async () => {
    const passes: number[] = [];
    const counts = new Map<number, number>();
    await warmUp(1200, (b, pass) => {
      passes.push(pass);
      counts.set(pass, (counts.get(pass) ?? 0) + b.count);
    }, 3);
    expect([...new Set(passes)]).toEqual([0, 1, 2]);
    expect([...counts.values()]).toEqual([1200, 1200, 1200]);
  });

  it('ends after the pass it is in when asked to stop (a load is waiting)', async () => {
    const passes = new Set<number>();
    let asked = 0;
    await warmUp(1200, (_b, pass) => passes.add(pass), 3, () => ++asked >= 1);
    expect([...passes]).toEqual([0]);
    expect(asked).toBe(1);
  });
});

describe('prepareLoadWorker', () => {
  const made: FakeWorker[] = [];
  class FakeWorker implements WorkerLike {
    posted: (LoadRequest | WarmRequest)[] = [];
    terminated = false;
    onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null = null;
    onerror: ((event: ErrorEvent) => void) | null = null;
    onmessageerror: ((event: MessageEvent) => void) | null = null;
    constructor() {
      made.push(this);
    }
    postMessage(message: LoadRequest | WarmRequest): void {
      this.posted.push(message);
    }
    terminate(): void {
      this.terminated = true;
    }
    reply(message: WorkerMessage): void {
      this.onmessage?.({ data: message } as MessageEvent<WorkerMessage>);
    }
  }
  afterEach(() => {
    if (spareLoadWorker() !== 'none') createLoadWorker(); // takes the spare left
    vi.unstubAllGlobals();
    made.length = 0;
  });

  it('does nothing where there are no workers', () => {
    vi.stubGlobal('Worker', undefined);
    prepareLoadWorker();
    expect(spareLoadWorker()).toBe('none');
  });

  it('starts one worker ahead and has it warm up; the next load takes it, the one after makes its own', () => {
    vi.stubGlobal('Worker', FakeWorker);
    prepareLoadWorker();
    prepareLoadWorker(); // one spare at a time
    expect(made).toHaveLength(1);
    expect(made[0].posted).toEqual([{ type: 'warm' }]);
    expect(spareLoadWorker()).toBe('warming');
    made[0].reply({ type: 'warmed' });
    expect(spareLoadWorker()).toBe('warm');
    expect(createLoadWorker()).toBe(made[0]);
    expect(spareLoadWorker()).toBe('none');
    const next = createLoadWorker();
    expect(next).toBe(made[1]);
    expect((next as FakeWorker).posted).toEqual([]);
  });

  it('drops a spare that failed (its script did not load): the next load starts its own', () => {
    vi.stubGlobal('Worker', FakeWorker);
    prepareLoadWorker();
    const failed = made[0];
    failed.onerror?.({ preventDefault() {} } as ErrorEvent);
    expect(failed.terminated).toBe(true);
    expect(spareLoadWorker()).toBe('none');
    expect(createLoadWorker()).not.toBe(failed);
    expect(made).toHaveLength(2);
  });

  it('a spare taken while warming is the load\'s: its late "warmed" does not mark the next spare warm', () => {
    vi.stubGlobal('Worker', FakeWorker);
    prepareLoadWorker();
    const first = made[0];
    expect(createLoadWorker()).toBe(first);
    prepareLoadWorker();
    first.reply({ type: 'warmed' }); // the handler is still the spare's one here (no load set its own)
    expect(spareLoadWorker()).toBe('warming');
    made[1].reply({ type: 'warmed' });
    expect(spareLoadWorker()).toBe('warm');
  });
});
