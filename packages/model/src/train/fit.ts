// The training loop over the caller's examples: per-epoch seeded batch plans (bucketed, shuffled),
// dropout and MLM masks from seeded streams, progress and evaluation callbacks, NaN/Inf guard
// (trainStep), and full training-state checkpoints that resume bit-identically.
import type { BertModel } from '../bert/bert-model.js';
import { applyMlmMasking } from '../bert/mlm-masking.js';
import { InvalidOptionsError, TrainingStateError } from '../errors.js';
import { createDropoutSampler } from '../layers/dropout.js';
import { createRng } from '../util/rng.js';
import { collate, planBatches, validateExamples, type Example } from './batching.js';
import { maskedPositions, type Objective, type TrainingBatch } from './objective.js';
import type { GroupOptimizer } from './optimizer.js';
import type { Regularizer } from './regularizers.js';
import { drawReplay, validateReplay, type ReplayOptions } from './replay.js';
import type { TrainingStateJson } from './schemas.js';
import { latestTrainingState, loadTrainingState, saveTrainingState } from './training-state.js';
import { trainStep, type GradientReducer } from './train-step.js';

/** What the progress callback receives after a step. */
export interface FitProgress {
  /** 1-based epoch the step belongs to. */
  readonly epoch: number;
  readonly epochs: number;
  /** 1-based optimiser step. */
  readonly step: number;
  readonly totalSteps: number;
  /** This step's loss (without regulariser penalty). */
  readonly loss: number;
  /** Mean loss since the start of training (resumes included). */
  readonly meanLoss: number;
  readonly examplesPerSecond: number;
  /** Estimated seconds until the last step. */
  readonly etaSeconds: number;
  /** Learning rate of each group at this step. */
  readonly lrs: Readonly<Record<string, number>>;
}

/** An intermediate evaluation (for early stopping or pruning); it may ask training to stop. */
export interface FitEvaluation {
  /** Run every this many steps. Default never. */
  readonly everySteps?: number;
  /** Run at the end of each epoch. Default true. */
  readonly atEpochEnd?: boolean;
  readonly run: (info: { readonly step: number; readonly epoch: number }) => Promise<{ stop?: boolean } | void> | { stop?: boolean } | void;
}

/** Where and when fit writes training-state checkpoints. */
export interface FitCheckpointOptions {
  readonly dir: string;
  /** Save every this many steps. Default never (only epoch ends and early stops by maxSteps or abort). */
  readonly everySteps?: number;
  /** Save at the end of each epoch. Default true. */
  readonly atEpochEnd?: boolean;
  /** Checkpoints kept. Default 1. */
  readonly keep?: number;
  /** Resume from the newest checkpoint in `dir` when there is one. Default true. */
  readonly resume?: boolean;
}

/** Options of {@link fit}. */
export interface FitOptions {
  readonly model: BertModel;
  readonly optimizer: GroupOptimizer;
  readonly objective: Objective;
  readonly examples: readonly Example[];
  readonly epochs: number;
  readonly batchSize: number;
  /** Seeds batch order, dropout and MLM masks. */
  readonly seed: number;
  /** Length bucketing. Default true. */
  readonly bucketing?: boolean;
  /** Apply dropout as BERT does. Default true. */
  readonly dropout?: boolean;
  readonly regularizer?: Regularizer;
  /**
   * Experience replay (head objectives only): each step also trains on examples drawn from this
   * memory of earlier tasks, each through its own frozen head. The draw of step s depends only on
   * the seed and s, so a resumed run draws the same examples.
   */
  readonly replay?: ReplayOptions;
  readonly onProgress?: (progress: FitProgress) => void;
  readonly evaluation?: FitEvaluation;
  readonly checkpoint?: FitCheckpointOptions;
  /** Stop after this many optimiser steps in total. Default no limit. */
  readonly maxSteps?: number;
  readonly signal?: AbortSignal;
  /**
   * Data parallelism: this process is worker `rank` of `worldSize`. Every worker plans the same
   * global batches (same seed) and trains on its share of each (`indices[j]` with
   * `j % worldSize === rank`), with its own dropout and masking streams; `reduceGradients` must
   * average the workers' gradients so that all apply the same update. Give each worker its own
   * checkpoint folder. Default: a single worker.
   */
  readonly shard?: { readonly rank: number; readonly worldSize: number; readonly reduceGradients: GradientReducer };
}

/** How fit ended. */
export interface FitResult {
  /** Optimiser steps done in total (resumed ones included). */
  readonly steps: number;
  readonly stopReason: 'completed' | 'evaluation' | 'maxSteps' | 'aborted';
  readonly meanLoss: number;
  readonly lastLoss: number;
  /** The checkpoint folder training resumed from, if any. */
  readonly resumedFrom: string | null;
}

