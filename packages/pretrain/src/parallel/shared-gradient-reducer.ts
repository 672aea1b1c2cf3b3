import * as tf from '@tensorflow/tfjs-core';
import type { GradientReducer } from '@lrdist/model';
import { PretrainWorkerError } from '../errors.js';
import { BARRIER_SLOTS, SharedBarrier } from './shared-barrier.js';

/** Shared memory of a data-parallel group, made once by the main thread and posted to every worker. */
export interface SharedReducerMemory {
  readonly worldSize: number;
  /** Float32 values a worker contributes per step: every gradient, then the loss. */
  readonly slotLength: number;
  /** {@link BARRIER_SLOTS} Int32 slots. */
  readonly control: SharedArrayBuffer;
  /** Two parities x worldSize slots of `slotLength` float32 values. */
  readonly data: SharedArrayBuffer;
}

/** Allocates the shared memory for `worldSize` workers averaging `numValues` gradient values. */
export function createSharedReducerMemory(worldSize: number, numValues: number): SharedReducerMemory {
  const slotLength = numValues + 1;
  return {
    worldSize,
    slotLength,
    control: new SharedArrayBuffer(BARRIER_SLOTS * 4),
    data: new SharedArrayBuffer(2 * worldSize * slotLength * 4),
  };
}

/**
 * A gradient reducer that averages gradients and losses across worker threads through shared
 * memory: each worker copies its gradients into its slot, all meet at a barrier, and each sums the
 * slots in rank order, so every worker computes bit-identical averages and the replicas' weights
 * never drift apart. Two parities of slots let a fast worker write step t+1 while a slow one still
 * reads step t; the next barrier keeps them at most one step apart.
 */
export function createSharedGradientReducer(options: {
  memory: SharedReducerMemory;
  rank: number;
  /** How long a worker waits for the others before giving up. Default 15 minutes. */
  timeoutMs?: number;
}): GradientReducer {
  const { memory, rank } = options;
  const { worldSize, slotLength } = memory;
  const barrier = new SharedBarrier(new Int32Array(memory.control), worldSize, options.timeoutMs ?? 15 * 60_000);
  const data = new Float32Array(memory.data);
  let step = 0;
  return (grads, loss) => {
    const parity = step & 1;
    step++;
    const base = (r: number): number => (parity * worldSize + r) * slotLength;
    let offset = 0;
    const layout: { name: string; shape: number[]; offset: number; size: number }[] = [];
    for (const [name, g] of grads) {
      const values = g.dataSync() as Float32Array;
      if (offset + values.length > slotLength - 1) {
        throw new PretrainWorkerError(`gradients need more than the ${slotLength - 1} shared values allocated (at ${name})`);
      }
      data.set(values, base(rank) + offset);
      layout.push({ name, shape: g.shape, offset, size: values.length });
      offset += values.length;
    }
    if (offset !== slotLength - 1) {
      throw new PretrainWorkerError(`gradients hold ${offset} values, the shared memory expects ${slotLength - 1}`);
    }
    data[base(rank) + offset] = loss;
    barrier.arriveAndWait(`step ${step}`);
    const mean = new Float32Array(slotLength);
    for (let r = 0; r < worldSize; r++) {
      const slot = data.subarray(base(r), base(r) + slotLength);
      for (let i = 0; i < slotLength; i++) mean[i]! += slot[i]!;
    }
    for (let i = 0; i < slotLength; i++) mean[i]! /= worldSize;
    const reduced = new Map<string, tf.Tensor>();
    for (const { name, shape, offset: at, size } of layout) reduced.set(name, tf.tensor(mean.subarray(at, at + size), shape));
    return { grads: reduced, loss: mean[slotLength - 1]! };
  };
}
