import { nonDominatedRanks } from '../math/pareto.js';
import { InvalidOptionsError } from '../errors.js';
import type { StudyView } from '../samplers/sampler.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { Pruner } from './pruner.js';
import { pruneAtRungs, resolveHalving, type SuccessiveHalvingPrunerOptions } from './successive-halving.js';

/**
 * Successive halving for several objectives, which Optuna lacks. Rungs and defaults are those of
 * {@link createSuccessiveHalvingPruner}; the ranking is non-dominated sorting (Deb et al., NSGA-II,
 * 2002): at a rung reached by N trials (itself included), with quota q = max(1, floor(N / eta)), a
 * trial is promoted when fewer than q of those trials lie in fronts strictly better than its own, and
 * pruned otherwise. A whole front is promoted or pruned together, so more than q trials may pass when
 * the promoted front is large. With one objective this is exactly successive halving. Reports must
 * hold one value per objective.
 */
export type ParetoRankPrunerOptions = SuccessiveHalvingPrunerOptions;

/** Prunes a trial whose non-dominated rank at a rung it just reached is outside the top 1/eta. */
export function createParetoRankPruner(options: ParetoRankPrunerOptions = {}): Pruner {
  const settings = resolveHalving(options);
  return {
    name: 'pareto-rank',
    prune(study: StudyView, trial: FrozenTrial): boolean {
      const k = study.directions.length;
      const last = trial.intermediateValues.at(-1);
      if (last !== undefined && last.values.length !== k) {
        throw new InvalidOptionsError(
          `the Pareto-rank pruner needs one value per objective in each report, got ${last.values.length} at step ${last.step} of trial ${trial.number} (study '${study.studyName}' has ${k})`,
        );
      }
      return pruneAtRungs(study, trial, settings, (own, others) => {
        const points = [own, ...others.filter((v) => v.length === k)];
        const ranks = nonDominatedRanks(points, study.directions);
        const mine = ranks[0] as number;
        const better = ranks.filter((r) => r < mine).length;
        return better < Math.max(1, Math.floor(points.length / settings.reductionFactor));
      });
    },
  };
}
