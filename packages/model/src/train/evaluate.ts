// Evaluation over the caller's examples: logits and predictions as plain arrays in input order
// (the caller computes metrics), and masked-language-model loss and accuracy.
import * as tf from '@tensorflow/tfjs-core';
import type { BertModel } from '../bert/bert-model.js';
import { applyMlmMasking, type MlmMaskingOptions } from '../bert/mlm-masking.js';
import { InvalidOptionsError } from '../errors.js';
import { embeddingLookup } from '../layers/embedding.js';
import { INFERENCE } from '../layers/forward-context.js';
import { softmaxCrossEntropy } from '../layers/losses.js';
import { createRng } from '../util/rng.js';
import { collate, planBatches, validateExamples, type Example } from './batching.js';
import { maskedPositions } from './objective.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  readonly model: BertModel;
  /** The task head to read. */
  readonly head: string;
  readonly examples: readonly Example[];
  /** Default 64. */
  readonly batchSize?: number;
}

/** Logits per example and the predicted class (argmax) or regression value, in input order. */
export interface EvaluateResult {
  readonly logits: number[][];
  readonly predictions: number[];
}

/** Runs a task head over examples without dropout. */
export async function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  const { model, examples } = options;
  const head = model.head(options.head);
  validateExamples(examples, model.config.maxPositions, false);
  const plan = planBatches(
    examples.map((e) => e.inputIds.length),
    { batchSize: options.batchSize ?? 64, rng: null },
  );
  const logits: number[][] = new Array<number[]>(examples.length);
  for (const indices of plan) {
    const batch = collate(examples, indices, model.config.padTokenId);
    const values = tf.tidy(() => model.headLogits(head.name, model.encode(batch, INFERENCE, { pooledOnly: true }).pooled).dataSync());
    indices.forEach((index, row) => {
      logits[index] = Array.from(values.subarray(row * head.numLabels, (row + 1) * head.numLabels));
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const predictions = logits.map((row) => (head.kind === 'regression' ? row[0]! : argmax(row)));
  return { logits, predictions };
}

/** Options of {@link evaluateMlm}. */
export interface EvaluateMlmOptions {
  readonly model: BertModel;
  readonly examples: readonly Example[];
  readonly masking: MlmMaskingOptions;
  /** Seed of the masks (the same seed masks the same positions). */
  readonly seed: number;
  /** Default 64. */
  readonly batchSize?: number;
}

/** Masked-language-model loss (mean over masked tokens) and accuracy on masked tokens. */
export interface MlmEvaluation {
  readonly loss: number;
  readonly accuracy: number;
  readonly maskedTokens: number;
}

/** Masks the examples with BERT's recipe and scores the MLM head on the masked positions. */
export async function evaluateMlm(options: EvaluateMlmOptions): Promise<MlmEvaluation> {
  const { model, examples } = options;
  if (!model.hasMlmHead) throw new InvalidOptionsError('the model has no MLM head to evaluate');
  validateExamples(examples, model.config.maxPositions, false);
  const rng = createRng(options.seed);
  const plan = planBatches(
    examples.map((e) => e.inputIds.length),
    { batchSize: options.batchSize ?? 64, rng: null },
  );
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  for (const indices of plan) {
    const padded = collate(examples, indices, model.config.padTokenId);
    const masked = applyMlmMasking(padded.inputIds, options.masking, rng, padded.attentionMask);
    const positions = maskedPositions(masked.labels);
    if (positions.length === 0) continue;
    const targets = Int32Array.from(positions, (i) => masked.labels[i]!);
    const [loss, predicted] = tf.tidy(() => {
      const { sequence } = model.encode({ ...padded, inputIds: masked.inputIds }, INFERENCE);
      const logits = model.mlmLogits(embeddingLookup(sequence, positions, INFERENCE));
      return [softmaxCrossEntropy(logits, targets, INFERENCE).dataSync()[0]!, tf.argMax(logits, -1).dataSync()];
    });
    lossSum += loss * positions.length;
    targets.forEach((t, i) => {
      if (predicted[i] === t) correct++;
    });
    count += positions.length;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { loss: count === 0 ? NaN : lossSum / count, accuracy: count === 0 ? NaN : correct / count, maskedTokens: count };
}

function argmax(row: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}
