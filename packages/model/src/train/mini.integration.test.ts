// The `mini` preset on real sentences (SST-2, ids from bert-base-uncased's vocab.txt): a
// checkpointed, resumed fine-tuning run matches an uninterrupted one bit for bit; MLM steps at
// seq 128; a float16 checkpoint round trip. Needs shared/data (see test/helpers.ts findDataDir).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDataDir, firstBitDifference, glueExamples, maxAbsDiff, useBackend } from '../../test/helpers.js';
import { createBertModel } from '../bert/bert-model.js';
import { INFERENCE } from '../layers/forward-context.js';
import { loadBertCheckpoint, saveBertCheckpoint } from '../io/hf-checkpoint.js';
import { collate } from './batching.js';
import { evaluate, evaluateMlm } from './evaluate.js';
import { fit } from './fit.js';
import { trainableVariableNames, type Objective } from './objective.js';
import { createOptimizer } from './optimizer.js';

const data = findDataDir();
const examples = glueExamples(data, 'SST-2', 48);
const objective: Objective = { kind: 'head', head: 'sst2' };
let dir: string;

function setup(seed: number) {
  const model = createBertModel({ config: 'mini', seed, heads: [{ name: 'sst2', kind: 'classification', numLabels: 2 }] });
  const optimizer = createOptimizer({
    model,
    variables: trainableVariableNames(model, objective),
    lr: [
      { name: 'embeddings', lr: 3e-5 },
      { name: 'low', lr: 5e-5, layers: { first: 0, last: 1 } },
      { name: 'high', lr: 8e-5, layers: { first: 2, last: 3 } },
      { name: 'head', lr: 1e-4 },
    ],
    schedule: { kind: 'cosine', warmupSteps: 2, totalSteps: 12 },
    clipNorm: 1,
  });
  return { model, optimizer };
}

beforeAll(async () => {
  await useBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'lrdist-mini-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mini on SST-2 sentences', () => {
  it('resumes a checkpointed run bit-identically', async () => {
    const run = { objective, examples, epochs: 2, batchSize: 8, seed: 5 };
    const a = setup(1);
    await fit({ ...a, ...run });
    const b = setup(1);
    const stopped = await fit({ ...b, ...run, maxSteps: 5, checkpoint: { dir: join(dir, 'ck'), everySteps: 3 } });
    expect(stopped.steps).toBe(5);
    b.model.dispose();
    b.optimizer.dispose();
    const c = setup(2);
    const resumed = await fit({ ...c, ...run, checkpoint: { dir: join(dir, 'ck') } });
    expect(resumed.steps).toBe(12);
    for (const [name, v] of a.model.variables) {
      expect(firstBitDifference(c.model.variable(name).dataSync() as Float32Array, v.dataSync() as Float32Array), name).toBe(-1);
    }
    const ea = await evaluate({ model: a.model, head: 'sst2', examples });
    const ec = await evaluate({ model: c.model, head: 'sst2', examples });
    expect(ec.logits).toEqual(ea.logits);
    [a, c].forEach(({ model, optimizer }) => (model.dispose(), optimizer.dispose()));
  });

  it('runs MLM steps at seq 128 and scores masked tokens', async () => {
    const long = examples.map((e) => ({ inputIds: Int32Array.from({ length: 128 }, (_, i) => e.inputIds[i % e.inputIds.length]!) }));
    const model = createBertModel({ config: 'mini', seed: 3, mlmHead: true });
    const masking = { maskTokenId: 103, vocabSize: 30522, specialTokenIds: [0, 100, 101, 102, 103] };
    const mlm: Objective = { kind: 'mlm', masking };
    const optimizer = createOptimizer({
      model,
      variables: trainableVariableNames(model, mlm),
      lr: { embeddings: 1e-4, 'layer_0-3': 1e-4, head: 1e-4 },
    });
    const losses: number[] = [];
    await fit({
      model,
      optimizer,
      objective: mlm,
      examples: long.slice(0, 16),
      epochs: 1,
      batchSize: 8,
      seed: 1,
      onProgress: (p) => losses.push(p.loss),
    });
    expect(losses).toHaveLength(2);
    // An untrained 30,522-way classifier starts near ln(30522) = 10.3.
    expect(Math.abs(losses[0]! - Math.log(30522))).toBeLessThan(1);
    const scored = await evaluateMlm({ model, examples: long.slice(16, 24), masking, seed: 2, batchSize: 8 });
    expect(scored.maskedTokens).toBeGreaterThan(100);
    expect(Number.isFinite(scored.loss)).toBe(true);
    optimizer.dispose();
    model.dispose();
  });

  it('saves and reloads a float16 checkpoint whose outputs stay within 1e-2', async () => {
    const model = createBertModel({ config: 'mini', seed: 4, heads: [{ name: 'sst2', kind: 'classification', numLabels: 2 }] });
    await saveBertCheckpoint(model, join(dir, 'f16'), { dtype: 'float16' });
    const loaded = (await loadBertCheckpoint({ dir: join(dir, 'f16') })).model;
    const batch = collate(examples, [0, 1, 2, 3], 0);
    const [a, b] = [model, loaded].map((m) => tf.tidy(() => m.encode(batch, INFERENCE).sequence.dataSync()));
    expect(maxAbsDiff(a!, b!)).toBeLessThan(1e-2);
    model.dispose();
    loaded.dispose();
  });
});
