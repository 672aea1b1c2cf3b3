import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { activeNativeGemm } from '../kernels/native-kernels.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIG, useBackend } from '../../test/helpers.js';
import { createBertModel } from '../bert/bert-model.js';
import { TrainingStateError } from '../errors.js';
import { loadBertCheckpoint } from '../io/hf-checkpoint.js';
import { createOptimizer } from './optimizer.js';
import type { TrainingStateJson } from './schemas.js';
import { latestTrainingState, loadTrainingState, saveTrainingState } from './training-state.js';

let dir: string;
beforeAll(async () => {
  await useBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'lrdist-state-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function state(step: number, variables: readonly string[]): TrainingStateJson {
  return {
    format: 'lrdist-training-state',
    version: 1,
    step,
    epoch: 0,
    batchInEpoch: step,
    seed: 1,
    batchSize: 2,
    epochs: 1,
    numExamples: 10,
    dropoutRng: [1, 2, 3, 4],
    maskRng: [5, 6, 7, 8],
    objective: { kind: 'mlm' },
    optimizer: { kind: 'adamw', groups: [] },
    variables: [...variables],
    lossSum: 0,
    lossCount: 0,
  };
}

describe('training-state checkpoints', () => {
  it('writes step folders atomically, keeps the newest, and restores weights and moments', async () => {
    const model = createBertModel({ config: TINY_CONFIG, seed: 1 });
    const optimizer = createOptimizer({ model, lr: { embeddings: 1e-3, 'layer_0-1': 1e-3, head: 1e-3 } });
    tf.tidy(() => {
      optimizer.apply(new Map([...model.variables].map(([n, v]) => [n, tf.onesLike(v)])));
    });
    for (const step of [1, 2, 3]) await saveTrainingState({ dir, model, optimizer, state: state(step, optimizer.variableNames), keep: 2 });
    expect((await readdir(dir)).sort()).toEqual(['latest', 'step-00000002', 'step-00000003']);
    // The folder doubles as a Hugging Face checkpoint.
    const hf = await loadBertCheckpoint({ dir: join(dir, 'step-00000003') });
    expect(hf.model.variable('pooler.dense.weight').dataSync()).toEqual(model.variable('pooler.dense.weight').dataSync());
    hf.model.dispose();

    const other = createBertModel({ config: TINY_CONFIG, seed: 2 });
    const otherOpt = createOptimizer({ model: other, lr: { embeddings: 1e-3, 'layer_0-1': 1e-3, head: 1e-3 } });
    const before = tf.memory().numTensors;
    const loaded = await loadTrainingState((await latestTrainingState(dir))!, other, otherOpt);
    expect(loaded.step).toBe(3);
    expect(otherOpt.step).toBe(3);
    // Two moment tensors per variable, unless the native path keeps the moments off the wasm heap.
    const momentTensors = activeNativeGemm() === null ? 2 * other.variables.size : 0;
    expect(tf.memory().numTensors).toBe(before + momentTensors);
    for (const [name, v] of model.variables) expect(other.variable(name).dataSync(), name).toEqual(v.dataSync());
    const [a, b] = [await optimizer.getState(), await otherOpt.getState()];
    expect(b.moments.get('pooler.dense.bias')!.v).toEqual(a.moments.get('pooler.dense.bias')!.v);
    [model, other, optimizer, otherOpt].forEach((x) => x.dispose());
  });

  it('falls back to the newest step folder when `latest` is missing', async () => {
    await rm(join(dir, 'latest'));
    expect(await latestTrainingState(dir)).toBe(join(dir, 'step-00000003'));
    expect(await latestTrainingState(join(dir, 'nothing-here'))).toBeNull();
  });

  it('rejects a malformed state.json with a TrainingStateError naming the field', async () => {
    await writeFile(join(dir, 'step-00000003', 'state.json'), JSON.stringify({ format: 'lrdist-training-state', version: 2 }));
    const model = createBertModel({ config: TINY_CONFIG });
    const optimizer = createOptimizer({ model, lr: { embeddings: 1e-3, 'layer_0-1': 1e-3, head: 1e-3 } });
    const error = await loadTrainingState(join(dir, 'step-00000003'), model, optimizer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingStateError);
    expect((error as Error).message).toMatch(/`version`/);
    model.dispose();
    optimizer.dispose();
  });
});
