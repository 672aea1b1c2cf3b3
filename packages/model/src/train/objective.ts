// What a training step minimises: a task head's loss (cross-entropy for classification, MSE for
// regression, as BertForSequenceClassification) or the masked-language-model loss.
import * as tf from '@tensorflow/tfjs-core';
import type { BertModel } from '../bert/bert-model.js';
import type { EncoderBatch } from '../bert/encoder.js';
import { IGNORE_LABEL, type MlmMaskingOptions } from '../bert/mlm-masking.js';
import { InvalidOptionsError } from '../errors.js';
import { embeddingLookup } from '../layers/embedding.js';
import type { ForwardContext } from '../layers/forward-context.js';
import { meanSquaredError, softmaxCrossEntropy } from '../layers/losses.js';
import type { ReplayBatch } from './replay.js';

/** Train a task head (its kind decides the loss) or the MLM head. */
export type Objective = { readonly kind: 'head'; readonly head: string } | { readonly kind: 'mlm'; readonly masking: MlmMaskingOptions };

/** A padded batch with what the objective needs. */
export interface TrainingBatch extends EncoderBatch {
  /** Classification labels per sequence, or MLM labels per token (-100 = ignored). */
  readonly labels?: Int32Array;
  /** Regression targets per sequence. */
  readonly targets?: Float32Array;
  /** Earlier tasks' examples replayed in this step, each scored by its own (frozen) head. */
  readonly replay?: readonly ReplayBatch[];
}

/** Variables an objective trains: the encoder and its head (no other heads; no pooler for MLM). */
export function trainableVariableNames(model: BertModel, objective: Objective): string[] {
  if (objective.kind === 'head') model.head(objective.head);
  return [...model.variables.keys()].filter((name) => {
    if (name.startsWith('heads.')) return objective.kind === 'head' && name.startsWith(`heads.${objective.head}.`);
    if (name.startsWith('cls.predictions.')) return objective.kind === 'mlm';
    if (name.startsWith('pooler.')) return objective.kind === 'head';
    return true;
  });
}

/** Positions (flat indices) whose MLM label counts. */
export function maskedPositions(labels: Int32Array): Int32Array {
  let n = 0;
  for (const l of labels) if (l !== IGNORE_LABEL) n++;
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== IGNORE_LABEL) out[j++] = i;
  return out;
}

/** The objective's mean loss on a batch. */
export function objectiveLoss(model: BertModel, objective: Objective, batch: TrainingBatch, ctx: ForwardContext): tf.Scalar {
  if (objective.kind === 'mlm') {
    const labels = batch.labels;
    if (labels === undefined || labels.length !== batch.inputIds.length) {
      throw new InvalidOptionsError('an MLM batch must carry one label per token (`labels`, -100 for ignored)');
    }
    const positions = maskedPositions(labels);
    if (positions.length === 0) throw new InvalidOptionsError('an MLM batch must have at least one masked position');
    const targets = Int32Array.from(positions, (i) => labels[i]!);
    const { sequence } = model.encode(batch, ctx);
    const rows = embeddingLookup(sequence, positions, ctx);
    return softmaxCrossEntropy(model.mlmLogits(rows, ctx), targets, ctx);
  }
  const current = headLoss(model, objective.head, batch, ctx);
  if (batch.replay === undefined || batch.replay.length === 0) return current;
  // The mean over every example of the step, as if the replayed ones were rows of the same batch.
  let total = tf.mul(current, batch.batchSize);
  let count = batch.batchSize;
  for (const { head, batch: replayed } of batch.replay) {
    total = tf.add(total, tf.mul(headLoss(model, head, replayed, ctx), replayed.batchSize));
    count += replayed.batchSize;
  }
  return tf.div(total, count);
}

/** A task head's mean loss on a batch: cross-entropy for classification, MSE for regression. */
function headLoss(model: BertModel, headName: string, batch: TrainingBatch, ctx: ForwardContext): tf.Scalar {
  const head = model.head(headName);
  const { pooled } = model.encode(batch, ctx, { pooledOnly: true });
  const logits = model.headLogits(head.name, pooled, ctx);
  if (head.kind === 'regression') {
    if (batch.targets === undefined || batch.targets.length !== batch.batchSize) {
      throw new InvalidOptionsError(`a regression batch must carry ${batch.batchSize} \`targets\``);
    }
    return meanSquaredError(logits, batch.targets);
  }
  if (batch.labels === undefined || batch.labels.length !== batch.batchSize) {
    throw new InvalidOptionsError(`a classification batch must carry ${batch.batchSize} \`labels\``);
  }
  return softmaxCrossEntropy(logits, batch.labels, ctx);
}
