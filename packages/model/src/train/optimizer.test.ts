import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIG, maxAbsDiff, useBackend } from '../../test/helpers.js';
import { createBertModel, type BertModel } from '../bert/bert-model.js';
import { ParamGroupError, TrainingStateError } from '../errors.js';
import { trainableVariableNames } from './objective.js';
import { createOptimizer, excludedFromWeightDecay, globalNorm, type GroupOptimizer, type StepReport } from './optimizer.js';
import { trainStep } from './train-step.js';

let model: BertModel;
const LR = { embeddings: 1e-2, 'layer_0-1': 1e-2, head: 1e-2 };

beforeAll(async () => {
  await useBackend('wasm');
});
afterEach(() => model.dispose());

function onesGrads(m: BertModel, scale: number): Map<string, tf.Tensor> {
  return new Map([...m.variables].map(([n, v]) => [n, tf.fill(v.shape, scale)]));
}

/** Applies gradients made inside a tidy scope and returns the report. */
function applyIn(opt: GroupOptimizer, grads: () => Map<string, tf.Tensor>): StepReport {
  let report: StepReport | undefined;
  tf.tidy(() => {
    report = opt.apply(grads());
  });
  return report!;
}

describe('createOptimizer', () => {
  it('checks groups at construction', () => {
    model = createBertModel({ config: TINY_CONFIG });
    expect(() => createOptimizer({ model, lr: { embeddings: 1, layer_0: 1, head: 1 } })).toThrow(ParamGroupError);
  });

  it('takes an @lrdist/combine distribution as it is: the same groups as its record', () => {
    model = createBertModel({ config: TINY_CONFIG });
    const distribution = {
      groups: [
        { name: 'embeddings', depth: 0, lr: 1e-2 },
        { name: 'layer_0-1', depth: 0.5, lr: 2e-2, layers: { first: 0, last: 1 } },
        { name: 'head', depth: 1, lr: 3e-2 },
      ],
    };
    const fromRecord = createOptimizer({ model, lr: { embeddings: 1e-2, 'layer_0-1': 2e-2, head: 3e-2 } });
    const fromDistribution = createOptimizer({ model, lr: distribution });
    expect(fromDistribution.groups).toEqual(fromRecord.groups);
    expect(fromDistribution.currentLrs()).toEqual(fromRecord.currentLrs());
    fromRecord.dispose();
    fromDistribution.dispose();
  });

  it('clips by global norm as torch.nn.utils.clip_grad_norm_ (coefficient max / (norm + 1e-6))', () => {
    model = createBertModel({ config: TINY_CONFIG });
    const opt = createOptimizer({ model, lr: LR, kind: 'adam', clipNorm: 1, betas: [0, 0], eps: 1e-30 });
    const before = model.variable('pooler.dense.bias').dataSync().slice();
    const report = applyIn(opt, () => onesGrads(model, 3));
    const n = model.numParameters();
    expect(Math.abs(report.gradNorm! - 3 * Math.sqrt(n)) / (3 * Math.sqrt(n))).toBeLessThan(1e-5);
    // With beta1 = beta2 = 0 Adam's step is lr * g / |g| whatever the scale: clipping keeps the sign.
    const after = model.variable('pooler.dense.bias').dataSync();
    expect(
      maxAbsDiff(
        after,
        before.map((x) => x - 1e-2),
      ),
    ).toBeLessThan(1e-6);
    expect(globalNorm([tf.tensor([3, 4])])).toBe(5);
    opt.dispose();
  });

  it('AdamW decays weights but not biases or LayerNorm (zero gradient: only decay and no Adam step)', () => {
    model = createBertModel({ config: TINY_CONFIG });
    const opt = createOptimizer({ model, lr: LR, kind: 'adamw', weightDecay: 0.5 });
    const w = model.variable('encoder.layer.0.intermediate.dense.weight').dataSync().slice();
    const ln = model.variable('encoder.layer.0.output.LayerNorm.weight').dataSync().slice();
    applyIn(opt, () => new Map());
    expect(
      maxAbsDiff(
        model.variable('encoder.layer.0.intermediate.dense.weight').dataSync(),
        w.map((x) => x * (1 - 5e-3)),
      ),
    ).toBeLessThan(1e-8);
    expect(model.variable('encoder.layer.0.output.LayerNorm.weight').dataSync()).toEqual(ln);
    expect(excludedFromWeightDecay('embeddings.LayerNorm.weight')).toBe(true);
    expect(excludedFromWeightDecay('pooler.dense.bias')).toBe(true);
    expect(excludedFromWeightDecay('pooler.dense.weight')).toBe(false);
    opt.dispose();
  });

  it('follows the schedule per group and round-trips its state', async () => {
    model = createBertModel({ config: TINY_CONFIG });
    const opt = createOptimizer({ model, lr: LR, schedule: { kind: 'linear', warmupSteps: 2, totalSteps: 4 } });
    expect(opt.currentLrs()).toEqual({ embeddings: 0, 'layer_0-1': 0, head: 0 });
    applyIn(opt, () => onesGrads(model, 0.1));
    expect(opt.currentLrs()['head']).toBe(5e-3);
    const state = await opt.getState();
    expect(state.step).toBe(1);
    const other = createOptimizer({ model, lr: LR });
    other.setState(state);
    expect(other.step).toBe(1);
    const m = (await other.getState()).moments.get('pooler.dense.weight')!.m;
    expect(maxAbsDiff(m, state.moments.get('pooler.dense.weight')!.m)).toBe(0);
    const broken = new Map(state.moments);
    broken.set('pooler.dense.weight', { m: new Float32Array(3), v: new Float32Array(3) });
    expect(() => other.setState({ step: 1, moments: broken })).toThrow(TrainingStateError);
    opt.dispose();
    other.dispose();
  });

  it('carries moments across optimisers as one optimiser kept across tasks: Adam counts on, the schedule restarts, new variables start fresh', async () => {
    model = createBertModel({ config: TINY_CONFIG, seed: 3 });
    const reference = createBertModel({ config: TINY_CONFIG, seed: 3 });
    const encoder = [...model.variables.keys()].filter((n) => !n.startsWith('pooler.'));
    const grads = (m: BertModel, k: number) => new Map([...m.variables].map(([n, v]) => [n, tf.fill(v.shape, 0.1 * k)]));
    // Phase A trains the encoder for 3 steps; phase B trains everything for 1 step with A's moments.
    const a = createOptimizer({ model, lr: LR, kind: 'adam', variables: encoder });
    const ref = createOptimizer({ model: reference, lr: LR, kind: 'adam', variables: encoder });
    for (const k of [1, 2, 3]) {
      applyIn(a, () => grads(model, k));
      applyIn(ref, () => grads(reference, k));
    }
    const stateA = await a.getState();
    const b = createOptimizer({ model, lr: LR, kind: 'adam', schedule: { kind: 'linear', warmupSteps: 1, totalSteps: 2 } });
    expect(b.carryMoments(stateA)).toBe(encoder.length);
    expect(b.step).toBe(0);
    expect(b.currentLrs()['head']).toBe(0); // B's warm-up starts from 0
    const pooler = model.variable('pooler.dense.bias').dataSync().slice();
    const lrs = applyIn(b, () => grads(model, 4)).lrs;
    expect(lrs['head']).toBe(0); // step 1 of a 1-step warm-up is at factor 0
    // Same update as the 4th step of one optimiser, at B's (zero) LR: the weights stay, the moments match.
    applyIn(ref, () => grads(reference, 4));
    const stateB = await b.getState();
    const stateRef = await ref.getState();
    const name = 'encoder.layer.1.output.dense.weight';
    expect(maxAbsDiff(stateB.moments.get(name)!.v, stateRef.moments.get(name)!.v)).toBe(0);
    expect(stateB.momentSteps!.get(name)).toBe(4);
    expect(stateB.momentSteps!.get('pooler.dense.bias')).toBe(1);
    expect(maxAbsDiff(model.variable('pooler.dense.bias').dataSync(), pooler)).toBe(0);
    // A restored state keeps counting each variable's steps.
    const c = createOptimizer({ model, lr: LR, kind: 'adam' });
    c.setState(stateB);
    expect((await c.getState()).momentSteps!.get(name)).toBe(4);
    expect(() => b.carryMoments(stateA)).toThrow(TrainingStateError); // only before the first update
    for (const o of [a, b, c, ref]) o.dispose();
    reference.dispose();
  });

  it('carried moments give the bias correction of the carried step count (step 4 of one optimiser, bit for bit)', async () => {
    model = createBertModel({ config: TINY_CONFIG, seed: 5 });
    const reference = createBertModel({ config: TINY_CONFIG, seed: 5 });
    const grads = (m: BertModel, k: number) => new Map([...m.variables].map(([n, v]) => [n, tf.fill(v.shape, k % 2 === 0 ? 0.2 : -0.1)]));
    const a = createOptimizer({ model, lr: LR, kind: 'adam' });
    const ref = createOptimizer({ model: reference, lr: LR, kind: 'adam' });
    for (const k of [1, 2, 3]) {
      applyIn(a, () => grads(model, k));
      applyIn(ref, () => grads(reference, k));
    }
    const b = createOptimizer({ model, lr: LR, kind: 'adam' });
    b.carryMoments(await a.getState());
    applyIn(b, () => grads(model, 4));
    applyIn(ref, () => grads(reference, 4));
    for (const n of ['embeddings.word_embeddings.weight', 'encoder.layer.0.attention.self.query.bias', 'pooler.dense.weight']) {
      expect(maxAbsDiff(model.variable(n).dataSync(), reference.variable(n).dataSync())).toBe(0);
    }
    for (const o of [a, b, ref]) o.dispose();
    reference.dispose();
  });
});

