/**
 * The search space shared by every finished trial: the parameters that all of them have, with one
 * and the same distribution (Optuna's `IntersectionSearchSpace`). Model-based samplers sample this
 * part jointly and leave conditional (define-by-run) parameters to independent sampling.
 */
import { distributionsEqual } from '../distributions/distributions.js';
import type { ParamDistribution, SearchSpace } from '../distributions/distributions.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';

/** Options of {@link intersectionSearchSpace}. */
export interface IntersectionOptions {
  /** Count pruned trials as well as complete ones. Default false. */
  readonly includePruned?: boolean;
}

/** The intersection over the view's complete (and optionally pruned) trials, keys sorted by name. */
export function intersectionSearchSpace(trials: readonly FrozenTrial[], options: IntersectionOptions = {}): SearchSpace {
  let space: Map<string, ParamDistribution> | null = null;
  for (const t of trials) {
    if (!(t.state === 'complete' || (options.includePruned === true && t.state === 'pruned'))) continue;
    if (space === null) {
      space = new Map(Object.entries(t.distributions));
      continue;
    }
    for (const [name, dist] of space) {
      const other = t.distributions[name];
      if (other === undefined || !distributionsEqual(dist, other)) space.delete(name);
    }
  }
  const out: Record<string, ParamDistribution> = {};
  if (space === null) return out;
  for (const name of [...space.keys()].sort()) out[name] = space.get(name) as ParamDistribution;
  return out;
}
