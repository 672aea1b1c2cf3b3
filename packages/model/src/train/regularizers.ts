// Regularisers toward earlier weights, the forgetting baselines of the benchmark:
// - EWC (Kirkpatrick et al., PNAS 2017): (lambda / 2) sum_i F_i (theta_i - theta*_i)^2 with a
//   diagonal empirical Fisher F: the mean over the old task's examples of the squared gradient of
//   each example's own loss (dropout off), and anchors theta* = the weights when it was estimated.
//   Squaring a mini-batch's mean gradient instead (`fisher: 'batch'`, the earlier estimate) squares
//   away most of the per-example variance the Fisher is made of: with noise-dominated gradients it
//   is about batch-size times smaller, so its lambda is not comparable.
// - L2-SP (Li, Grandvalet & Davoine, ICML 2018): (alpha / 2) ||theta_s - theta0_s||^2 for the
//   shared encoder plus (beta / 2) ||theta_h||^2 for the new head.
import * as tf from '@tensorflow/tfjs-core';
import type { BertModel } from '../bert/bert-model.js';
import { InvalidOptionsError } from '../errors.js';
import { objectiveLoss, type Objective, type TrainingBatch } from './objective.js';

/** A penalty added to the training loss. */
export interface Regularizer {
  readonly kind: 'ewc' | 'l2-sp';
  /** The penalty as a scalar, differentiable in the model's variables. */
  penalty(): tf.Scalar;
  /** Disposes anchors and Fisher tensors. */
  dispose(): void;
}

/** The encoder's variables (embeddings, layers, pooler): what the tasks share. */
export function sharedVariableNames(model: BertModel): string[] {
  return [...model.variables.keys()].filter((n) => !n.startsWith('heads.') && !n.startsWith('cls.predictions.'));
}

/** Options of {@link createEwcRegularizer}. */
export interface EwcOptions {
  readonly model: BertModel;
  /** The old task's objective, whose loss gradients estimate the Fisher information. */
  readonly objective: Objective;
  /** Batches of the old task's data (labels included). */
  readonly batches: readonly TrainingBatch[];
  /** Penalty strength lambda. */
  readonly lambda: number;
  /** Variables penalised. Default the shared encoder (sharedVariableNames). */
  readonly variables?: readonly string[];
  /** `example`: squared per-example gradients (the empirical Fisher); `batch`: squared batch-mean gradients. Default `example`. */
  readonly fisher?: 'example' | 'batch';
}

/** The examples of a batch as batches of one, each cut to its own length (right padding dropped). */
export function splitExamples(batch: TrainingBatch): TrainingBatch[] {
  const { batchSize: n, seqLength: t } = batch;
  const perToken = batch.labels !== undefined && batch.labels.length === n * t;
  return Array.from({ length: n }, (_, i) => {
    const row = batch.attentionMask.subarray(i * t, (i + 1) * t);
    let len = t;
    while (len > 1 && row[len - 1] === 0) len--;
    const cut = <A extends Int32Array | Uint8Array | Float32Array>(a: A): A => a.slice(i * t, i * t + len) as A;
    return {
      batchSize: 1,
      seqLength: len,
      inputIds: cut(batch.inputIds),
      tokenTypeIds: cut(batch.tokenTypeIds),
      attentionMask: cut(batch.attentionMask),
      ...(batch.labels === undefined ? {} : { labels: perToken ? cut(batch.labels) : batch.labels.slice(i, i + 1) }),
      ...(batch.targets === undefined ? {} : { targets: batch.targets.slice(i, i + 1) }),
    };
  });
}

/** Options of {@link createOnlineEwc}. */
export interface OnlineEwcOptions {
  readonly model: BertModel;
  /** Penalty strength lambda. */
  readonly lambda: number;
  /**
   * Decay of the Fisher sum at each consolidation: F <- gamma F + F_new. 1 keeps every task's Fisher
   * in full (Huszár's 2018 reading of online EWC); below 1 earlier tasks fade (Schwarz et al. 2018).
   * Default 1.
   */
  readonly gamma?: number;
  /** Variables penalised. Default the shared encoder (sharedVariableNames). */
  readonly variables?: readonly string[];
  /** `example`: squared per-example gradients (the empirical Fisher); `batch`: squared batch-mean gradients. Default `example`. */
  readonly fisher?: 'example' | 'batch';
}

/** EWC over a task stream: one Fisher sum, consolidated after each task, and one anchor, the weights after the latest. */
export interface OnlineEwc {
  /**
   * Adds the Fisher of the task just learnt (its objective and batches), the earlier sum decayed by
   * gamma, and re-anchors at the current weights.
   */
  consolidate(objective: Objective, batches: readonly TrainingBatch[]): void;
  /** Tasks consolidated so far (the penalty is zero before the first). */
  readonly tasks: number;
  /** The penalty (lambda / 2) sum F (theta - anchor)^2, for fineTune's `regularizer`. */
  readonly regularizer: Regularizer;
  /** Disposes the Fisher sum and the anchors. */
  dispose(): void;
}

