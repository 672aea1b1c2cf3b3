import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIG, relativeError, toyExamples, useBackend } from '../../test/helpers.js';
import { createBertModel, type BertModel } from '../bert/bert-model.js';
import { collate } from './batching.js';
import type { TrainingBatch } from './objective.js';
import { createEwcRegularizer, createL2SpRegularizer, createOnlineEwc, sharedVariableNames, splitExamples } from './regularizers.js';

let model: BertModel;
const examples = toyExamples(8, 2);
const batch: TrainingBatch = { ...collate(examples, [0, 1, 2, 3], 0), labels: Int32Array.from(examples.slice(0, 4), (e) => e.label) };

beforeAll(async () => {
  await useBackend('wasm');
});
afterEach(() => model.dispose());

/** The squared gradient of a variable under the cross-entropy of head `a` on a batch, computed independently. */
function squaredGradient(name: string, b: TrainingBatch): number[] {
  return tf.tidy(() => {
    const vars = [model.variable(name)];
    const { grads } = tf.variableGrads(
      () =>
        tf.tidy(() => {
          const { pooled } = model.encode(b, { grad: true, dropout: null });
          const z = model.headLogits('a', pooled, { grad: true, dropout: null });
          return tf.neg(
            tf.mean(tf.sum(tf.mul(tf.logSoftmax(z), tf.tensor2d(Array.from(b.labels!, (l) => (l === 1 ? [0, 1] : [1, 0])))), -1)),
          ) as tf.Scalar;
        }),
      vars,
    );
    return Array.from(tf.square(grads[vars[0]!.name]!).dataSync());
  });
}

function nudge(name: string, delta: number): void {
  const v = model.variable(name);
  tf.tidy(() => v.assign(tf.add(v, delta)));
}

