import {
  collate,
  createRng,
  type OptimizerState,
  createEwcRegularizer,
  createL2SpRegularizer,
  evaluate,
  evaluateMlm,
  fineTune,
  planBatches,
  type BertModel,
  type Example,
  type FitProgress,
  type GroupLearningRates,
  type MlmMaskingOptions,
  type Regularizer,
  type TrainingBatch,
} from '@lrdist/model';
import type { PreparedTask } from './prepare-task.js';
import { replayMemory, type ReplaySettings } from './replay-memory.js';
import type { MlmFigures, Score } from './score.js';

/** How one phase trains. */
export interface TrainingSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly warmupFraction: number;
  /** `linear` (Hugging Face's default) or `cosine` (the paper's code). */
  readonly schedule: 'linear' | 'cosine';
  readonly seed: number;
  /**
   * `adamw` (default): AdamW, weight decay 0.01, gradient clipping at norm 1, a fresh optimiser per
   * phase (Hugging Face's Trainer). `paper`: the authors' code: Adam without weight decay or
   * clipping, and phase A's moments carried into phase B.
   */
  readonly optimizer?: 'adamw' | 'paper';
}

/**
 * fineTune's options for one phase: the optimiser the settings name (the `paper` one without decay
 * or clipping), their schedule and seed, the task's head and training set, and the caller's hooks.
 */
export function phaseOptions(
  settings: TrainingSettings,
  task: PreparedTask,
  hooks: { onProgress?: ((p: FitProgress) => void) | undefined; signal?: AbortSignal | undefined },
) {
  return {
    ...(settings.optimizer === 'paper' ? { optimizer: 'adam' as const, weightDecay: 0, clipNorm: null } : { optimizer: 'adamw' as const }),
    head: task.head,
    examples: task.train,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    seed: settings.seed,
    warmupFraction: settings.warmupFraction,
    schedule: settings.schedule,
    ...(hooks.onProgress === undefined ? {} : { onProgress: hooks.onProgress }),
    ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
  };
}

/** Held-out masked-language-model set: measures what fine-tuning does to pretrained knowledge. */
export interface MlmProbe {
  readonly examples: readonly Example[];
  readonly masking: MlmMaskingOptions;
  readonly seed: number;
}

/** Scores a head on a set. */
export async function scoreHead(model: BertModel, task: PreparedTask, examples: readonly Example[]): Promise<Score> {
  const { predictions } = await evaluate({ model, head: task.head.name, examples });
  return task.score(predictions, examples);
}

/** The MLM figures of the model on the probe, or undefined when it has no MLM head. */
export async function probeMlm(model: BertModel, probe: MlmProbe | null): Promise<MlmFigures | undefined> {
  if (probe === null || !model.hasMlmHead) return undefined;
  const r = await evaluateMlm({ model, examples: probe.examples, masking: probe.masking, seed: probe.seed });
  return { loss: r.loss, accuracy: r.accuracy };
}

/** Phase A: fine-tune the original task; report p_a on its test set and the MLM figures around it. */
export async function trainPhaseA(options: {
  model: BertModel;
  taskA: PreparedTask;
  /** The rates phase A trains with (fineTune's `lr`). */
  lr: GroupLearningRates;
  settings: TrainingSettings;
  mlm: MlmProbe | null;
  onProgress?: (p: FitProgress) => void;
  signal?: AbortSignal;
}): Promise<{ pA: Score; pAValidation: Score; mlmBeforeA?: MlmFigures; mlmAfterA?: MlmFigures; optimizerState?: OptimizerState }> {
  const { model, taskA, settings } = options;
  const mlmBeforeA = await probeMlm(model, options.mlm);
  const trained = await fineTune({
    ...phaseOptions(settings, taskA, options),
    keepOptimizerState: settings.optimizer === 'paper',
    model,
    lr: options.lr,
  });
  const pA = await scoreHead(model, taskA, taskA.test);
  // Validation too: tuning the flat learning rate must never look at test.
  const pAValidation = await scoreHead(model, taskA, taskA.validation);
  const mlmAfterA = await probeMlm(model, options.mlm);
  return {
    pA,
    pAValidation,
    ...(mlmBeforeA === undefined ? {} : { mlmBeforeA }),
    ...(mlmAfterA === undefined ? {} : { mlmAfterA }),
    ...(trained.optimizerState === undefined ? {} : { optimizerState: trained.optimizerState }),
  };
}

