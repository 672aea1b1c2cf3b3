import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstBitDifference, TINY_CONFIG, toyExamples, useBackend } from '../../test/helpers.js';
import { createBertModel, type BertModel } from '../bert/bert-model.js';
import { NonFiniteLossError, TrainingStateError } from '../errors.js';
import { evaluate } from './evaluate.js';
import { fit, type FitProgress } from './fit.js';
import { trainableVariableNames, type Objective } from './objective.js';
import { createOptimizer } from './optimizer.js';
import type { Regularizer } from './regularizers.js';

const objective: Objective = { kind: 'head', head: 'toy' };
const examples = toyExamples(16, 3);
const disposables: { dispose(): void }[] = [];
const dirs: string[] = [];

function setup(seed = 1) {
  const model = createBertModel({ config: TINY_CONFIG, seed, heads: [{ name: 'toy', kind: 'classification', numLabels: 2 }] });
  const optimizer = createOptimizer({
    model,
    lr: { embeddings: 1e-2, layer_0: 1e-2, layer_1: 1e-2, head: 2e-2 },
    variables: trainableVariableNames(model, objective),
    schedule: { kind: 'linear', warmupSteps: 2, totalSteps: 30 },
    clipNorm: 1,
  });
  disposables.push(model, optimizer);
  return { model, optimizer };
}

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lrdist-fit-'));
  dirs.push(d);
  return d;
}

function weightsOf(model: BertModel): Float32Array[] {
  return [...model.variables.values()].map((v) => v.dataSync() as Float32Array);
}

