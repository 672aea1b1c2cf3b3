import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIG, toyExamples, useBackend } from '../../test/helpers.js';
import { createBertModel } from '../bert/bert-model.js';
import { evaluateMlm } from './evaluate.js';
import { fit } from './fit.js';
import { trainableVariableNames, type Objective } from './objective.js';
import { createOptimizer } from './optimizer.js';

const masking = { maskTokenId: 4, vocabSize: TINY_CONFIG.vocabSize, specialTokenIds: [0, 1], probability: 0.3 };
const objective: Objective = { kind: 'mlm', masking };

beforeAll(async () => {
  await useBackend('wasm');
});

describe('masked-language-model training', () => {
  it('trains encoder and MLM head only, lowers the masked loss, and leaks no tensors', async () => {
    // A four-token corpus cycling 5, 6, 7, 8: the loss can fall from ln 40 toward 0.
    const examples = Array.from({ length: 24 }, (_, i) => ({
      inputIds: Int32Array.from({ length: 10 }, (_, t) => (t === 0 ? 1 : 5 + ((i + t) % 4))),
    }));
    const model = createBertModel({
      config: TINY_CONFIG,
      seed: 2,
      mlmHead: true,
      heads: [{ name: 'x', kind: 'classification', numLabels: 2 }],
    });
    const variables = trainableVariableNames(model, objective);
    expect(variables.some((n) => n.startsWith('pooler.') || n.startsWith('heads.'))).toBe(false);
    expect(variables).toContain('cls.predictions.bias');
    const optimizer = createOptimizer({ model, variables, lr: { embeddings: 1e-2, 'layer_0-1': 1e-2, head: 1e-2 } });
    const before = await evaluateMlm({ model, examples, masking, seed: 4 });
    const counts: number[] = [];
    await fit({
      model,
      optimizer,
      objective,
      examples,
      epochs: 15,
      batchSize: 8,
      seed: 1,
      onProgress: () => counts.push(tf.memory().numTensors),
    });
    const after = await evaluateMlm({ model, examples, masking, seed: 4 });
    expect(after.maskedTokens).toBe(before.maskedTokens);
    expect(after.maskedTokens).toBeGreaterThan(30);
    expect(after.loss).toBeLessThan(before.loss - 1);
    expect(after.accuracy).toBeGreaterThan(Math.max(0.3, before.accuracy));
    expect(counts[counts.length - 1]).toBe(counts[0]);
    const tensors = tf.memory().numTensors;
    await evaluateMlm({ model, examples: toyExamples(10, 1), masking, seed: 5 });
    expect(tf.memory().numTensors).toBe(tensors);
    optimizer.dispose();
    model.dispose();
  });
});