/** Online EWC (Schwarz et al. 2018): see {@link OnlineEwc}. */
export function createOnlineEwc(options: OnlineEwcOptions): OnlineEwc {
  const { model, lambda } = options;
  const gamma = options.gamma ?? 1;
  if (!(lambda >= 0)) throw new InvalidOptionsError(`EWC \`lambda\` must be >= 0, got ${lambda}`);
  if (!(gamma >= 0 && gamma <= 1)) throw new InvalidOptionsError(`online EWC \`gamma\` must lie in [0, 1], got ${gamma}`);
  const mode = options.fisher ?? 'example';
  if (mode !== 'example' && mode !== 'batch') throw new InvalidOptionsError(`EWC \`fisher\` must be example or batch, got ${String(mode)}`);
  const names = [...(options.variables ?? sharedVariableNames(model))];
  const vars = names.map((n) => model.variable(n));
  const fisher = names.map((n) => tf.tidy(() => tf.variable(tf.zerosLike(model.variable(n)), false)));
  const anchors = vars.map((v) => tf.variable(tf.clone(v), false));
  let tasks = 0;
  const regularizer: Regularizer = {
    kind: 'ewc',
    penalty: () =>
      tf.tidy(() => {
        const terms = vars.map((v, i) => tf.sum(tf.mul(fisher[i]!, tf.square(tf.sub(v, anchors[i]!)))));
        return tf.mul(tf.addN(terms), lambda / 2) as tf.Scalar;
      }),
    dispose: () => online.dispose(),
  };
  const online: OnlineEwc = {
    consolidate(objective, batches) {
      if (batches.length === 0) throw new InvalidOptionsError('EWC needs at least one batch to estimate the Fisher information');
      // The first task's Fisher is assigned as it is summed, so that plain EWC (one task) is the same arithmetic as before.
      if (tasks > 0 && gamma !== 1) fisher.forEach((f) => f.assign(tf.tidy(() => tf.mul(f, gamma))));
      const units = mode === 'example' ? batches.flatMap(splitExamples) : batches;
      for (const unit of units) {
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => objectiveLoss(model, objective, unit, { grad: true, dropout: null }), vars);
          vars.forEach((v, i) => {
            const g = grads[v.name];
            if (g !== undefined) fisher[i]!.assign(tf.add(fisher[i]!, tf.div(tf.square(g), units.length)));
          });
        });
      }
      vars.forEach((v, i) => anchors[i]!.assign(v));
      tasks++;
    },
    get tasks() {
      return tasks;
    },
    regularizer,
    dispose() {
      fisher.forEach((f) => f.dispose());
      anchors.forEach((a) => a.dispose());
    },
  };
  return online;
}

/** Estimates the diagonal Fisher on the given batches and anchors the current weights: online EWC after one task. */
export function createEwcRegularizer(options: EwcOptions): Regularizer {
  const online = createOnlineEwc(options);
  try {
    online.consolidate(options.objective, options.batches);
  } catch (error) {
    online.dispose();
    throw error;
  }
  return online.regularizer;
}

/** Options of {@link createL2SpRegularizer}. */
export interface L2SpOptions {
  readonly model: BertModel;
  /** Strength toward the starting weights of the shared variables. */
  readonly alpha: number;
  /** Strength of plain L2 on `headVariables`. Default 0. */
  readonly beta?: number;
  /** Variables pulled toward their current values. Default the shared encoder. */
  readonly variables?: readonly string[];
  /** Variables under plain L2 (the new task's head). Default none. */
  readonly headVariables?: readonly string[];
}

/** Anchors the current weights and penalises the distance to them. */
export function createL2SpRegularizer(options: L2SpOptions): Regularizer {
  const { model, alpha } = options;
  const beta = options.beta ?? 0;
  if (!(alpha >= 0) || !(beta >= 0)) throw new InvalidOptionsError(`L2-SP \`alpha\` and \`beta\` must be >= 0, got ${alpha}, ${beta}`);
  const vars = (options.variables ?? sharedVariableNames(model)).map((n) => model.variable(n));
  const headVars = (options.headVariables ?? []).map((n) => model.variable(n));
  const anchors = vars.map((v) => tf.keep(tf.clone(v)));
  return {
    kind: 'l2-sp',
    penalty: () =>
      tf.tidy(() => {
        const sp = tf.addN(vars.map((v, i) => tf.sum(tf.square(tf.sub(v, anchors[i]!)))));
        let total: tf.Tensor = tf.mul(sp, alpha / 2);
        if (beta > 0 && headVars.length > 0) {
          total = tf.add(total, tf.mul(tf.addN(headVars.map((v) => tf.sum(tf.square(v)))), beta / 2));
        }
        return total as tf.Scalar;
      }),
    dispose() {
      anchors.forEach((a) => a.dispose());
    },
  };
}