/** Labelled batches of A's training data for EWC's Fisher estimate (the first `maxExamples`, in order). */
export function fisherBatches(model: BertModel, task: PreparedTask, maxExamples: number, batchSize: number): TrainingBatch[] {
  const examples = task.train.slice(0, maxExamples);
  const plan = planBatches(
    examples.map((e) => e.inputIds.length),
    { batchSize, rng: null },
  );
  return plan.map((indices) => {
    const padded = collate(examples, indices, model.config.padTokenId);
    return task.head.kind === 'regression'
      ? { ...padded, targets: Float32Array.from(indices, (i) => examples[i]!.label!) }
      : { ...padded, labels: Int32Array.from(indices, (i) => examples[i]!.label!) };
  });
}

/** What phase B measured. */
export interface PhaseBOutcome {
  /** A's metric after B, on A's evaluation set. */
  readonly pO: Score;
  /** B's metric after B, on B's evaluation set. */
  readonly pS: Score;
  readonly mlmAfterB?: MlmFigures;
  /** True when an intermediate check asked to stop (pruned). */
  readonly stopped: boolean;
}

/**
 * Phase B: from A's weights, fine-tune the second task with the method's learning rates (and EWC's
 * penalty toward A's weights when asked); measure p_o and p_s on the chosen split. `onEpoch` sees
 * (p_o, p_s) on that split after every epoch and may stop training (pruning).
 */
export async function trainPhaseB(options: {
  model: BertModel;
  taskA: PreparedTask;
  taskB: PreparedTask;
  /** The rates phase B trains with (fineTune's `lr`). */
  lr: GroupLearningRates;
  settings: TrainingSettings;
  ewcLambda?: number;
  /** EWC's Fisher estimate. Default `example`. */
  ewcFisher?: 'example' | 'batch';
  /** L2-SP's strength toward the weights phase B starts from (phase A's), when given. */
  l2spAlpha?: number;
  /** Experience replay of A's training examples while B is learnt, when given. */
  replay?: ReplaySettings;
  /** Phase A's optimiser state, continued under the `paper` optimiser. */
  carriedState?: OptimizerState;
  /** `test` for reported figures, `validation` for search. */
  split: 'test' | 'validation';
  mlm: MlmProbe | null;
  onEpoch?: (epoch: number, figures: { pO: Score; pS: Score }) => Promise<boolean>;
  onProgress?: (p: FitProgress) => void;
  signal?: AbortSignal;
}): Promise<PhaseBOutcome> {
  const { model, taskA, taskB, settings, split } = options;
  let regularizer: Regularizer | undefined;
  if (options.ewcLambda !== undefined) {
    regularizer = createEwcRegularizer({
      model,
      objective: { kind: 'head', head: taskA.head.name },
      batches: fisherBatches(model, taskA, 512, settings.batchSize),
      lambda: options.ewcLambda,
      fisher: options.ewcFisher ?? 'example',
    });
  } else if (options.l2spAlpha !== undefined) {
    regularizer = createL2SpRegularizer({ model, alpha: options.l2spAlpha });
  }
  let stopped = false;
  const measure = async (): Promise<{ pO: Score; pS: Score }> => ({
    pO: await scoreHead(model, taskA, taskA[split]),
    pS: await scoreHead(model, taskB, taskB[split]),
  });
  try {
    await fineTune({
      ...phaseOptions(settings, taskB, options),
      ...(options.carriedState === undefined ? {} : { carryOptimizerFrom: options.carriedState }),
      model,
      lr: options.lr,
      ...(regularizer === undefined ? {} : { regularizer }),
      ...(options.replay === undefined
        ? {}
        : {
            replay: {
              examples: replayMemory(taskA, options.replay, createRng(settings.seed)),
              ...(options.replay.perStep === undefined ? {} : { perStep: options.replay.perStep }),
            },
          }),
      ...(options.onEpoch === undefined
        ? {}
        : {
            evaluation: {
              atEpochEnd: true,
              run: async ({ epoch }) => {
                // The last epoch is measured below anyway; pruning decides only on earlier ones.
                if (epoch >= settings.epochs) return undefined;
                stopped = await options.onEpoch!(epoch, await measure());
                return { stop: stopped };
              },
            },
          }),
    });
  } finally {
    regularizer?.dispose();
  }
  const figures = await measure();
  const mlmAfterB = await probeMlm(model, options.mlm);
  return { ...figures, stopped, ...(mlmAfterB === undefined ? {} : { mlmAfterB }) };
}
