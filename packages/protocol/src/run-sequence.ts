import {
  createRng,
  createL2SpRegularizer,
  createOnlineEwc,
  fineTune,
  type BertModel,
  type FitProgress,
  type GroupLearningRates,
  type OptimizerState,
  type ReplayExample,
} from '@lrdist/model';
import type { EwcFisher } from './methods.js';
import { fisherBatches, phaseOptions, scoreHead, type TrainingSettings } from './phases.js';
import type { PreparedTask } from './prepare-task.js';
import { DEFAULT_TRAINING_SETTINGS } from './run-pair.js';
import type { Score } from './score.js';
import { TaskStreamError } from './errors.js';
import { checkReplaySettings, replayMemory, type ReplaySettings } from './replay-memory.js';
import { streamMetrics, type StreamMetrics } from './stream-metrics.js';

/** Options of {@link runSequence}. */
export interface RunSequenceOptions {
  /** The encoder, trained in place: the caller owns it (and disposes it). */
  readonly model: BertModel;
  /** The stream, learnt in this order; two or more distinct tasks. */
  readonly tasks: readonly PreparedTask[];
  /** The rates of the first stage (the benchmark's phase A: a tuned flat LR). */
  readonly lrFirst: GroupLearningRates;
  /** The rates of every later stage: the method under test, as `runPair`'s `lrB`. */
  readonly lr: GroupLearningRates;
  /** L2-SP in every stage after the first, toward the weights that stage starts from (none when absent). */
  readonly l2sp?: { readonly alpha: number };
  /**
   * Online EWC in every stage after the first: one Fisher sum, each learnt task's added after its
   * stage (the earlier sum decayed by `gamma`, default 1), anchored at the weights after the latest.
   */
  readonly ewc?: { readonly lambda: number; readonly gamma?: number; readonly fisher?: EwcFisher };
  /**
   * Experience replay in every stage after the first: each learnt task leaves `size` training
   * examples in memory, and each step mixes in examples drawn from it, each through its own head.
   */
  readonly replay?: ReplaySettings;
  /** Overrides of DEFAULT_TRAINING_SETTINGS, for every stage. */
  readonly settings?: Partial<TrainingSettings>;
  /** Measured on `test` (GLUE dev, default) for reported figures, or `validation` while tuning. */
  readonly split?: 'test' | 'validation';
  /**
   * The first stage, done elsewhere: `model` already holds its weights (every method's first stage
   * is the same, so the benchmark trains it once per seed, as the phase A of a pair, and caches it),
   * `before` is {@link streamBaseline} of the model it started from, and `optimizerState` its Adam
   * state under the `paper` optimiser. The stages after it run as if it had been trained here.
   */
  readonly firstStage?: { readonly before: readonly number[]; readonly optimizerState?: OptimizerState };
  readonly onProgress?: (stage: number, progress: FitProgress) => void;
  readonly signal?: AbortSignal;
}

/** What one stream measured. */
export interface SequenceOutcome {
  /** R[i][j]: task j's headline score after stage i (every task, seen or not, so FWT is defined). */
  readonly r: number[][];
  /** Each task's headline score before the first stage (its head untrained): FWT's baseline. */
  readonly before: number[];
  /** The full scores behind `r` (every metric of each task). */
  readonly scores: Score[][];
  readonly metrics: StreamMetrics;
}

/** Adds every task's head (as runSequence does) and scores each task before any training: R's baseline row. */
export async function streamBaseline(
  model: BertModel,
  tasks: readonly PreparedTask[],
  split: 'test' | 'validation' = 'test',
): Promise<number[]> {
  addHeads(model, tasks);
  return (await scoreTasks(model, tasks, split)).map((s) => s.headline);
}

/** Gives the model every task's head it lacks (each initialised from the model's seed and the head's name). */
function addHeads(model: BertModel, tasks: readonly PreparedTask[]): void {
  for (const task of tasks) if (!model.heads.some((h) => h.name === task.head.name)) model.addHead(task.head);
}

