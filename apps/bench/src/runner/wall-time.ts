// The wall time of a benchmark run before it starts: the work of every job (checkpoint loads,
// training steps, evaluation passes, from the padded batches the run will form), costed with the
// timings of a probe job, then scheduled as the worker pool schedules it: phase A jobs queue first,
// in seed order, and each one queues its cells when it ends.
import { createRng, passSeconds, planBatches, type PassCost } from '@lrdist/model';
import { WorkerCrashError } from '../errors.js';
import type { ProbeJobResult, SplitLengths } from './jobs.js';

/** evaluate()'s and evaluateMlm()'s batch size (their default, which the phases keep). */
export const EVALUATION_BATCH_SIZE = 64;
/** Examples of A that EWC's Fisher estimate runs through (fisherBatches in phases.ts). */
const FISHER_EXAMPLES = 512;

/** What the estimate is made from: pass costs measured on a worker (a probe job) and the data's lengths. */
export interface RunTimings extends Pick<ProbeJobResult, 'mlm' | 'mlmLengths' | 'loadSeconds' | 'lengths'> {
  readonly train: PassCost;
  readonly forward: PassCost;
}

/** A (method, seed) cell still to run. */
export interface PlannedCell {
  readonly method: string;
  /** Whether phase B adds EWC's Fisher estimate and penalty. */
  readonly ewc: boolean;
  /** The phase-A job it starts from (cells of one seed share it under `b-only`). */
  readonly phaseA: string;
}

/** Options of {@link estimateWallTime}. */
export interface WallTimeOptions {
  readonly taskA: string;
  readonly taskB: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly jobs: number;
  /** CPU cores: workers beyond them share cores and each runs slower. */
  readonly cores: number;
  /** Cells to run, in the order the run starts them (seed-major). */
  readonly cells: readonly PlannedCell[];
  /** Phase-A jobs already in the cache. */
  readonly cachedPhaseA: ReadonlySet<string>;
  readonly timings: RunTimings;
}

/** The estimate and what it counted. */
export interface WallTimeEstimate {
  readonly seconds: number;
  /** Optimiser steps (and Fisher passes) over the whole run. */
  readonly trainingSteps: number;
  /** Inference batches (test, validation and MLM probes) over the whole run. */
  readonly evaluationBatches: number;
  /** Mean seconds of a training step and of an evaluation batch, and their mean padded lengths. */
  readonly secondsPerStep: number;
  readonly secondsPerEvaluationBatch: number;
  readonly meanStepTokens: number;
  readonly meanEvaluationTokens: number;
}

interface Work {
  batches: number;
  tokens: number;
}

const none = (): Work => ({ batches: 0, tokens: 0 });
const add = (a: Work, b: Work, times = 1): Work => ({ batches: a.batches + times * b.batches, tokens: a.tokens + times * b.tokens });

/** Batches and padded tokens of one pass over examples of these lengths (padding to each batch's longest). */
function batchWork(lengths: readonly number[], batchSize: number, shuffled: boolean): Work {
  // Any seed: bucketing keeps the padding, hence the tokens, nearly the same for every order.
  const plan = planBatches(lengths, { batchSize, rng: shuffled ? createRng(0) : null });
  return plan.reduce<Work>(
    (w, indices) => ({ batches: w.batches + 1, tokens: w.tokens + indices.length * indices.reduce((m, i) => Math.max(m, lengths[i]!), 0) }),
    none(),
  );
}

function lengthsOf(timings: RunTimings, task: string): SplitLengths {
  const l = timings.lengths[task];
  if (l === undefined) throw new WorkerCrashError(`the probe job must report the lengths of ${task}, got none`);
  return l;
}

/** `about 40 s`, `about 12 min`, `about 6.5 h`. */
export function formatWallTime(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}

/**
 * Estimates a run's wall time from probe timings: each phase A trains A for `epochs`, scores A's
 * test and validation sets (and the MLM probe before and after); each cell loads A's checkpoint,
 * runs EWC's Fisher passes when asked (counted as training steps, and its penalty as a second update
 * per step), trains B, scores A's and B's test sets (and the MLM probe). Jobs are scheduled on
 * `jobs` workers like WorkerPool does; past `cores` workers, each runs jobs/cores times slower.
 */