/** Seed of a derived stream: the streams of one run never overlap by construction. */
function derivedSeed(seed: number, stream: number): number {
  return (((seed % 2 ** 20) + 2 ** 20) % 2 ** 20) * 2 ** 32 + stream;
}

/** Trains the model on the examples; resolves when done, rejects with NonFiniteLossError on NaN/Inf. */
export async function fit(options: FitOptions): Promise<FitResult> {
  const { model, optimizer, objective, examples, epochs, batchSize, seed } = options;
  if (!Number.isInteger(epochs) || epochs <= 0) throw new InvalidOptionsError(`\`epochs\` must be a positive integer, got ${epochs}`);
  if (!Number.isSafeInteger(seed)) throw new InvalidOptionsError(`\`seed\` must be a safe integer, got ${seed}`);
  if (examples.length === 0) throw new InvalidOptionsError('`examples` must not be empty');
  validateExamples(examples, model.config.maxPositions, objective.kind === 'head');
  const head = objective.kind === 'head' ? model.head(objective.head) : null;
  const lengths = examples.map((e) => e.inputIds.length);
  const batchesPerEpoch = Math.ceil(examples.length / batchSize);
  const totalSteps = Math.min(epochs * batchesPerEpoch, options.maxSteps ?? Infinity);

  const shard = options.shard;
  if (
    shard !== undefined &&
    !(
      Number.isInteger(shard.worldSize) &&
      shard.worldSize >= 1 &&
      Number.isInteger(shard.rank) &&
      shard.rank >= 0 &&
      shard.rank < shard.worldSize
    )
  ) {
    throw new InvalidOptionsError(`\`shard\` must have 0 <= rank < worldSize, got rank ${shard.rank} of ${shard.worldSize}`);
  }
  if (shard !== undefined && batchSize < shard.worldSize) {
    throw new InvalidOptionsError(`\`batchSize\` must be at least \`shard.worldSize\` (${shard.worldSize}), got ${batchSize}`);
  }
  const replay = options.replay;
  if (replay !== undefined && (objective.kind !== 'head' || shard !== undefined)) {
    throw new InvalidOptionsError('`replay` trains a task head on one worker: it cannot be combined with an MLM objective or `shard`');
  }
  const replayPerStep = replay === undefined || objective.kind !== 'head' ? 0 : validateReplay(model, replay, objective.head, batchSize);
  // Rank 0 keeps the single-worker streams (1, 2); other ranks get disjoint ones.
  const rankStream = (shard?.rank ?? 0) * 65536;
  const dropoutRng = createRng(derivedSeed(seed, 1 + rankStream));
  const maskRng = createRng(derivedSeed(seed, 2 + rankStream));
  const dropout = options.dropout === false ? null : createDropoutSampler(dropoutRng);
  let epoch = 0;
  let batchInEpoch = 0;
  let lossSum = 0;
  let lossCount = 0;
  let lastLoss = NaN;
  let resumedFrom: string | null = null;

  const ck = options.checkpoint;
  if (ck !== undefined && ck.resume !== false) {
    const folder = await latestTrainingState(ck.dir);
    if (folder !== null) {
      const state = await loadTrainingState(folder, model, optimizer);
      const mismatch = (
        [
          ['seed', state.seed, seed],
          ['batchSize', state.batchSize, batchSize],
          ['epochs', state.epochs, epochs],
          ['numExamples', state.numExamples, examples.length],
        ] as const
      ).find(([, a, b]) => a !== b);
      if (mismatch !== undefined) {
        throw new TrainingStateError(`checkpoint \`${mismatch[0]}\` must equal this run's ${mismatch[2]}, got ${mismatch[1]} (${folder})`);
      }
      if (state.objective.kind !== objective.kind || (state.objective.kind === 'head' && head?.name !== state.objective.head)) {
        throw new TrainingStateError(`checkpoint objective must match this run's (${folder})`);
      }
      dropoutRng.setState(state.dropoutRng);
      maskRng.setState(state.maskRng);
      ({ epoch, batchInEpoch, lossSum, lossCount } = state);
      resumedFrom = folder;
    }
  }

  const snapshot = (): TrainingStateJson => ({
    format: 'lrdist-training-state',
    version: 1,
    step: optimizer.step,
    epoch,
    batchInEpoch,
    seed,
    batchSize,
    epochs,
    numExamples: examples.length,
    dropoutRng: [...dropoutRng.getState()],
    maskRng: [...maskRng.getState()],
    objective: objective.kind === 'head' ? { kind: 'head', head: objective.head } : { kind: 'mlm' },
    optimizer: { kind: optimizer.kind, groups: optimizer.groups.map((g) => ({ name: g.name, lr: g.lr })) },
    variables: [...optimizer.variableNames],
    lossSum,
    lossCount,
  });
  const save = async () => {
    if (ck !== undefined) await saveTrainingState({ dir: ck.dir, model, optimizer, state: snapshot(), keep: ck.keep ?? 1 });
  };

  const started = performance.now();
  const startStep = optimizer.step;
  let examplesSeen = 0;
  const result = (stopReason: FitResult['stopReason']): FitResult => ({
    steps: optimizer.step,
    stopReason,
    meanLoss: lossCount === 0 ? NaN : lossSum / lossCount,
    lastLoss,
    resumedFrom,
  });
  if (optimizer.step >= totalSteps || epoch >= epochs)
    return result(optimizer.step >= totalSteps && epoch < epochs ? 'maxSteps' : 'completed');

  while (epoch < epochs) {
    const plan = planBatches(lengths, {
      batchSize,
      rng: createRng(derivedSeed(seed, 1000 + epoch)),
      ...(options.bucketing === undefined ? {} : { bucketing: options.bucketing }),
    });
    while (batchInEpoch < plan.length) {
      if (options.signal?.aborted === true) {
        await save();
        return result('aborted');
      }
      const globalIndices = plan[batchInEpoch]!;
      const indices = shard === undefined ? globalIndices : globalIndices.filter((_, j) => j % shard.worldSize === shard.rank);
      const padded = collate(examples, indices, model.config.padTokenId);
      let batch: TrainingBatch;
      if (objective.kind === 'mlm') {
        let masked = applyMlmMasking(padded.inputIds, objective.masking, maskRng, padded.attentionMask);
        // A worker cannot skip a step the others take (they wait for its gradients), so a shard that
        // drew no masked position draws again (for 128-token rows this essentially never happens).
        for (let tries = 0; shard !== undefined && tries < 100 && maskedPositions(masked.labels).length === 0; tries++) {
          masked = applyMlmMasking(padded.inputIds, objective.masking, maskRng, padded.attentionMask);
        }
        batch = { ...padded, inputIds: masked.inputIds, labels: masked.labels };
      } else if (head?.kind === 'regression') {
        batch = { ...padded, targets: Float32Array.from(indices, (i) => examples[i]!.label!) };
      } else {
        batch = { ...padded, labels: Int32Array.from(indices, (i) => examples[i]!.label!) };
      }
      if (replay !== undefined) {
        // Streams from 2^31 up: clear of the batch plans (1000 + epoch) and the rank streams.
        const rng = createRng(derivedSeed(seed, 2 ** 31 + optimizer.step));
        batch = { ...batch, replay: drawReplay(model, replay.examples, replayPerStep, rng) };
      }
      batchInEpoch++;
      const skip = objective.kind === 'mlm' && maskedPositions(batch.labels!).length === 0;
      if (skip && shard !== undefined) {
        throw new InvalidOptionsError(`worker ${shard.rank}'s share of batch ${batchInEpoch} has no token that MLM masking may select`);
      }
      if (!skip) {
        const { loss, report } = trainStep({
          model,
          optimizer,
          objective,
          batch,
          dropout,
          ...(options.regularizer === undefined ? {} : { regularizer: options.regularizer }),
          ...(shard === undefined ? {} : { reduceGradients: shard.reduceGradients }),
        });
        lastLoss = loss;
        lossSum += loss;
        lossCount++;
        examplesSeen += indices.length;
        if (options.onProgress !== undefined) {
          const elapsed = (performance.now() - started) / 1000;
          const done = optimizer.step - startStep;
          options.onProgress({
            epoch: epoch + 1,
            epochs,
            step: optimizer.step,
            totalSteps,
            loss,
            meanLoss: lossSum / lossCount,
            examplesPerSecond: examplesSeen / Math.max(elapsed, 1e-9),
            etaSeconds: (elapsed / Math.max(done, 1)) * (totalSteps - optimizer.step),
            lrs: report.lrs,
          });
        }
      }
      const epochEnded = batchInEpoch === plan.length;
      if (epochEnded) {
        epoch++;
        batchInEpoch = 0;
      }
      const step = optimizer.step;
      const onStep = (every: number | undefined) => !skip && every !== undefined && every > 0 && step % every === 0;
      if (onStep(ck?.everySteps) || (epochEnded && ck !== undefined && ck.atEpochEnd !== false)) await save();
      const ev = options.evaluation;
      if (ev !== undefined && (onStep(ev.everySteps) || (epochEnded && ev.atEpochEnd !== false))) {
        const decision = await ev.run({ step, epoch: epochEnded ? epoch : epoch + 1 });
        if (decision !== undefined && decision.stop === true) return result('evaluation');
      }
      if (step >= totalSteps && !skip) {
        if (epoch < epochs && !onStep(ck?.everySteps)) await save();
        return result(epoch >= epochs ? 'completed' : 'maxSteps');
      }
      // Let timers and I/O run between steps.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (epochEnded) break;
    }
  }
  return result('completed');
}