beforeAll(async () => {
  await useBackend('wasm');
});
afterEach(async () => {
  disposables.splice(0).forEach((d) => d.dispose());
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('fit', () => {
  it('fits a small training set and reports progress for every step', async () => {
    const { model, optimizer } = setup();
    const progress: FitProgress[] = [];
    const result = await fit({
      model,
      optimizer,
      objective,
      examples,
      epochs: 15,
      batchSize: 8,
      seed: 7,
      onProgress: (p) => progress.push(p),
    });
    expect(result.stopReason).toBe('completed');
    expect(result.steps).toBe(30);
    expect(progress.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(progress.every((p) => p.totalSteps === 30 && p.epochs === 15 && p.examplesPerSecond > 0 && p.etaSeconds >= 0)).toBe(true);
    expect(progress[0]!.lrs['head']).toBe(0);
    expect(progress[29]!.etaSeconds).toBe(0);
    const firstEpochs = progress.slice(0, 4).reduce((s, p) => s + p.loss, 0) / 4;
    const lastEpochs = progress.slice(26).reduce((s, p) => s + p.loss, 0) / 4;
    expect(lastEpochs).toBeLessThan(firstEpochs / 2);
    const { predictions } = await evaluate({ model, head: 'toy', examples });
    const accuracy = predictions.filter((p, i) => p === examples[i]!.label).length / examples.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('lets an evaluation callback stop training', async () => {
    const { model, optimizer } = setup();
    const seen: number[] = [];
    const result = await fit({
      model,
      optimizer,
      objective,
      examples,
      epochs: 15,
      batchSize: 8,
      seed: 7,
      evaluation: { everySteps: 2, atEpochEnd: false, run: ({ step }) => (seen.push(step), { stop: step >= 4 }) },
    });
    expect(seen).toEqual([2, 4]);
    expect(result).toMatchObject({ stopReason: 'evaluation', steps: 4 });
  });

  it('stops with NonFiniteLossError carrying the step, before touching the weights', async () => {
    const { model, optimizer } = setup();
    let calls = 0;
    let before: Float32Array[] = [];
    const poison: Regularizer = {
      kind: 'l2-sp',
      penalty: () => {
        calls++;
        if (calls === 3) before = weightsOf(model);
        return tf.scalar(calls === 3 ? NaN : 0);
      },
      dispose: () => undefined,
    };
    const run = fit({ model, optimizer, objective, examples, epochs: 3, batchSize: 8, seed: 7, regularizer: poison });
    await expect(run).rejects.toBeInstanceOf(NonFiniteLossError);
    await expect(run).rejects.toMatchObject({ step: 3, code: 'NON_FINITE_LOSS' });
    expect(optimizer.step).toBe(2);
    weightsOf(model).forEach((w, i) => expect(firstBitDifference(w, before[i]!)).toBe(-1));
  });

  it('resumes from a checkpoint bit-identically (dropout, schedule, moments, RNG)', async () => {
    const straight = setup();
    await fit({ ...straight, objective, examples, epochs: 9, batchSize: 8, seed: 11 });
    const expected = weightsOf(straight.model);

    const dir = await tempDir();
    const first = setup();
    const stopped = await fit({
      ...first,
      objective,
      examples,
      epochs: 9,
      batchSize: 8,
      seed: 11,
      maxSteps: 7,
      checkpoint: { dir, everySteps: 5 },
    });
    expect(stopped).toMatchObject({ stopReason: 'maxSteps', steps: 7 });
    const second = setup(99);
    const resumed = await fit({ ...second, objective, examples, epochs: 9, batchSize: 8, seed: 11, checkpoint: { dir } });
    expect(resumed.resumedFrom).toMatch(/step-00000007$/);
    expect(resumed.steps).toBe(18);
    weightsOf(second.model).forEach((w, i) => expect(firstBitDifference(w, expected[i]!)).toBe(-1));
    expect((await readdir(dir)).filter((n) => n.startsWith('step-'))).toEqual(['step-00000018']);
  });

  it('refuses to resume a checkpoint of another run', async () => {
    const dir = await tempDir();
    const a = setup();
    await fit({ ...a, objective, examples, epochs: 1, batchSize: 8, seed: 11, checkpoint: { dir } });
    const b = setup();
    await expect(fit({ ...b, objective, examples, epochs: 1, batchSize: 4, seed: 11, checkpoint: { dir } })).rejects.toBeInstanceOf(
      TrainingStateError,
    );
  });

  it('leaks no tensors: the count after 6 steps equals the count after 1 (fit, evaluate, checkpoints)', async () => {
    const baseline = tf.memory().numTensors;
    const { model, optimizer } = setup();
    const dir = await tempDir();
    const counts = new Map<number, number>();
    await fit({
      model,
      optimizer,
      objective,
      examples,
      epochs: 3,
      batchSize: 8,
      seed: 3,
      checkpoint: { dir, everySteps: 2 },
      onProgress: (p) => counts.set(p.step, tf.memory().numTensors),
    });
    expect(counts.get(6)).toBe(counts.get(1));
    const before = tf.memory().numTensors;
    await evaluate({ model, head: 'toy', examples });
    await fit({ model, optimizer, objective, examples, epochs: 2, batchSize: 8, seed: 3, checkpoint: { dir: await tempDir() } });
    expect(tf.memory().numTensors).toBe(before);
    // Everything the run created goes away with the model and the optimiser.
    disposables.splice(0).forEach((d) => d.dispose());
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('fit with a shard (data parallelism)', () => {
  it('with one worker and an identity reducer, trains bit-identically to an unsharded run', async () => {
    const plain = setup();
    await fit({ model: plain.model, optimizer: plain.optimizer, objective, examples, epochs: 3, batchSize: 8, seed: 7 });
    const sharded = setup();
    let calls = 0;
    await fit({
      model: sharded.model,
      optimizer: sharded.optimizer,
      objective,
      examples,
      epochs: 3,
      batchSize: 8,
      seed: 7,
      shard: {
        rank: 0,
        worldSize: 1,
        reduceGradients: (grads, loss) => {
          calls++;
          return { grads, loss };
        },
      },
    });
    expect(calls).toBe(6);
    const expected = weightsOf(plain.model);
    weightsOf(sharded.model).forEach((w, i) => expect(firstBitDifference(w, expected[i]!)).toBe(-1));
  });

  it("gives each worker its share of every batch and applies the reducer's gradients and loss", async () => {
    const model = createBertModel({ config: TINY_CONFIG, seed: 1, heads: [{ name: 'toy', kind: 'classification', numLabels: 2 }] });
    const optimizer = createOptimizer({
      model,
      kind: 'adam',
      lr: { embeddings: 1e-2, layer_0: 1e-2, layer_1: 1e-2, head: 1e-2 },
      variables: trainableVariableNames(model, objective),
    });
    disposables.push(model, optimizer);
    const before = weightsOf(model).map((w) => Float32Array.from(w));
    const seen: number[] = [];
    const progress: FitProgress[] = [];
    await fit({
      model,
      optimizer,
      objective,
      examples,
      epochs: 1,
      batchSize: 8,
      seed: 7,
      dropout: false,
      onProgress: (p) => progress.push(p),
      shard: {
        rank: 1,
        worldSize: 2,
        // Zero gradients: Adam without weight decay then leaves every weight as it was.
        reduceGradients: (grads) => {
          seen.push(grads.size);
          return { grads: new Map([...grads].map(([name, g]) => [name, tf.zerosLike(g)])), loss: 0.25 };
        },
      },
    });
    expect(seen).toEqual([optimizer.variableNames.length, optimizer.variableNames.length]);
    expect(progress.map((p) => p.loss)).toEqual([0.25, 0.25]);
    // 16 examples, global batches of 8: this worker trained on 4 a step.
    expect(progress[1]!.examplesPerSecond).toBeGreaterThan(0);
    weightsOf(model).forEach((w, i) => expect(firstBitDifference(w, before[i]!)).toBe(-1));
  });

  it('rejects an impossible shard', async () => {
    const { model, optimizer } = setup();
    const reduceGradients = (grads: ReadonlyMap<string, tf.Tensor>, loss: number) => ({ grads, loss });
    await expect(
      fit({ model, optimizer, objective, examples, epochs: 1, batchSize: 8, seed: 7, shard: { rank: 2, worldSize: 2, reduceGradients } }),
    ).rejects.toThrow(/0 <= rank < worldSize, got rank 2 of 2/);
    await expect(
      fit({ model, optimizer, objective, examples, epochs: 1, batchSize: 1, seed: 7, shard: { rank: 0, worldSize: 2, reduceGradients } }),
    ).rejects.toThrow(/batchSize/);
  });
});