export function estimateWallTime(options: WallTimeOptions): WallTimeEstimate {
  const { timings, epochs, batchSize } = options;
  const a = lengthsOf(timings, options.taskA);
  const b = lengthsOf(timings, options.taskB);
  const evalWork = (lengths: readonly number[]) => batchWork(lengths, EVALUATION_BATCH_SIZE, false);
  const mlm = timings.mlm === null ? none() : evalWork(timings.mlmLengths);
  const mlmSeconds = timings.mlm === null ? 0 : passSeconds(timings.mlm, mlm);

  const trainA = batchWork(a.train, batchSize, true);
  const trainB = batchWork(b.train, batchSize, true);
  const fisher = batchWork(a.train.slice(0, FISHER_EXAMPLES), batchSize, false);
  const evalA = add(evalWork(a.test), evalWork(a.validation));
  const evalB = add(evalWork(a.test), evalWork(b.test));

  let trainingSteps = 0;
  let evaluationBatches = 0;
  let stepTokens = 0;
  let evaluationTokens = 0;
  let stepSeconds = 0;
  let evaluationSeconds = 0;
  const count = (train: Work, evaluation: Work, mlmPasses: number, extraUpdates = 0): number => {
    const t = passSeconds(timings.train, train) + extraUpdates * timings.train.fixedSeconds;
    const e = passSeconds(timings.forward, evaluation);
    trainingSteps += train.batches;
    stepTokens += train.tokens;
    stepSeconds += t;
    evaluationBatches += evaluation.batches + mlmPasses * mlm.batches;
    evaluationTokens += evaluation.tokens + mlmPasses * mlm.tokens;
    evaluationSeconds += e + mlmPasses * mlmSeconds;
    return t + e + mlmPasses * mlmSeconds;
  };

  const slowdown = Math.max(1, options.jobs / Math.max(1, options.cores));
  const phaseASeconds = (): number => slowdown * (2 * timings.loadSeconds + count(add(none(), trainA, epochs), evalA, 2));
  const cellSeconds = (cell: PlannedCell): number => {
    const train = add(cell.ewc ? fisher : none(), trainB, epochs);
    return slowdown * (timings.loadSeconds + count(train, evalB, 1, cell.ewc ? epochs * trainB.batches : 0));
  };

  // The pool: FIFO queue, `jobs` workers; a phase A queues its cells when it ends.
  type Job = { kind: 'a'; id: string } | { kind: 'cell'; cell: PlannedCell };
  const queue: Job[] = [];
  const queuedA = new Set<string>();
  for (const cell of options.cells) {
    if (options.cachedPhaseA.has(cell.phaseA)) queue.push({ kind: 'cell', cell });
    else if (!queuedA.has(cell.phaseA)) {
      queuedA.add(cell.phaseA);
      queue.push({ kind: 'a', id: cell.phaseA });
    }
  }
  const running: { end: number; job: Job }[] = [];
  let now = 0;
  while (queue.length > 0 || running.length > 0) {
    while (running.length < options.jobs && queue.length > 0) {
      const job = queue.shift()!;
      running.push({ end: now + (job.kind === 'a' ? phaseASeconds() : cellSeconds(job.cell)), job });
    }
    running.sort((x, y) => x.end - y.end);
    const next = running.shift()!;
    now = next.end;
    if (next.job.kind === 'a') {
      const id = next.job.id;
      for (const cell of options.cells) if (cell.phaseA === id) queue.push({ kind: 'cell', cell });
    }
  }
  return {
    seconds: now,
    trainingSteps,
    evaluationBatches,
    secondsPerStep: trainingSteps > 0 ? (slowdown * stepSeconds) / trainingSteps : 0,
    secondsPerEvaluationBatch: evaluationBatches > 0 ? (slowdown * evaluationSeconds) / evaluationBatches : 0,
    meanStepTokens: trainingSteps > 0 ? stepTokens / trainingSteps : 0,
    meanEvaluationTokens: evaluationBatches > 0 ? evaluationTokens / evaluationBatches : 0,
  };
}

/** The line the run prints, e.g. "estimated wall time: about 6.5 h on this machine with --jobs 2 (10.2 s per training step, ...)". */
export function formatWallTimeLine(estimate: WallTimeEstimate, options: { jobs: number; batchSize: number }): string {
  const stepLength = Math.round(estimate.meanStepTokens / options.batchSize);
  const evalLength = Math.round(estimate.meanEvaluationTokens / EVALUATION_BATCH_SIZE);
  return (
    `estimated wall time: ${formatWallTime(estimate.seconds)} on this machine with --jobs ${options.jobs} ` +
    `(${estimate.secondsPerStep.toFixed(1)} s per training step, ${options.batchSize} x ${stepLength} tokens on average; ` +
    `${estimate.secondsPerEvaluationBatch.toFixed(1)} s per evaluation batch of ${EVALUATION_BATCH_SIZE} x ${evalLength}; ` +
    `${estimate.trainingSteps} training steps and ${estimate.evaluationBatches} evaluation batches in all)`
  );
}
