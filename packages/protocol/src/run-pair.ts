import type { BertModel, FitProgress, GroupLearningRates } from '@lrdist/model';
import type { EwcFisher } from './methods.js';
import { trainPhaseA, trainPhaseB, type MlmProbe, type TrainingSettings } from './phases.js';
import type { PreparedTask } from './prepare-task.js';
import type { ReplaySettings } from './replay-memory.js';
import type { MlmFigures, Score } from './score.js';

/** Hugging Face's fine-tuning defaults, the ones {@link runPair} uses where `settings` is silent. */
export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = {
  epochs: 3,
  batchSize: 32,
  warmupFraction: 0.1,
  schedule: 'linear',
  seed: 0,
  optimizer: 'adamw',
};

/** Options of {@link runPair}. */
export interface RunPairOptions {
  /** The encoder, trained in place: the caller owns it (and disposes it). */
  readonly model: BertModel;
  /** The original task, learnt first. */
  readonly taskA: PreparedTask;
  /** The second task, learnt next. */
  readonly taskB: PreparedTask;
  /** Phase A's rates: an LrDistribution of @lrdist/combine, or any `{ groups: [{ name, lr }] }`. */
  readonly lrA: GroupLearningRates;
  /** Phase B's rates: the method under test. */
  readonly lrB: GroupLearningRates;
  /** Overrides of {@link DEFAULT_TRAINING_SETTINGS}, for both phases. */
  readonly settings?: Partial<TrainingSettings>;
  /** EWC's penalty strength in phase B (none when absent), and its Fisher estimate. */
  readonly ewc?: { readonly lambda: number; readonly fisher?: EwcFisher };
  /** L2-SP's strength in phase B, toward phase A's weights (none when absent). */
  readonly l2sp?: { readonly alpha: number };
  /** Experience replay in phase B: `size` of A's training examples mixed into B's steps (none when absent). */
  readonly replay?: ReplaySettings;
  /** Measured on `test` (GLUE dev, default) for reported figures, or `validation` while tuning. */
  readonly split?: 'test' | 'validation';
  /** A held-out MLM set: adds the pretraining loss before A, after A and after B. */
  readonly mlm?: MlmProbe;
  readonly onProgress?: (phase: 'A' | 'B', progress: FitProgress) => void;
  readonly signal?: AbortSignal;
}

/** What one pair measured. */
export interface PairOutcome {
  /** A's metric right after learning A. */
  readonly pA: Score;
  /** A's metric after learning B: what was kept. */
  readonly pO: Score;
  /** B's metric after learning B. */
  readonly pS: Score;
  /** pA - pO in A's headline metric: what learning B cost A (negative when B helped). */
  readonly forgetting: number;
  readonly mlm?: { readonly beforeA?: MlmFigures; readonly afterA?: MlmFigures; readonly afterB?: MlmFigures };
}

/**
 * The whole protocol on one pair and one seed, in memory: fine-tune A with `lrA`, score it, fine-tune
 * B with `lrB` (the optimiser moments carried over under `optimizer: 'paper'`), and score both. The
 * benchmark runs the same two phases in worker threads with a phase-A cache in between
 * ({@link trainPhaseA}, {@link trainPhaseB}, {@link writePhaseA}).
 */
export async function runPair(options: RunPairOptions): Promise<PairOutcome> {
  const settings: TrainingSettings = { ...DEFAULT_TRAINING_SETTINGS, ...options.settings };
  const split = options.split ?? 'test';
  const mlm = options.mlm ?? null;
  const progress = (phase: 'A' | 'B') =>
    options.onProgress === undefined ? {} : { onProgress: (p: FitProgress) => options.onProgress!(phase, p) };
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const a = await trainPhaseA({ model: options.model, taskA: options.taskA, lr: options.lrA, settings, mlm, ...progress('A'), ...signal });
  const b = await trainPhaseB({
    model: options.model,
    taskA: options.taskA,
    taskB: options.taskB,
    lr: options.lrB,
    settings,
    split,
    mlm,
    ...(a.optimizerState === undefined ? {} : { carriedState: a.optimizerState }),
    ...(options.ewc === undefined
      ? {}
      : { ewcLambda: options.ewc.lambda, ...(options.ewc.fisher === undefined ? {} : { ewcFisher: options.ewc.fisher }) }),
    ...(options.l2sp === undefined ? {} : { l2spAlpha: options.l2sp.alpha }),
    ...(options.replay === undefined ? {} : { replay: options.replay }),
    ...progress('B'),
    ...signal,
  });
  // p_a on the split p_o is measured on, so that their difference is forgetting and nothing else.
  const pA = split === 'test' ? a.pA : a.pAValidation;
  const mlmFigures = {
    ...(a.mlmBeforeA === undefined ? {} : { beforeA: a.mlmBeforeA }),
    ...(a.mlmAfterA === undefined ? {} : { afterA: a.mlmAfterA }),
    ...(b.mlmAfterB === undefined ? {} : { afterB: b.mlmAfterB }),
  };
  return { pA, pO: b.pO, pS: b.pS, forgetting: pA.headline - b.pO.headline, ...(mlm === null ? {} : { mlm: mlmFigures }) };
}
