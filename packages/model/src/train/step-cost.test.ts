import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIG, useBackend } from '../../test/helpers.js';
import { createBertModel } from '../bert/bert-model.js';
import { InvalidOptionsError } from '../errors.js';
import { fitPassCost, measureStepCost, passSeconds } from './step-cost.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('fitPassCost', () => {
  it('fits seconds = fixed + perToken x tokens through two passes (tolerance 1e-12)', () => {
    const cost = fitPassCost([
      { batchSize: 8, seqLength: 128, seconds: 0.5 + 1024 * 0.01 },
      { batchSize: 8, seqLength: 32, seconds: 0.5 + 256 * 0.01 },
    ]);
    expect(cost.fixedSeconds).toBeCloseTo(0.5, 12);
    expect(cost.secondsPerToken).toBeCloseTo(0.01, 12);
    expect(passSeconds(cost, { batches: 3, tokens: 1000 })).toBeCloseTo(1.5 + 10, 10);
  });

  it('keeps both parts non-negative when noise tilts the line, and has no fixed part from one pass', () => {
    // A short pass slower than a long one: no per-token cost can explain it.
    const flat = fitPassCost([
      { batchSize: 4, seqLength: 64, seconds: 1 },
      { batchSize: 4, seqLength: 16, seconds: 1.2 },
    ]);
    expect(flat.secondsPerToken).toBeGreaterThanOrEqual(0);
    expect(flat.fixedSeconds).toBeGreaterThanOrEqual(0);
    expect(passSeconds(flat, { batches: 2, tokens: 2 * 160 })).toBeCloseTo(2 * 1.1, 10);
    // A pass whose fixed part would come out negative.
    const steep = fitPassCost([
      { batchSize: 1, seqLength: 100, seconds: 2 },
      { batchSize: 1, seqLength: 50, seconds: 0.5 },
    ]);
    expect(steep.fixedSeconds).toBe(0);
    expect(steep.secondsPerToken).toBeCloseTo(1.25 / 75, 12);
    expect(fitPassCost([{ batchSize: 2, seqLength: 10, seconds: 4 }])).toEqual({ fixedSeconds: 0, secondsPerToken: 0.2 });
    expect(() => fitPassCost([])).toThrow(InvalidOptionsError);
  });
});

describe('measureStepCost', () => {
  it('times steps and passes at both lengths, leaves the weights and the tensor count as they were', async () => {
    const model = createBertModel({ config: TINY_CONFIG, seed: 1 });
    try {
      const before = new Map([...model.variables].map(([n, v]) => [n, Float32Array.from(v.dataSync() as Float32Array)]));
      const m = await measureStepCost({
        model,
        head: { name: 'cls', kind: 'classification', numLabels: 2 },
        batchSize: 4,
        seqLength: 16,
        warmupSteps: 1,
      });
      const tensors = tf.memory().numTensors;
      expect(m.samples.train.map((s) => [s.batchSize, s.seqLength])).toEqual([
        [4, 16],
        [4, 4],
      ]);
      expect(m.samples.forward.map((s) => s.seqLength)).toEqual([16, 4]);
      for (const cost of [m.train, m.forward]) {
        expect(cost.fixedSeconds).toBeGreaterThanOrEqual(0);
        expect(cost.secondsPerToken).toBeGreaterThanOrEqual(0);
        expect(passSeconds(cost, { batches: 1, tokens: 64 })).toBeGreaterThan(0);
      }
      expect(m.heapBytes).toBeGreaterThan(0);
      for (const [name, values] of before) expect(model.variable(name).dataSync()).toEqual(values);
      // A second measurement with the head now present adds no tensor that outlives it.
      await measureStepCost({ model, head: 'cls', batchSize: 2, seqLength: 8, warmupSteps: 0 });
      expect(tf.memory().numTensors).toBe(tensors);
    } finally {
      model.dispose();
    }
  });

  it('rejects a length past the model positions', async () => {
    const model = createBertModel({ config: TINY_CONFIG });
    try {
      await expect(
        measureStepCost({ model, head: { name: 'r', kind: 'regression', numLabels: 1 }, batchSize: 2, seqLength: 64 }),
      ).rejects.toThrow("`seqLength` must be at most the model's 32 positions, got 64");
    } finally {
      model.dispose();
    }
  });
});
