import type { GroupLearningRates, PassCost, StepCostMeasurement } from '@lrdist/model';
import type { TaskData } from '../data/ensure-task-data.js';
import type { EwcFisher, MlmFigures, PhaseAKey, ReplaySettings, Score, TrainingSettings } from '@lrdist/protocol';
import type { ModelSource } from '../model/model-source.js';

/** Where and how tasks are loaded (identical for every job of a run). */
export interface DataSpec {
  readonly cwd: string;
  readonly dataDir?: string;
  /**
   * What the preflight found per task (ensureTaskData): workers read each task from its root and
   * nowhere else, and the fingerprints key the phase-A cache and results.json. Default: none
   * (workers resolve the data themselves; keys carry no fingerprint).
   */
  readonly tasks?: Readonly<Record<string, TaskData>>;
  readonly dataSeed: number;
  readonly maxTrain: number | null;
  readonly maxEval: number | null;
  readonly maxSeqLength: number;
}

/** Train task A and cache the result (skipped by the scheduler when cached). */
export interface PhaseAJob {
  readonly kind: 'phase-a';
  readonly label: string;
  readonly source: ModelSource;
  readonly data: DataSpec;
  readonly taskA: string;
  readonly key: PhaseAKey;
  /** The rates phase A trains with (fineTune's `lr`). */
  readonly lr: GroupLearningRates;
  readonly settings: TrainingSettings;
  readonly cacheDir: string;
}

/** Train task B from a cached phase A and measure p_o, p_s. */
export interface PhaseBJob {
  readonly kind: 'phase-b';
  readonly label: string;
  readonly source: ModelSource;
  readonly data: DataSpec;
  readonly taskA: string;
  readonly taskB: string;
  /** The cached phase A folder to start from. */
  readonly phaseADir: string;
  /** The rates phase B trains with (fineTune's `lr`): a method's distribution as it is, or a trial's record. */
  readonly lr: GroupLearningRates;
  readonly ewcLambda?: number;
  readonly ewcFisher?: EwcFisher;
  readonly l2spAlpha?: number;
  /** Experience replay of A's training examples in B. */
  readonly replay?: ReplaySettings;
  readonly settings: TrainingSettings;
  readonly split: 'test' | 'validation';
  /** Post (p_o, p_s) after each epoch and wait for a stop/continue answer (pruning). */
  readonly reportEpochs: boolean;
}

/** Time a few steps of the model at the run's shape and report the lengths the run will batch. */
export interface ProbeJob {
  readonly kind: 'probe';
  readonly label: string;
  readonly source: ModelSource;
  readonly data: DataSpec;
  readonly taskA: string;
  readonly taskB: string;
  readonly batchSize: number;
}

/** A whole task stream, one cell (method, seed): every stage from the source model, every task scored after each. */
export interface SequenceJob {
  readonly kind: 'sequence';
  readonly label: string;
  readonly source: ModelSource;
  readonly data: DataSpec;
  readonly tasks: readonly string[];
  /** The first stage's rates (the flat LR phase A trains with). */
  readonly lrFirst: GroupLearningRates;
  /** Every later stage's rates: the method's. */
  readonly lr: GroupLearningRates;
  /** L2-SP in every later stage, toward the weights the stage starts from. */
  readonly l2spAlpha?: number;
  /** Online EWC in every later stage (runSequence's `ewc`). */
  readonly ewc?: { readonly lambda: number; readonly gamma: number; readonly fisher: EwcFisher };
  /** Experience replay in every later stage (runSequence's `replay`). */
  readonly replay?: ReplaySettings;
  readonly settings: TrainingSettings;
  /**
   * The first stage, trained once per seed as the phase A of `tasks[0]` and cached (every method's
   * first stage is the same): the key that names it, and its folder on the machine that runs the
   * job, which the runner fills in from the key (resolveFirstStage) before the job reaches a thread.
   */
  readonly firstStage?: { readonly key: PhaseAKey; readonly dir?: string };
}

/** Any job a bench worker runs. */
export type BenchJob = PhaseAJob | PhaseBJob | ProbeJob | SequenceJob;

/** What a phase-A job returns. */
export interface PhaseAJobResult {
  readonly kind: 'phase-a';
  readonly dir: string;
  readonly pA: Score;
  /** A's metric on its validation carve (what tuning may look at). */
  readonly pAValidation: Score;
  readonly mlmBeforeA?: MlmFigures;
  readonly mlmAfterA?: MlmFigures;
  readonly seconds: number;
}

/** What a phase-B job returns. */
export interface PhaseBJobResult {
  readonly kind: 'phase-b';
  readonly pO: Score;
  readonly pS: Score;
  readonly mlmAfterB?: MlmFigures;
  readonly stopped: boolean;
  readonly seconds: number;
}

/** Example lengths (tokens, special tokens included) of a task's splits. */
export interface SplitLengths {
  readonly train: readonly number[];
  readonly validation: readonly number[];
  readonly test: readonly number[];
}

/** What a probe job measured. */
export interface ProbeJobResult {
  readonly kind: 'probe';
  /** Training steps and inference passes at the run's batch size, timed at `seqLength` and shorter. */
  readonly measurement: StepCostMeasurement;
  /** The longest training example of either task: the length the timed long steps used. */
  readonly seqLength: number;
  /** A pass of the held-out MLM probe (null when the model has no MLM head). */
  readonly mlm: PassCost | null;
  /** Lengths of the MLM probe's rows (empty without an MLM head). */
  readonly mlmLengths: readonly number[];
  /** Seconds to load the checkpoint (saving one takes about as long). */
  readonly loadSeconds: number;
  /** Lengths of both tasks' splits, by task name. */
  readonly lengths: Readonly<Record<string, SplitLengths>>;
}

/** What a sequence job returns (runSequence's outcome, less its derived metrics). */
export interface SequenceJobResult {
  readonly kind: 'sequence';
  readonly r: number[][];
  readonly before: number[];
  readonly seconds: number;
}

/** Any job's result. */
export type BenchJobResult = PhaseAJobResult | PhaseBJobResult | ProbeJobResult | SequenceJobResult;

/** Events a job posts while it runs. */
export type BenchJobEvent =
  | { readonly type: 'progress'; readonly step: number; readonly totalSteps: number; readonly loss: number; readonly etaSeconds: number }
  | { readonly type: 'epoch'; readonly epoch: number; readonly pO: Score; readonly pS: Score };
