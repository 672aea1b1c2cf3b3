/**
 * Parameter importances by fANOVA on a random forest, as Optuna's default
 * `FanovaImportanceEvaluator` computes them (Hutter, Hoos & Leyton-Brown, ICML 2014): fit a forest
 * that predicts the target from the parameters of the complete trials, then, in each tree, take the
 * share of the variance over the search box that each parameter explains on its own; average over
 * the trees and normalise the shares to sum to 1.
 */
import { distributionsEqual, isSingleValue, toInternal } from '../distributions/distributions.js';
import type { ParamDistribution } from '../distributions/distributions.js';
import { ImportanceUndefinedError, InvalidOptionsError, InvalidParamError, NoCompletedTrialsError } from '../errors.js';
import { intersectionSearchSpace } from '../math/search-space-intersection.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import { createFanovaTree, fanovaImportances, type FeatureBounds } from './fanova.js';
import { fitRandomForest } from './random-forest.js';

/** Options of {@link getParamImportances}. */
export interface ParamImportanceOptions {
  /**
   * Parameters to assess; only complete trials that have all of them are used. Default: the
   * parameters every complete trial has with one and the same distribution.
   */
  readonly params?: readonly string[];
  /**
   * The value to explain, e.g. `(t) => t.values![1]` for the second objective or a duration.
   * Trials where it is not a finite number are left out. Default: the objective value (required
   * for several objectives).
   */
  readonly target?: (trial: FrozenTrial) => number;
  /** Trees in the forest. Default 64 (as Optuna). */
  readonly nTrees?: number;
  /** Maximum depth of each tree. Default 64 (as Optuna). */
  readonly maxDepth?: number;
  /** Seed of the forest; the same trials and seed give the same importances. Default 0. */
  readonly seed?: number;
}

interface Encoding {
  readonly bounds: FeatureBounds;
  /** The columns of each assessed parameter (one, or one per choice for a categorical). */
  readonly groups: readonly (readonly number[])[];
}

/**
 * Importance of each parameter for the target over the complete trials, by fANOVA on a random
 * forest: keys in descending order of importance, values summing to 1 (parameters whose distribution
 * has a single value get 0; an empty object when no assessed parameter can vary). Integer-like
 * parameter names come first whatever their value, as in every JavaScript object.
 *
 * @throws NoCompletedTrialsError when no complete trial (with a finite target) is left
 * @throws InvalidOptionsError for a multi-objective study without `target`, a `params` name no
 *   complete trial has, or a bad `nTrees`, `maxDepth` or `seed`
 * @throws InvalidParamError when a name in `params` has different distributions in different trials
 * @throws ImportanceUndefinedError with one usable trial or a target that never varies
 */
export function getParamImportances(trials: readonly FrozenTrial[], options: ParamImportanceOptions = {}): Record<string, number> {
  const nTrees = options.nTrees ?? 64;
  const maxDepth = options.maxDepth ?? 64;
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(nTrees) || nTrees < 1) throw new InvalidOptionsError(`\`nTrees\` must be a positive integer, got ${nTrees}`);
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 1)
    throw new InvalidOptionsError(`\`maxDepth\` must be a positive integer, got ${maxDepth}`);
  if (!Number.isSafeInteger(seed)) throw new InvalidOptionsError(`\`seed\` must be an integer, got ${seed}`);

  const complete = trials.filter((t) => t.state === 'complete');
  if (complete.length === 0) throw new NoCompletedTrialsError('parameter importances need complete trials, got none');
  const target = options.target ?? objectiveValue(complete);
  const space = options.params === undefined ? intersectionSearchSpace(complete) : givenSpace(complete, options.params);
  const names = Object.keys(space);

  const used: FrozenTrial[] = [];
  const y: number[] = [];
  for (const t of complete) {
    if (!names.every((name) => Object.hasOwn(t.params, name))) continue;
    const v = target(t);
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    used.push(t);
    y.push(v);
  }
  if (used.length === 0) throw new NoCompletedTrialsError('parameter importances need complete trials with a finite target, got none');

  const varying = names.filter((name) => !isSingleValue(space[name] as ParamDistribution));
  if (varying.length === 0) return {};
  if (used.length < 2)
    throw new ImportanceUndefinedError(
      `parameter importances need at least 2 complete trials, got ${used.length} (trial ${used[0]?.number})`,
    );

  const { bounds, groups } = encodeSpace(varying.map((name) => space[name] as ParamDistribution));
  const x = new Float64Array(used.length * bounds.length);
  used.forEach((t, row) => encodeTrial(t, varying, space, x.subarray(row * bounds.length, (row + 1) * bounds.length)));
  const standardized = y.every((v) => v === y[0]) ? null : standardize(y);
  if (standardized === null) {
    throw new ImportanceUndefinedError(`parameter importances need a target that varies, got ${y[0]} in all ${y.length} trials`);
  }

  const forest = fitRandomForest({ x, y: standardized, nFeatures: bounds.length }, { nTrees, maxDepth, seed });
  const shares = fanovaImportances(
    forest.map((tree) => createFanovaTree(tree, bounds)),
    groups,
  );
  const total = shares?.reduce((a, b) => a + b, 0) ?? 0;
  if (shares === null || !(total > 0)) {
    throw new ImportanceUndefinedError(
      `no parameter explains any variance of the target on its own over ${used.length} trials (the forest found only interactions)`,
    );
  }

  const entries: [string, number][] = varying.map((name, i) => [name, (shares[i] as number) / total]);
  for (const name of names) if (!varying.includes(name)) entries.push([name, 0]);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}

