import * as tf from '@tensorflow/tfjs-core';
import type { BertModel } from '../bert/bert-model.js';
import { NonFiniteLossError } from '../errors.js';
import type { DropoutSampler } from '../layers/dropout.js';
import { objectiveLoss, type Objective, type TrainingBatch } from './objective.js';
import type { GroupOptimizer, StepReport } from './optimizer.js';
import type { Regularizer } from './regularizers.js';

/** Options of {@link trainStep}. */
export interface TrainStepOptions {
  readonly model: BertModel;
  readonly optimizer: GroupOptimizer;
  readonly objective: Objective;
  readonly batch: TrainingBatch;
  /** Dropout mask source; null trains without dropout. */
  readonly dropout: DropoutSampler | null;
  /** Added to the loss (EWC, L2-SP). Default none. */
  readonly regularizer?: Regularizer;
  /**
   * Data parallelism: combines this worker's gradients and loss with the other workers' (for
   * example averaging through shared memory) before the update; it runs synchronously inside the
   * step's tidy scope, and every worker must return the same values so their weights stay equal.
   * Default: none (the local gradients are applied).
   */
  readonly reduceGradients?: GradientReducer;
}

/**
 * Receives the gradients of every trained variable (keyed by variable name, in optimiser order) and
 * the batch loss; returns the gradients to apply and the loss to report.
 */
export type GradientReducer = (
  grads: ReadonlyMap<string, tf.Tensor>,
  loss: number,
) => { readonly grads: ReadonlyMap<string, tf.Tensor>; readonly loss: number };

/** What one step measured. */
export interface TrainStepResult {
  /** The objective's loss on the batch (without the penalty). */
  readonly loss: number;
  /** The regulariser's penalty (0 without one). */
  readonly penalty: number;
  readonly report: StepReport;
}

/**
 * Embedding rows with a gradient this step: the tokens, positions and segments of the batch. Empty
 * when something else gives every row a gradient (the MLM decoder, a regulariser).
 */
function touchedRows(objective: Objective, batch: TrainingBatch, regularizer: Regularizer | undefined): Map<string, Int32Array> {
  if (objective.kind === 'mlm' || regularizer !== undefined) return new Map();
  // Replayed examples are rows of the step too.
  const parts = [batch, ...(batch.replay ?? []).map((r) => r.batch)];
  const unique = (pick: (b: TrainingBatch) => Int32Array) => Int32Array.from(new Set(parts.flatMap((b) => [...pick(b)]))).sort();
  const seqLength = Math.max(...parts.map((b) => b.seqLength));
  return new Map([
    ['embeddings.word_embeddings.weight', unique((b) => b.inputIds)],
    ['embeddings.position_embeddings.weight', Int32Array.from({ length: seqLength }, (_, i) => i)],
    ['embeddings.token_type_embeddings.weight', unique((b) => b.tokenTypeIds)],
  ]);
}

/**
 * One optimiser step: loss and gradients of every trainable variable, NaN/Inf guard (throws
 * NonFiniteLossError before touching the weights), then the update.
 */
export function trainStep(options: TrainStepOptions): TrainStepResult {
  const { model, optimizer, objective, batch, dropout, regularizer } = options;
  const vars = optimizer.variableNames.map((n) => model.variable(n));
  const nameOf = new Map(vars.map((v, i) => [v.name, optimizer.variableNames[i]!]));
  const ctx = { grad: true, dropout };
  let result: TrainStepResult | undefined;
  tf.tidy(() => {
    // The two parts of the loss escape the gradient's forward scope so they can be reported.
    const parts: tf.Scalar[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const dataLoss = tf.keep(objectiveLoss(model, objective, batch, ctx));
      parts.push(dataLoss);
      if (regularizer === undefined) return dataLoss;
      const penalty = tf.keep(regularizer.penalty());
      parts.push(penalty);
      return tf.add(dataLoss, penalty);
    }, vars);
    const total = value.dataSync()[0]!;
    const loss = parts[0]?.dataSync()[0] ?? total;
    const pen = parts[1]?.dataSync()[0] ?? 0;
    parts.forEach((t) => t.dispose());
    if (!Number.isFinite(total)) throw new NonFiniteLossError(optimizer.step + 1, total);
    const local = new Map<string, tf.Tensor>();
    for (const [tfName, g] of Object.entries(grads)) local.set(nameOf.get(tfName)!, g);
    const reduced = options.reduceGradients?.(local, loss) ?? { grads: local, loss };
    // Lazy row updates assume only this batch's rows have gradients; reduced gradients carry other
    // workers' rows too, so they take the dense update.
    const rows =
      optimizer.lazyEmbeddings && options.reduceGradients === undefined ? { rows: touchedRows(objective, batch, regularizer) } : {};
    const report = optimizer.apply(reduced.grads, rows);
    result = { loss: reduced.loss, penalty: pen, report };
  });
  return result!;
}
