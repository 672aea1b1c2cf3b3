import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { abortBarrier, SharedBarrier } from './shared-barrier.js';
import { createSharedReducerMemory } from './shared-gradient-reducer.js';
import { spawnModuleWorker } from '@lrdist/model';

function result(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('createSharedGradientReducer', () => {
  it('gives every worker thread the same average of all gradients and losses, step after step', async () => {
    const worldSize = 3;
    const steps = 5;
    const memory = createSharedReducerMemory(worldSize, 3);
    const workers = Array.from({ length: worldSize }, (_, rank) =>
      spawnModuleWorker(new URL('../../test/reducer-test-worker', import.meta.url), { workerData: { memory, rank, steps } }),
    );
    const outputs = (await Promise.all(workers.map(result))) as { a: number[]; b: number[]; loss: number }[][];
    await Promise.all(workers.map((w) => w.terminate()));
    // mean over r = 0, 1, 2 of [r + s, 2r] is [1 + s, 2]; of [10r] is [10]; of r + 0.5 is 1.5.
    const expected = Array.from({ length: steps }, (_, s) => ({ a: [1 + s, 2], b: [10], loss: 1.5 }));
    for (const out of outputs) expect(out).toEqual(expected);
  }, 60_000);
});

describe('SharedBarrier', () => {
  it('lets a lone party through a one-party barrier and times out when others never come', () => {
    const control = new Int32Array(new SharedArrayBuffer(12));
    new SharedBarrier(control, 1, 100).arriveAndWait('a');
    expect(() => new SharedBarrier(control, 2, 50).arriveAndWait('step 7')).toThrow(/step 7 within 0 s/);
  });

  it('fails fast once aborted', () => {
    const control = new Int32Array(new SharedArrayBuffer(12));
    abortBarrier(control);
    expect(() => new SharedBarrier(control, 2, 60_000).arriveAndWait('step 1')).toThrow(/another worker failed/);
  });
});
