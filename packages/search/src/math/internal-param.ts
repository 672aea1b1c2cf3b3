/**
 * A trial's parameter in the internal representation of a given distribution, or null when the
 * trial lacks it or its value is not a legal point of that distribution (the name was reused with
 * another range or other choices). Samplers learn only from values that fit the distribution asked.
 */
import { containsInternal } from '../distributions/distributions.js';
import type { ParamDistribution } from '../distributions/distributions.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';

/** The internal value of `trial.params[name]` under `dist`, or null. */
export function internalParam(trial: FrozenTrial, name: string, dist: ParamDistribution): number | null {
  if (!Object.prototype.hasOwnProperty.call(trial.params, name)) return null;
  const value = trial.params[name];
  if (dist.kind === 'categorical') {
    const i = dist.choices.findIndex((c) => c === value);
    return i < 0 ? null : i;
  }
  return typeof value === 'number' && containsInternal(dist, value) ? value : null;
}
