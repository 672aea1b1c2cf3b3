import { InvalidOptionsError } from '../errors.js';
import type { StudyView } from '../samplers/sampler.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { Pruner } from './pruner.js';
import { requireSingleObjective } from './rungs.js';

/**
 * Percentile and median pruning, with Optuna's semantics and defaults (optuna/pruners/_percentile.py,
 * _median.py, v3.1): a trial is pruned at a step when its best intermediate value so far is worse
 * than the given percentile of the complete trials' values at that same step.
 */

/** Options of {@link createPercentilePruner}. */
export interface PercentilePrunerOptions {
  /** Percentile in [0, 100]; 50 is the median pruner. Required. */
  percentile: number;
  /** No pruning until this many trials are complete. Default 5. */
  nStartupTrials?: number;
  /** No pruning before this step. Default 0. */
  nWarmupSteps?: number;
  /** Prune at most once per this many steps after the warm-up. Default 1. */
  intervalSteps?: number;
  /** No pruning at a step that fewer complete trials reported. Default 1. */
  nMinTrials?: number;
}

/** Options of {@link createMedianPruner}. */
export type MedianPrunerOptions = Omit<PercentilePrunerOptions, 'percentile'>;

/** Prunes a trial whose best value so far is worse than the median of complete trials at the same step. */
export function createMedianPruner(options: MedianPrunerOptions = {}): Pruner {
  return { ...createPercentilePruner({ ...options, percentile: 50 }), name: 'median' };
}

/** Prunes a trial whose best value so far is worse than a percentile of complete trials at the same step. */
export function createPercentilePruner(options: PercentilePrunerOptions): Pruner {
  const { percentile } = options;
  const nStartupTrials = options.nStartupTrials ?? 5;
  const nWarmupSteps = options.nWarmupSteps ?? 0;
  const intervalSteps = options.intervalSteps ?? 1;
  const nMinTrials = options.nMinTrials ?? 1;
  if (!(percentile >= 0 && percentile <= 100)) throw new InvalidOptionsError(`\`percentile\` must be in [0, 100], got ${percentile}`);
  checkInt(nStartupTrials, 'nStartupTrials', 0);
  checkInt(nWarmupSteps, 'nWarmupSteps', 0);
  checkInt(intervalSteps, 'intervalSteps', 1);
  checkInt(nMinTrials, 'nMinTrials', 1);

  return {
    name: 'percentile',
    prune(study: StudyView, trial: FrozenTrial): boolean {
      requireSingleObjective(study, 'the percentile/median pruner');
      const complete = study.getTrials({ states: ['complete'] });
      if (complete.length === 0 || complete.length < nStartupTrials) return false;
      const last = trial.intermediateValues.at(-1);
      if (last === undefined || last.step < nWarmupSteps) return false;
      if (!isFirstInInterval(trial, last.step, nWarmupSteps, intervalSteps)) return false;
      const maximize = study.directions[0] === 'maximize';
      const best = bestSoFar(trial, maximize);
      if (Number.isNaN(best)) return true;
      const atStep: number[] = [];
      for (const t of complete) {
        const r = t.intermediateValues.find((x) => x.step === last.step);
        if (r !== undefined) atStep.push(r.values[0] as number);
      }
      if (atStep.length < nMinTrials) return false;
      const p = nanPercentile(atStep, maximize ? 100 - percentile : percentile);
      if (Number.isNaN(p)) return false;
      return maximize ? best < p : best > p;
    },
  };
}

function checkInt(value: number, field: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new InvalidOptionsError(`\`${field}\` must be an integer >= ${min}, got ${value}`);
}

/** Whether `step` is the first report in its pruning interval (Optuna's `_is_first_in_interval_step`). */
function isFirstInInterval(trial: FrozenTrial, step: number, warmup: number, interval: number): boolean {
  const nearestLower = Math.floor((step - warmup) / interval) * interval + warmup;
  let secondLast = -1;
  for (const r of trial.intermediateValues) if (r.step !== step && r.step > secondLast) secondLast = r.step;
  return secondLast < nearestLower;
}

function bestSoFar(trial: FrozenTrial, maximize: boolean): number {
  let best = Number.NaN;
  for (const r of trial.intermediateValues) {
    const v = r.values[0] as number;
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || (maximize ? v > best : v < best)) best = v;
  }
  return best;
}

/** NumPy's `nanpercentile` with linear interpolation. */
export function nanPercentile(values: readonly number[], q: number): number {
  const xs = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (xs.length === 0) return Number.NaN;
  const pos = ((xs.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = xs[lo] as number;
  const b = xs[hi] as number;
  return lo === hi ? a : a + (b - a) * (pos - lo);
}
