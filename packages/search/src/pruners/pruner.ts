import type { StudyView } from '../samplers/sampler.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';

/**
 * Decides whether a running trial should stop early, from its intermediate reports and those of the
 * other trials in the view. Called after each `trial.report`; must be pure given its inputs.
 */
export interface Pruner {
  /** A short name for logs, e.g. `asha`. */
  readonly name: string;
  /** True when `trial` (running, with at least one report) should be pruned now. */
  prune(study: StudyView, trial: FrozenTrial): boolean;
}