describe('regularisers', () => {
  it('EWC (batch Fisher): zero at the anchors, (lambda/2) F delta^2 after a shift, gradient lambda F delta (rel. 1e-4)', () => {
    model = createBertModel({ config: TINY_CONFIG, heads: [{ name: 'a', kind: 'classification', numLabels: 2 }] });
    const ewc = createEwcRegularizer({ model, objective: { kind: 'head', head: 'a' }, batches: [batch], lambda: 100, fisher: 'batch' });
    expect(tf.tidy(() => ewc.penalty().dataSync()[0])).toBe(0);
    const name = 'encoder.layer.1.output.dense.weight';
    // The Fisher of one batch is the squared gradient: recompute it independently.
    const fisher = squaredGradient(name, batch);
    nudge(name, 0.01);
    const expected = 50 * fisher.reduce((s, f) => s + f * 1e-4, 0);
    const penalty = tf.tidy(() => ewc.penalty().dataSync()[0]!);
    expect(Math.abs(penalty - expected) / expected).toBeLessThan(1e-3);
    const grad = tf.tidy(() =>
      Array.from(tf.variableGrads(() => ewc.penalty(), [model.variable(name)]).grads[model.variable(name).name]!.dataSync()),
    );
    expect(
      relativeError(
        grad,
        fisher.map((f) => 100 * f * 0.01),
      ),
    ).toBeLessThan(1e-3);
    ewc.dispose();
  });

  it('EWC (default): the mean of squared per-example gradients, each example alone at its own length', () => {
    model = createBertModel({ config: TINY_CONFIG, heads: [{ name: 'a', kind: 'classification', numLabels: 2 }] });
    const ewc = createEwcRegularizer({ model, objective: { kind: 'head', head: 'a' }, batches: [batch], lambda: 2 });
    const name = 'encoder.layer.0.attention.self.query.weight';
    const perExample = [0, 1, 2, 3].map((i) =>
      squaredGradient(name, { ...collate(examples, [i], 0), labels: Int32Array.of(examples[i]!.label) }),
    );
    const fisher = perExample[0]!.map((_, j) => perExample.reduce((s, g) => s + g[j]!, 0) / 4);
    const batchFisher = squaredGradient(name, batch);
    // The two estimates differ (the point of the per-example one): the per-example one is larger.
    expect(fisher.reduce((a, x) => a + x, 0)).toBeGreaterThan(1.5 * batchFisher.reduce((a, x) => a + x, 0));
    nudge(name, 0.01);
    const grad = tf.tidy(() =>
      Array.from(tf.variableGrads(() => ewc.penalty(), [model.variable(name)]).grads[model.variable(name).name]!.dataSync()),
    );
    expect(
      relativeError(
        grad,
        fisher.map((f) => 2 * f * 0.01),
      ),
    ).toBeLessThan(1e-3);
    ewc.dispose();
  });

  it('EWC: splitExamples cuts each example to its own length and keeps its label', () => {
    const parts = splitExamples(batch);
    expect(parts.map((p) => p.seqLength)).toEqual(examples.slice(0, 4).map((e) => e.inputIds.length));
    expect(parts.map((p) => p.labels![0])).toEqual(examples.slice(0, 4).map((e) => e.label));
    expect(Array.from(parts[1]!.inputIds)).toEqual(Array.from(examples[1]!.inputIds));
  });

  it('L2-SP: (alpha/2) ||theta - theta0||^2 on shared weights plus (beta/2) ||head||^2', () => {
    model = createBertModel({ config: TINY_CONFIG, heads: [{ name: 'b', kind: 'classification', numLabels: 2 }] });
    const head = ['heads.b.weight', 'heads.b.bias'];
    const l2sp = createL2SpRegularizer({ model, alpha: 2, beta: 4, headVariables: head });
    const headNorm = tf.tidy(() => head.reduce((s, n) => s + tf.sum(tf.square(model.variable(n))).dataSync()[0]!, 0));
    expect(Math.abs(tf.tidy(() => l2sp.penalty().dataSync()[0]!) - 2 * headNorm)).toBeLessThan(1e-6);
    nudge('pooler.dense.bias', 0.5);
    const expected = 0.25 * 16 + 2 * headNorm;
    expect(Math.abs(tf.tidy(() => l2sp.penalty().dataSync()[0]!) - expected)).toBeLessThan(1e-5);
    expect(sharedVariableNames(model).some((n) => n.startsWith('heads.'))).toBe(false);
    l2sp.dispose();
  });

  it('online EWC: the Fisher sum decays by gamma at each consolidation, the anchor moves to the latest weights', () => {
    model = createBertModel({
      config: TINY_CONFIG,
      heads: [
        { name: 'a', kind: 'classification', numLabels: 2 },
        { name: 'b', kind: 'classification', numLabels: 2 },
      ],
    });
    const other: TrainingBatch = { ...collate(examples, [4, 5, 6, 7], 0), labels: Int32Array.from(examples.slice(4, 8), (e) => e.label) };
    const objectiveA = { kind: 'head', head: 'a' } as const;
    const objectiveB = { kind: 'head', head: 'b' } as const;
    const online = createOnlineEwc({ model, lambda: 100, gamma: 0.5, fisher: 'batch' });
    expect(online.tasks).toBe(0);
    expect(tf.tidy(() => online.regularizer.penalty().dataSync()[0])).toBe(0);
    online.consolidate(objectiveA, [batch]);
    // The second task's weights: everything moved, so the anchor must follow.
    const name = 'encoder.layer.1.output.dense.weight';
    nudge(name, 0.02);
    online.consolidate(objectiveB, [other]);
    expect(online.tasks).toBe(2);
    expect(tf.tidy(() => online.regularizer.penalty().dataSync()[0])).toBe(0);
    // Each task's own EWC at these weights gives its Fisher term; online = gamma * A's + B's.
    const ewcA = createEwcRegularizer({ model, objective: objectiveA, batches: [batch], lambda: 100, fisher: 'batch' });
    const ewcB = createEwcRegularizer({ model, objective: objectiveB, batches: [other], lambda: 100, fisher: 'batch' });
    nudge(name, 0.01);
    const value = (r: { penalty(): tf.Scalar }): number => tf.tidy(() => r.penalty().dataSync()[0]!);
    const expected = 0.5 * value(ewcA) + value(ewcB);
    expect(expected).toBeGreaterThan(0);
    expect(Math.abs(value(online.regularizer) - expected) / expected).toBeLessThan(1e-4);
    [ewcA, ewcB].forEach((r) => r.dispose());
    online.dispose();
  });

  it('online EWC refuses a gamma outside [0, 1] and a consolidation without batches', () => {
    model = createBertModel({ config: TINY_CONFIG, heads: [{ name: 'a', kind: 'classification', numLabels: 2 }] });
    expect(() => createOnlineEwc({ model, lambda: 1, gamma: 1.5 })).toThrow('online EWC `gamma` must lie in [0, 1], got 1.5');
    const online = createOnlineEwc({ model, lambda: 1 });
    expect(() => online.consolidate({ kind: 'head', head: 'a' }, [])).toThrow(/at least one batch/);
    online.dispose();
  });
});
