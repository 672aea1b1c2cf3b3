import type { StudyView } from '../samplers/sampler.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { Pruner } from './pruner.js';
import { checkHalvingOptions, estimateMinResource, requireSingleObjective, rungStep, rungsCompletedNow, valuesAtRung } from './rungs.js';

/**
 * Asynchronous successive halving (ASHA: Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", MLSys 2020), with the semantics and defaults of Optuna's SuccessiveHalvingPruner
 * (optuna/pruners/_successive_halving.py, v3.1): at rung r (step minResource * eta^(s + r)), a trial
 * is promoted when its value is among the best max(1, floor(N / eta)) of the N trials that reached
 * the rung (itself included); otherwise it is pruned. A NaN value at a rung is pruned.
 */

/** Options of {@link createSuccessiveHalvingPruner}. */
export interface SuccessiveHalvingPrunerOptions {
  /** Step of the first rung; 'auto': max(1, last step of the longest complete trial / 100). Default 'auto'. */
  minResource?: number | 'auto';
  /** eta: the fraction 1/eta of trials is promoted at each rung. Default 4. */
  reductionFactor?: number;
  /** s: the first rung sits at minResource * eta^s. Default 0. */
  minEarlyStoppingRate?: number;
  /** Prune at a rung until more than this many trials reached it. Default 0. */
  bootstrapCount?: number;
}

/** Resolved halving settings, shared with Hyperband and the Pareto-rank pruner. */
export interface HalvingSettings {
  readonly minResource: number | 'auto';
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;
}

/** Fills in Optuna's defaults and validates. */
export function resolveHalving(options: SuccessiveHalvingPrunerOptions): HalvingSettings {
  const settings = {
    minResource: options.minResource ?? 'auto',
    reductionFactor: options.reductionFactor ?? 4,
    minEarlyStoppingRate: options.minEarlyStoppingRate ?? 0,
    bootstrapCount: options.bootstrapCount ?? 0,
  };
  checkHalvingOptions(settings);
  return settings;
}

/**
 * The rung loop both successive-halving pruners share: for each rung the latest report completes,
 * gather the values of the other trials at that rung and ask `promotable`.
 */
export function pruneAtRungs(
  study: StudyView,
  trial: FrozenTrial,
  settings: HalvingSettings,
  promotable: (own: readonly number[], others: readonly (readonly number[])[]) => boolean,
): boolean {
  const minResource = settings.minResource === 'auto' ? estimateMinResource(study) : settings.minResource;
  if (minResource === null) return false;
  const step = (r: number): number => rungStep(minResource, settings.reductionFactor, settings.minEarlyStoppingRate, r);
  const now = rungsCompletedNow(trial, step);
  if (now === null || now.rungs.length === 0) return false;
  const own = now.last.values;
  if (own.some(Number.isNaN)) return true;
  for (const r of now.rungs) {
    const others: (readonly number[])[] = [];
    for (const t of study.getTrials()) {
      if (t.number === trial.number) continue;
      const v = valuesAtRung(t, step(r));
      if (v !== undefined && !v.some(Number.isNaN)) others.push(v);
    }
    if (others.length + 1 <= settings.bootstrapCount) return true;
    if (!promotable(own, others)) return true;
  }
  return false;
}

/** ASHA: prunes a trial that is not among the top 1/eta at a rung it just reached. */
export function createSuccessiveHalvingPruner(options: SuccessiveHalvingPrunerOptions = {}): Pruner {
  const settings = resolveHalving(options);
  return {
    name: 'successive-halving',
    prune(study: StudyView, trial: FrozenTrial): boolean {
      requireSingleObjective(study, 'the successive-halving pruner');
      const maximize = study.directions[0] === 'maximize';
      return pruneAtRungs(study, trial, settings, (own, others) => {
        const value = own[0] as number;
        const all = [value, ...others.map((v) => v[0] as number)];
        const quota = Math.max(1, Math.floor(all.length / settings.reductionFactor));
        const better = all.filter((v) => (maximize ? v > value : v < value)).length;
        return better < quota;
      });
    },
  };
}