/** Every task's scores on its split, in stream order. */
async function scoreTasks(model: BertModel, tasks: readonly PreparedTask[], split: 'test' | 'validation'): Promise<Score[]> {
  const row: Score[] = [];
  for (const task of tasks) row.push(await scoreHead(model, task, task[split]));
  return row;
}

/**
 * A task stream on one seed, in memory: each task gets its own head (created up front, each
 * initialised from the model's seed and the head's name), stage i fine-tunes the encoder and task i's
 * head while the other heads stay as they are, and after every stage every task is scored. Under the
 * `paper` optimiser the Adam moments run on from stage to stage. Returns the accuracy matrix R and its
 * summary metrics (streamMetrics).
 */
export async function runSequence(options: RunSequenceOptions): Promise<SequenceOutcome> {
  const { model, tasks } = options;
  if (tasks.length < 2) throw new TaskStreamError(`a sequence needs two or more tasks, got ${tasks.length}`);
  const names = tasks.map((t) => t.head.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw new TaskStreamError(`task ${repeated} appears twice in the sequence; each task is one stage`);
  const settings: TrainingSettings = { ...DEFAULT_TRAINING_SETTINGS, ...options.settings };
  const split = options.split ?? 'test';
  const first = options.firstStage;
  if (first !== undefined && first.before.length !== tasks.length) {
    throw new TaskStreamError(`firstStage.before must hold one score per task (${tasks.length}), got ${first.before.length}`);
  }
  const before = first === undefined ? await streamBaseline(model, tasks, split) : [...first.before];
  addHeads(model, tasks);
  const scoreAll = (): Promise<Score[]> => scoreTasks(model, tasks, split);
  if (options.replay !== undefined) checkReplaySettings(options.replay);
  const memory: ReplayExample[] = [];
  const memoryRng = createRng(settings.seed);
  const scores: Score[][] = [];
  let carried: OptimizerState | undefined;
  const ewc =
    options.ewc === undefined
      ? undefined
      : createOnlineEwc({ model, lambda: options.ewc.lambda, gamma: options.ewc.gamma ?? 1, fisher: options.ewc.fisher ?? 'example' });
  try {
    for (const [stage, task] of tasks.entries()) {
      const l2sp = stage > 0 && options.l2sp !== undefined ? createL2SpRegularizer({ model, alpha: options.l2sp.alpha }) : undefined;
      const regularizer = stage > 0 ? (l2sp ?? ewc?.regularizer) : undefined;
      const trained =
        stage === 0 && first !== undefined
          ? { optimizerState: first.optimizerState }
          : await fineTune({
              ...phaseOptions(settings, task, {
                onProgress: options.onProgress === undefined ? undefined : (p) => options.onProgress!(stage, p),
                signal: options.signal,
              }),
              model,
              lr: stage === 0 ? options.lrFirst : options.lr,
              ...(settings.optimizer === 'paper' ? { keepOptimizerState: true } : {}),
              ...(carried === undefined ? {} : { carryOptimizerFrom: carried }),
              ...(regularizer === undefined ? {} : { regularizer }),
              ...(stage > 0 && options.replay !== undefined
                ? { replay: { examples: memory, ...(options.replay.perStep === undefined ? {} : { perStep: options.replay.perStep }) } }
                : {}),
            }).finally(() => l2sp?.dispose());
      carried = trained.optimizerState;
      if (options.replay !== undefined && stage < tasks.length - 1) memory.push(...replayMemory(task, options.replay, memoryRng));
      // What the later stages must not forget: this task's Fisher, at the weights it was learnt to.
      if (ewc !== undefined && stage < tasks.length - 1) {
        ewc.consolidate({ kind: 'head', head: task.head.name }, fisherBatches(model, task, 512, settings.batchSize));
      }
      scores.push(await scoreAll());
    }
  } finally {
    ewc?.dispose();
  }
  const r = scores.map((row) => row.map((s) => s.headline));
  return { r, before, scores, metrics: streamMetrics(r, { before }) };
}
