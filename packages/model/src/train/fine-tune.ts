// Fine-tuning one task head with one learning rate per LR group: the unit both phases of the
// forgetting protocol are made of (train A; then train B from A's weights).
import type { BertModel } from '../bert/bert-model.js';
import type { HeadSpec } from '../bert/heads.js';
import { InvalidOptionsError } from '../errors.js';
import type { Example } from './batching.js';
import { fit, type FitEvaluation, type FitProgress, type FitResult } from './fit.js';
import { trainableVariableNames } from './objective.js';
import { createOptimizer, type OptimizerState } from './optimizer.js';
import type { GroupLearningRates } from './param-groups.js';
import type { Regularizer } from './regularizers.js';
import type { ReplayOptions } from './replay.js';

/** Options of {@link fineTune}. */
export interface FineTuneOptions {
  readonly model: BertModel;
  /** The head to train: its spec (created when the model lacks it) or the name of an existing head. */
  readonly head: HeadSpec | string;
  readonly examples: readonly Example[];
  /** Learning rate per LR group (`embeddings`, `layer_i` or ranges, `pooler`, `head`): a record, a list, or an @lrdist/combine distribution as it is. */
  readonly lr: GroupLearningRates;
  readonly epochs: number;
  readonly batchSize: number;
  /** Seeds batch order and dropout. */
  readonly seed: number;
  /** Default "adamw". */
  readonly optimizer?: 'adam' | 'adamw';
  /** Default 0.01 (AdamW; biases and LayerNorm excluded). */
  readonly weightDecay?: number;
  /** LR schedule after warm-up. Default "linear" (to 0 at the last step). */
  readonly schedule?: 'linear' | 'cosine' | 'constant';
  /** Share of the steps spent warming up linearly. Default 0.1. */
  readonly warmupFraction?: number;
  /** Global-norm gradient clipping; null: none (as the paper's code). Default 1 (as Hugging Face's Trainer). */
  readonly clipNorm?: number | null;
  /**
   * Continue the Adam moments of an earlier fine-tuning (its `optimizerState`): the authors of the
   * paper keep one optimiser across tasks. The LR schedule starts afresh; a new head's moments start at 0.
   */
  readonly carryOptimizerFrom?: OptimizerState;
  /** Return the optimiser's final state (`optimizerState`), for a later `carryOptimizerFrom`. Default false. */
  readonly keepOptimizerState?: boolean;
  /** BERT dropout while training. Default true. */
  readonly dropout?: boolean;
  readonly regularizer?: Regularizer;
  /** Experience replay of earlier tasks' examples, each through its own frozen head (fit's `replay`). */
  readonly replay?: ReplayOptions;
  readonly evaluation?: FitEvaluation;
  readonly onProgress?: (progress: FitProgress) => void;
  readonly signal?: AbortSignal;
}

/** How fine-tuning ended, and the optimiser's state when asked for. */
export interface FineTuneResult extends FitResult {
  readonly optimizerState?: OptimizerState;
}

/**
 * Trains one head (and the encoder under it, with the pooler in the `head` group unless the LRs name `pooler`) on labelled
 * examples, with per-group learning rates, a warm-up schedule and gradient clipping; other heads and
 * the MLM head stay frozen. Returns how training ended; the weights are changed in place.
 */
export async function fineTune(options: FineTuneOptions): Promise<FineTuneResult> {
  const { model, examples, epochs, batchSize } = options;
  if (typeof options.head !== 'string' && !model.heads.some((h) => h.name === (options.head as HeadSpec).name)) {
    model.addHead(options.head);
  }
  const head = typeof options.head === 'string' ? options.head : options.head.name;
  if (!Number.isInteger(epochs) || epochs <= 0) throw new InvalidOptionsError(`\`epochs\` must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize <= 0)
    throw new InvalidOptionsError(`\`batchSize\` must be a positive integer, got ${batchSize}`);
  const warmup = options.warmupFraction ?? 0.1;
  if (!(warmup >= 0 && warmup <= 1)) throw new InvalidOptionsError(`\`warmupFraction\` must lie in [0, 1], got ${warmup}`);
  const objective = { kind: 'head', head } as const;
  const totalSteps = epochs * Math.ceil(examples.length / batchSize);
  const kind = options.schedule ?? 'linear';
  const optimizer = createOptimizer({
    model,
    kind: options.optimizer ?? 'adamw',
    lr: options.lr,
    variables: trainableVariableNames(model, objective),
    ...(options.weightDecay === undefined ? {} : { weightDecay: options.weightDecay }),
    ...(options.clipNorm === null ? {} : { clipNorm: options.clipNorm ?? 1 }),
    schedule: kind === 'constant' ? { kind } : { kind, warmupSteps: Math.round(warmup * totalSteps), totalSteps },
  });
  try {
    if (options.carryOptimizerFrom !== undefined) optimizer.carryMoments(options.carryOptimizerFrom);
    const result = await fit({
      model,
      optimizer,
      objective,
      examples,
      epochs,
      batchSize,
      seed: options.seed,
      ...(options.dropout === undefined ? {} : { dropout: options.dropout }),
      ...(options.regularizer === undefined ? {} : { regularizer: options.regularizer }),
      ...(options.replay === undefined ? {} : { replay: options.replay }),
      ...(options.evaluation === undefined ? {} : { evaluation: options.evaluation }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return options.keepOptimizerState === true ? { ...result, optimizerState: await optimizer.getState() } : result;
  } finally {
    optimizer.dispose();
  }
}
