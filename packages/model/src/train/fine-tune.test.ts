import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstBitDifference, TINY_CONFIG, toyExamples, useBackend } from '../../test/helpers.js';
import { createBertModel, type BertModel } from '../bert/bert-model.js';
import { evaluate } from './evaluate.js';
import { fineTune } from './fine-tune.js';

const disposables: { dispose(): void }[] = [];
const copy = (model: BertModel, prefix: string): Map<string, Float32Array> =>
  new Map([...model.variables].filter(([n]) => n.startsWith(prefix)).map(([n, v]) => [n, Float32Array.from(v.dataSync() as Float32Array)]));

beforeAll(async () => {
  await useBackend('wasm');
});
afterEach(() => disposables.splice(0).forEach((d) => d.dispose()));

describe('fineTune', () => {
  it('adds the head, learns the task, and leaves other heads and the MLM head untouched', async () => {
    const model = createBertModel({
      config: TINY_CONFIG,
      seed: 3,
      heads: [{ name: 'a', kind: 'classification', numLabels: 2 }],
      mlmHead: true,
    });
    disposables.push(model);
    const frozen = new Map([...copy(model, 'heads.a.'), ...copy(model, 'cls.predictions.')]);
    const encoderBefore = copy(model, 'encoder.layer.0.');
    const examples = toyExamples(32, 5);
    const baseline = tf.memory().numTensors;
    const result = await fineTune({
      model,
      head: { name: 'b', kind: 'classification', numLabels: 2 },
      examples,
      lr: { embeddings: 1e-2, layer_0: 1e-2, layer_1: 1e-2, head: 3e-2 },
      epochs: 12,
      batchSize: 8,
      seed: 1,
    });
    expect(result).toMatchObject({ stopReason: 'completed', steps: 48 });
    expect(result.lastLoss).toBeLessThan(0.35);
    const { predictions } = await evaluate({ model, head: 'b', examples });
    const accuracy = predictions.filter((p, i) => p === examples[i]!.label).length / examples.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    for (const [name, before] of frozen) expect(firstBitDifference(model.variable(name).dataSync() as Float32Array, before)).toBe(-1);
    expect(
      [...encoderBefore].some(([name, before]) => firstBitDifference(model.variable(name).dataSync() as Float32Array, before) !== -1),
    ).toBe(true);
    // The optimiser's slots are gone; only the new head's variables remain as new tensors.
    expect(tf.memory().numTensors).toBe(baseline + 2);
  });

  it('trains an existing head by name and rejects bad options with the field', async () => {
    const model = createBertModel({ config: TINY_CONFIG, seed: 3, heads: [{ name: 'a', kind: 'classification', numLabels: 2 }] });
    disposables.push(model);
    const examples = toyExamples(8, 1);
    await expect(
      fineTune({
        model,
        head: 'a',
        examples,
        lr: { embeddings: 1e-3, layer_0: 1e-3, layer_1: 1e-3, head: 1e-3 },
        epochs: 0,
        batchSize: 8,
        seed: 1,
      }),
    ).rejects.toThrow(/`epochs`/);
    const r = await fineTune({
      model,
      head: 'a',
      examples,
      lr: { embeddings: 1e-3, layer_0: 1e-3, layer_1: 1e-3, head: 1e-3 },
      epochs: 1,
      batchSize: 4,
      seed: 1,
      schedule: 'cosine',
    });
    expect(r.steps).toBe(2);
  });
});
