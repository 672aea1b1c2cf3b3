import { SplitOptionsError } from '../errors.js';
import { GLUE_TASKS } from '../tasks/glue-tasks.js';
import type { GlueTaskRef } from '../tasks/resolve-glue-task.js';
import type { GlueExample } from '../tsv/glue-example.js';
import { createRng } from './rng.js';
import { quantileBins, stratifiedSample } from './stratified-sample.js';

/** Options of `splitGlueTask`. */
export interface SplitGlueTaskOptions {
  /** Seed of every draw (a non-negative safe integer); the same seed gives the same split everywhere. */
  readonly seed: number;
  /** Share of GLUE train carved out as validation. Default: 0.1. */
  readonly validationFraction?: number;
  /** Upper bound on the validation carve. Default: 1000. */
  readonly maxValidation?: number;
  /** Cap on the training set, drawn stratified after the carve (`--max-train`). Default: none. */
  readonly maxTrain?: number;
  /** Cap on validation and on test, each drawn stratified (`--max-eval`). Default: none. */
  readonly maxEval?: number;
  /** Number of score-quantile bins that stratify a regression task. Default: 10. */
  readonly regressionBins?: number;
}

/** What `splitGlueTask` needs of a loaded task. */
export interface GlueSplitInput {
  readonly ref: GlueTaskRef;
  /** GLUE train. */
  readonly train: readonly GlueExample[];
  /** GLUE dev (of the ref's dev split). */
  readonly dev: readonly GlueExample[];
}

/** The three sets every lrdist run works with; each keeps file order. */
export interface GlueSplits {
  readonly ref: GlueTaskRef;
  readonly seed: number;
  /** GLUE train minus the validation carve (then capped by `maxTrain`). */
  readonly train: GlueExample[];
  /** The carve: the only data search, early stopping and pruning see. */
  readonly validation: GlueExample[];
  /** GLUE dev: what every reported figure is measured on. */
  readonly test: GlueExample[];
}

/** Size of the validation carve: round(fraction x n), at most `maxValidation`. */
export function validationCarveSize(trainSize: number, fraction = 0.1, maxValidation = 1000): number {
  return Math.min(maxValidation, Math.round(trainSize * fraction));
}

/**
 * Splits a task as DESIGN.md says: validation = a seeded stratified carve of GLUE train (10%, at most
 * 1,000), train = the rest, test = GLUE dev; optional seeded stratified caps on train and on
 * validation and test. Strata are classes, or score-quantile bins for a regression task.
 */
export function splitGlueTask(data: GlueSplitInput, options: SplitGlueTaskOptions): GlueSplits {
  const { seed } = options;
  checkOptions(options);
  const fraction = options.validationFraction ?? 0.1;
  const maxValidation = options.maxValidation ?? 1000;
  const bins = options.regressionBins ?? 10;
  const regression = GLUE_TASKS[data.ref.task].labels.kind === 'regression';
  const strataOf = (examples: readonly GlueExample[]): ArrayLike<number> => {
    const labels = examples.map((e) => e.label);
    return regression ? quantileBins(labels, bins) : labels;
  };
  const draw = (examples: readonly GlueExample[], size: number, stream: string): number[] =>
    stratifiedSample(strataOf(examples), size, createRng(seed, stream));

  const carved = new Set(draw(data.train, validationCarveSize(data.train.length, fraction, maxValidation), 'validation'));
  let validation = data.train.filter((_, i) => carved.has(i));
  let train = data.train.filter((_, i) => !carved.has(i));
  let test = [...data.dev];

  if (options.maxTrain !== undefined && options.maxTrain < train.length) {
    train = pick(train, draw(train, options.maxTrain, 'train-cap'));
  }
  if (options.maxEval !== undefined) {
    if (options.maxEval < validation.length) validation = pick(validation, draw(validation, options.maxEval, 'validation-cap'));
    if (options.maxEval < test.length) test = pick(test, draw(test, options.maxEval, 'test-cap'));
  }
  return { ref: data.ref, seed, train, validation, test };
}

function pick(examples: readonly GlueExample[], positions: readonly number[]): GlueExample[] {
  return positions.map((i) => examples[i]).filter((e): e is GlueExample => e !== undefined);
}

function checkOptions(options: SplitGlueTaskOptions): void {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new SplitOptionsError(`\`seed\` must be a non-negative safe integer, got ${options.seed}`);
  }
  const fraction = options.validationFraction;
  if (fraction !== undefined && !(fraction >= 0 && fraction < 1)) {
    throw new SplitOptionsError(`\`validationFraction\` must be in [0, 1), got ${fraction}`);
  }
  const counts: [string, number | undefined, number][] = [
    ['maxValidation', options.maxValidation, 0],
    ['maxTrain', options.maxTrain, 1],
    ['maxEval', options.maxEval, 1],
    ['regressionBins', options.regressionBins, 1],
  ];
  for (const [name, value, min] of counts) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) {
      throw new SplitOptionsError(`\`${name}\` must be an integer >= ${min}, got ${value}`);
    }
  }
}
