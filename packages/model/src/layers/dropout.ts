// Inverted dropout (Srivastava et al., JMLR 2014) as BERT applies it: kept units are scaled by
// 1 / (1 - rate) during training so evaluation needs no rescaling. Masks come from our seeded RNG
// so that a resumed run draws the same masks.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng.js';

/** Draws dropout masks from a seeded generator. */
export interface DropoutSampler {
  /** A mask tensor of `shape` with 0 (dropped) or 1 / (1 - rate) (kept). */
  mask(shape: readonly number[], rate: number): tf.Tensor;
}

/**
 * A sampler drawing two 16-bit decisions per 32-bit draw; the drop probability is `rate` rounded
 * to a multiple of 1/65536.
 */
export function createDropoutSampler(rng: Rng): DropoutSampler {
  return {
    mask(shape, rate) {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(size);
      const threshold = Math.round(rate * 65536);
      const keep = 1 / (1 - rate);
      let i = 0;
      for (; i + 1 < size; i += 2) {
        const r = rng.nextUint32();
        values[i] = (r & 0xffff) >= threshold ? keep : 0;
        values[i + 1] = r >>> 16 >= threshold ? keep : 0;
      }
      if (i < size) values[i] = (rng.nextUint32() & 0xffff) >= threshold ? keep : 0;
      return tf.tensor(values, [...shape], 'float32');
    },
  };
}

/** x * mask when the context asks for dropout and rate > 0; x unchanged otherwise. */
export function applyDropout<T extends tf.Tensor>(x: T, rate: number, sampler: DropoutSampler | null): T {
  if (sampler === null || rate <= 0) return x;
  return tf.tidy(() => {
    const mask = sampler.mask(x.shape, rate);
    return tf.mul(x, mask) as T;
  });
}
