import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../errors.js';
import { createRng } from '../util/rng.js';
import { collate, planBatches, validateExamples } from './batching.js';

const lengths = Array.from({ length: 103 }, (_, i) => 3 + ((i * 37) % 60));

function padding(plan: number[][]): number {
  return plan.reduce((s, b) => s + Math.max(...b.map((i) => lengths[i]!)) * b.length - b.reduce((t, i) => t + lengths[i]!, 0), 0);
}

describe('batching', () => {
  it('puts every example in exactly one batch, ceil(n / size) batches', () => {
    for (const bucketing of [true, false]) {
      const plan = planBatches(lengths, { batchSize: 8, rng: createRng(1), bucketing, bucketPool: 4 });
      expect(plan).toHaveLength(13);
      expect(plan.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    }
  });

  it('is reproducible from the seed and differs across seeds', () => {
    const a = planBatches(lengths, { batchSize: 8, rng: createRng(5) });
    expect(planBatches(lengths, { batchSize: 8, rng: createRng(5) })).toEqual(a);
    expect(planBatches(lengths, { batchSize: 8, rng: createRng(6) })).not.toEqual(a);
  });

  it('bucketing cuts padding at least in half on mixed lengths', () => {
    const plain = planBatches(lengths, { batchSize: 8, rng: createRng(2), bucketing: false });
    const bucketed = planBatches(lengths, { batchSize: 8, rng: createRng(2) });
    expect(padding(bucketed)).toBeLessThan(padding(plain) / 2);
  });

  it('pads to the longest sequence of the batch with the pad id and a 0 mask', () => {
    const batch = collate(
      [{ inputIds: Int32Array.from([1, 2, 3]), tokenTypeIds: Int32Array.from([0, 1, 1]) }, { inputIds: Int32Array.from([4]) }],
      [1, 0],
      9,
    );
    expect(batch).toMatchObject({ batchSize: 2, seqLength: 3 });
    expect(Array.from(batch.inputIds)).toEqual([4, 9, 9, 1, 2, 3]);
    expect(Array.from(batch.tokenTypeIds)).toEqual([0, 0, 0, 0, 1, 1]);
    expect(Array.from(batch.attentionMask)).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('names the first bad example', () => {
    expect(() => validateExamples([{ inputIds: Int32Array.from([1]) }, { inputIds: new Int32Array(40) }], 32, false)).toThrow(
      /example 1 must have at most 32 tokens, got 40/,
    );
    expect(() => validateExamples([{ inputIds: Int32Array.from([1]) }], 32, true)).toThrow(InvalidOptionsError);
  });
});
