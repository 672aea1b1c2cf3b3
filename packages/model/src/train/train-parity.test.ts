// One-batch gradients and two optimiser steps against PyTorch 1.13 (fixtures written by
// test/fixtures/make_parity.py: grads.safetensors, adam.safetensors, adamw.safetensors).
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, maxAbsDiff, meanAbsDiff, readFixture, relativeError, useBackend } from '../../test/helpers.js';
import type { BertModel } from '../bert/bert-model.js';
import { loadBertCheckpoint, transpose2d } from '../io/hf-checkpoint.js';
import { setKernelFlags, type KernelFlags } from '../kernels/flags.js';
import { objectiveLoss, trainableVariableNames, type Objective, type TrainingBatch } from './objective.js';
import { createOptimizer } from './optimizer.js';
import { trainStep } from './train-step.js';

const expected = readFixture('parity/expected.safetensors');
const batch: TrainingBatch = {
  batchSize: 3,
  seqLength: 8,
  inputIds: expected.ints('input_ids'),
  tokenTypeIds: expected.ints('token_type_ids'),
  attentionMask: Uint8Array.from(expected.ints('attention_mask')),
  labels: expected.ints('labels'),
};
const objective: Objective = { kind: 'head', head: 'classifier' };
const fileName = (name: string) => (name.startsWith('heads.classifier.') ? name.replace('heads.classifier.', 'classifier.') : name);

/** Our [in, out] dense weights in PyTorch's [out, in] layout (or back, with `fromTorch`). */
function inTorchLayout(model: BertModel, name: string, values: Float32Array, fromTorch = false): Float32Array {
  const v = model.variable(name);
  if (!model.variableSpec(name).transposedInCheckpoint) return values;
  return fromTorch ? transpose2d(values, v.shape[1]!, v.shape[0]!) : transpose2d(values, v.shape[0]!, v.shape[1]!);
}

function makeOptimizer(model: BertModel, kind: 'adam' | 'adamw', weightDecay: number) {
  return createOptimizer({
    model,
    kind,
    weightDecay,
    eps: 1e-6,
    variables: trainableVariableNames(model, objective),
    lr: [
      { name: 'low', lr: 1e-2, layers: { first: 0, last: 0 } },
      { name: 'embeddings', lr: 1e-2 },
      { name: 'layer_1', lr: 3e-3 },
      { name: 'head', lr: 3e-3 },
    ],
  });
}

// wasm runs twice: its matrix products on the native OpenBLAS GEMM (where built) and on XNNPACK's.
describe.each([
  ['wasm', 'native GEMM', true],
  ['wasm', 'XNNPACK GEMM', false],
  ['cpu', '', true],
] as const)('training parity with PyTorch on %s %s', (backend, _gemm, nativeGemm) => {
  let model: BertModel;
  let previous: KernelFlags;
  beforeEach(async () => {
    await useBackend(backend);
    previous = setKernelFlags({ nativeGemm });
    model = (await loadBertCheckpoint({ dir: `${FIXTURES}parity` })).model;
  });
  afterEach(() => {
    model.dispose();
    setKernelFlags(previous);
  });

  it('loss to 1e-5 and every gradient to relative error 1e-4', () => {
    const grads = readFixture('parity/grads.safetensors');
    const names = trainableVariableNames(model, objective);
    const vars = names.map((n) => model.variable(n));
    tf.tidy(() => {
      const { value, grads: g } = tf.variableGrads(() => objectiveLoss(model, objective, batch, { grad: true, dropout: null }), vars);
      expect(Math.abs(value.dataSync()[0]! - grads.floats('loss')[0]!)).toBeLessThan(1e-5);
      names.forEach((name, i) => {
        const ours = inTorchLayout(model, name, g[vars[i]!.name]!.dataSync() as Float32Array);
        const ref = grads.floats(fileName(name));
        if (name.endsWith('attention.self.key.bias')) {
          // Exactly zero in exact arithmetic (softmax ignores a per-row shift): both sides hold noise.
          expect(maxAbsDiff(ours, ref), name).toBeLessThan(1e-6);
        } else {
          expect(relativeError(ours, ref), name).toBeLessThan(1e-4);
        }
      });
    });
  });

  it.each([
    ['adam', 0],
    ['adamw', 0.1],
  ] as const)('%s on PyTorch gradients: two steps, two group LRs, weights to 1e-6', (kind, weightDecay) => {
    const after = readFixture(`parity/${kind}.safetensors`);
    const grads1 = readFixture('parity/grads.safetensors');
    const optimizer = makeOptimizer(model, kind, weightDecay);
    const feed = (read: (name: string) => Float32Array) =>
      tf.tidy(() => {
        const grads = new Map<string, tf.Tensor>();
        for (const name of optimizer.variableNames) {
          const v = model.variable(name);
          grads.set(name, tf.tensor(inTorchLayout(model, name, read(fileName(name)), true), v.shape));
        }
        optimizer.apply(grads);
      });
    feed((n) => grads1.floats(n));
    feed((n) => after.floats(`grad2.${n}`));
    for (const name of optimizer.variableNames) {
      const ours = inTorchLayout(model, name, model.variable(name).dataSync() as Float32Array);
      expect(maxAbsDiff(ours, after.floats(fileName(name))), name).toBeLessThan(1e-6);
    }
    optimizer.dispose();
  });

  it.each([
    ['adam', 0],
    ['adamw', 0.1],
  ] as const)('two end-to-end %s steps track PyTorch (mean |diff| < 1e-6, max < 5e-4)', (kind, weightDecay) => {
    const after = readFixture(`parity/${kind}.safetensors`);
    const optimizer = makeOptimizer(model, kind, weightDecay);
    for (let i = 0; i < 2; i++) trainStep({ model, optimizer, objective, batch, dropout: null });
    expect(optimizer.step).toBe(2);
    for (const name of optimizer.variableNames) {
      const ours = inTorchLayout(model, name, model.variable(name).dataSync() as Float32Array);
      const ref = after.floats(fileName(name));
      // Adam divides by sqrt(v): where consecutive gradients nearly cancel, float32 rounding in the
      // gradient (~1e-6 relative) can move a single weight by up to ~1e-4. So: every weight within
      // 5e-4 (5% of a step at lr 1e-2) and the mean within 1e-6; the exact check is the test above.
      // Key biases have zero gradient up to rounding, so Adam moves them by lr * noise /
      // (|noise| + eps): bounded by one lr per step.
      if (name.endsWith('attention.self.key.bias')) {
        expect(maxAbsDiff(ours, ref), name).toBeLessThan(2e-2);
        continue;
      }
      expect(maxAbsDiff(ours, ref), name).toBeLessThan(5e-4);
      expect(meanAbsDiff(ours, ref), name).toBeLessThan(1e-6);
    }
    optimizer.dispose();
  });
});
