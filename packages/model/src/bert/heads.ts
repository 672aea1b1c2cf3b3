// Task heads on the pooled [CLS] representation, as Hugging Face's BertForSequenceClassification:
// dropout (classifier_dropout, else hidden_dropout_prob) then one dense layer; a classification
// head has n logits, a regression head (STS-B) one output.
import type * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionsError } from '../errors.js';
import { applyDropout } from '../layers/dropout.js';
import type { ForwardContext } from '../layers/forward-context.js';
import { linear, type LinearParams } from '../layers/linear.js';

/** What kind of output a head has. */
export type HeadKind = 'classification' | 'regression';

/** A task head: its name (the caller's task name), kind and number of outputs. */
export interface HeadSpec {
  readonly name: string;
  readonly kind: HeadKind;
  /** Logits for classification; 1 for regression. */
  readonly numLabels: number;
}

/** Variable-name prefix of a head: `heads.<name>.`. */
export function headPrefix(name: string): string {
  return `heads.${name}.`;
}

/** Validates a head spec (name charset, label count) and returns a normalised copy. */
export function validateHeadSpec(spec: HeadSpec): HeadSpec {
  if (!/^[A-Za-z0-9_-]+$/.test(spec.name)) {
    throw new InvalidOptionsError(`head \`name\` must match [A-Za-z0-9_-]+, got "${spec.name}"`);
  }
  if (spec.kind !== 'classification' && spec.kind !== 'regression') {
    throw new InvalidOptionsError(`head \`kind\` must be classification or regression, got "${String(spec.kind)}"`);
  }
  const numLabels = spec.kind === 'regression' ? 1 : spec.numLabels;
  if (!Number.isInteger(numLabels) || numLabels < (spec.kind === 'regression' ? 1 : 2)) {
    throw new InvalidOptionsError(`head \`numLabels\` must be an integer >= 2 for classification, got ${spec.numLabels}`);
  }
  return { name: spec.name, kind: spec.kind, numLabels };
}

/** Logits [batch, numLabels] of a head from pooled outputs [batch, hidden]. */
export function headForward(pooled: tf.Tensor2D, p: LinearParams, dropoutRate: number, ctx: ForwardContext): tf.Tensor2D {
  return linear(applyDropout(pooled, dropoutRate, ctx.dropout), p, ctx);
}