function objectiveValue(complete: readonly FrozenTrial[]): (t: FrozenTrial) => number {
  const multi = complete.find((t) => (t.values?.length ?? 0) > 1);
  if (multi !== undefined) {
    throw new InvalidOptionsError(
      `\`target\` is required with several objectives (trial ${multi.number} has ${multi.values?.length} values), e.g. target: (t) => t.values![0]`,
    );
  }
  return (t) => t.values?.[0] ?? Number.NaN;
}

/** The distributions of the named params, from the complete trials that have them all (Optuna's rule). */
function givenSpace(complete: readonly FrozenTrial[], params: readonly string[]): Record<string, ParamDistribution> {
  params.forEach((name, i) => {
    if (typeof name !== 'string') throw new InvalidOptionsError(`\`params[${i}]\` must be a string, got ${JSON.stringify(name)}`);
  });
  const unique = [...new Set(params)].sort();
  const space: Record<string, ParamDistribution> = {};
  let found = false;
  for (const t of complete) {
    if (!unique.every((name) => Object.hasOwn(t.distributions, name))) continue;
    for (const name of unique) {
      const dist = t.distributions[name] as ParamDistribution;
      const seen = space[name];
      if (seen === undefined) space[name] = dist;
      else if (!distributionsEqual(seen, dist)) {
        throw new InvalidParamError(
          `parameter '${name}' has different distributions in different complete trials (trial ${t.number}); importances need one`,
        );
      }
    }
    found = true;
  }
  if (!found) {
    const missing = unique.find((name) => !complete.some((t) => Object.hasOwn(t.distributions, name)));
    throw new InvalidOptionsError(
      missing === undefined
        ? `\`params\` must name parameters that some complete trial has together, got ${JSON.stringify(unique)}`
        : `\`params\` must name parameters of the complete trials, got '${missing}', which none has`,
    );
  }
  return space;
}

/**
 * Columns as Optuna's evaluator builds them (`_SearchSpaceTransform` without log or step
 * transforms): a float or int is its own value within [low, high], log-scaled ones included, and a
 * categorical is one-hot, each choice a column within [0, 1].
 */
function encodeSpace(dists: readonly ParamDistribution[]): Encoding {
  const bounds: (readonly [number, number])[] = [];
  const groups: number[][] = [];
  for (const dist of dists) {
    if (dist.kind === 'categorical') {
      groups.push(dist.choices.map((_, j) => bounds.length + j));
      for (let j = 0; j < dist.choices.length; j++) bounds.push([0, 1]);
    } else {
      groups.push([bounds.length]);
      bounds.push([dist.low, dist.high]);
    }
  }
  return { bounds, groups };
}

function encodeTrial(t: FrozenTrial, names: readonly string[], space: Record<string, ParamDistribution>, row: Float64Array): void {
  let column = 0;
  for (const name of names) {
    const dist = space[name] as ParamDistribution;
    const internal = toInternal(dist, t.params[name] as FrozenTrial['params'][string], name);
    if (dist.kind === 'categorical') {
      row[column + internal] = 1;
      column += dist.choices.length;
    } else {
      row[column++] = internal;
    }
  }
}

/**
 * (y - mean) / sd, or null when y is constant. Importances are shares of variance, so scaling
 * changes nothing except that the trees' purity test (variance <= machine epsilon, as
 * scikit-learn's) then holds for objectives of any magnitude.
 */
function standardize(y: readonly number[]): Float64Array | null {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
  if (!(sd > 0) || !Number.isFinite(sd)) return null;
  return Float64Array.from(y, (v) => (v - mean) / sd);
}