describe('lazy embedding updates', () => {
  it('leave untouched rows alone and match dense Adam elsewhere, on wasm (SIMD) and cpu (tfjs ops)', async () => {
    // Adam without weight decay: AdamW would also decay untouched rows under dense updates.
    const objective = { kind: 'head', head: 'h' } as const;
    const batch = (ids: number[]) => ({
      batchSize: 1,
      seqLength: ids.length,
      inputIds: Int32Array.from(ids),
      tokenTypeIds: new Int32Array(ids.length),
      attentionMask: new Uint8Array(ids.length).fill(1),
      labels: Int32Array.of(1),
    });
    const run = (lazy: boolean) => {
      const m = createBertModel({
        config: { ...TINY_CONFIG, hiddenDropout: 0 },
        seed: 4,
        heads: [{ name: 'h', kind: 'classification', numLabels: 2 }],
      });
      const opt = createOptimizer({
        model: m,
        lr: LR,
        kind: 'adam',
        lazyEmbeddings: lazy,
        variables: trainableVariableNames(m, objective),
      });
      trainStep({ model: m, optimizer: opt, objective, batch: batch([1, 5, 6, 7]), dropout: null });
      trainStep({ model: m, optimizer: opt, objective, batch: batch([1, 8, 9]), dropout: null });
      const word = (m.variable('embeddings.word_embeddings.weight').dataSync() as Float32Array).slice();
      opt.dispose();
      m.dispose();
      return word;
    };
    const rows = (w: Float32Array, r: number) => w.slice(r * 16, (r + 1) * 16);
    const initial = createBertModel({ config: TINY_CONFIG, seed: 4 });
    const start = (initial.variable('embeddings.word_embeddings.weight').dataSync() as Float32Array).slice();
    initial.dispose();
    const results: Float32Array[] = [];
    for (const backend of ['wasm', 'cpu'] as const) {
      await useBackend(backend);
      const dense = run(false);
      const lazy = run(true);
      // Rows 1, 8, 9 (in the last batch) and 0, 2.. (never touched) agree; 5, 6, 7 moved only under dense Adam.
      for (const r of [1, 8, 9, 0, 2, 30]) expect(maxAbsDiff(rows(lazy, r), rows(dense, r)), `row ${r}`).toBeLessThan(1e-7);
      for (const r of [5, 6, 7]) {
        expect(maxAbsDiff(rows(dense, r), rows(start, r))).toBeGreaterThan(1e-3);
        expect(maxAbsDiff(rows(lazy, r), rows(dense, r))).toBeGreaterThan(1e-4);
      }
      results.push(lazy);
    }
    expect(maxAbsDiff(results[0]!, results[1]!)).toBeLessThan(1e-6);
    await useBackend('wasm');
    model = createBertModel({ config: TINY_CONFIG });
  });
});
