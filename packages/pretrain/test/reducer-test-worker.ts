// Test helper: one rank of a data-parallel group averaging fake gradients.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createSharedGradientReducer, type SharedReducerMemory } from '../src/parallel/shared-gradient-reducer.js';

const { memory, rank, steps } = workerData as { memory: SharedReducerMemory; rank: number; steps: number };
await tf.setBackend('cpu');
const reduce = createSharedGradientReducer({ memory, rank, timeoutMs: 20_000 });
const out: { a: number[]; b: number[]; loss: number }[] = [];
for (let step = 0; step < steps; step++) {
  tf.tidy(() => {
    // Rank r, step s: a = [r + s, 2r], b = [[10r]]; loss = r + 0.5
    const grads = new Map<string, tf.Tensor>([
      ['a', tf.tensor1d([rank + step, 2 * rank])],
      ['b', tf.tensor2d([[10 * rank]])],
    ]);
    const { grads: mean, loss } = reduce(grads, rank + 0.5);
    out.push({ a: [...(mean.get('a')!.dataSync() as Float32Array)], b: [...(mean.get('b')!.dataSync() as Float32Array)], loss });
  });
}
parentPort!.postMessage(out);
