import type { ParamDistribution, ParamValue, SearchSpace } from '../distributions/distributions.js';
import type { FrozenTrial, StudyDirection, TrialState } from '../trial/frozen-trial.js';

/**
 * What a sampler or pruner may know of a study: its directions and a snapshot of its trials.
 *
 * Samplers see the study only through this view, which is what makes seeded runs reproducible with
 * `concurrency > 1`: the study decides which trials a new trial may learn from (in deterministic mode,
 * exactly the trials numbered below `trial.number - concurrency + 1`, whatever finished first in wall
 * time), so a sampler must never read storage or shared mutable state of its own.
 */
export interface StudyView {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  /** Trials visible to the current decision, ordered by number; `states` filters. */
  getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[];
}

/**
 * A sampler proposes parameter values, in two ways as in Optuna: `sampleRelative` proposes a joint
 * point for the part of the space it can infer from earlier trials (used by multivariate TPE, GP-BO,
 * NSGA-II); anything not covered is drawn one parameter at a time by `sampleIndependent` when the
 * objective first asks for it (define-by-run).
 *
 * Contract (checked by the shared sampler suite in `src/testing`):
 * - Pure with respect to `(seed, trial.number, the view's trials, param name)`: the same inputs give the
 *   same values, whatever the call order of other trials. Derive per-call RNGs from those inputs
 *   (`math/rng.ts` `deriveSeed`), never keep one RNG stream across trials.
 * - Returns values inside the given distribution, in the objective's representation (`ParamValue`).
 * - Never throws for a valid view; with too little history it falls back to independent random draws.
 */
export interface Sampler {
  /** A short name for logs and the study's system attributes, e.g. `tpe`. */
  readonly name: string;
  /** The space to sample jointly for this trial (empty: everything is independent). */
  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): SearchSpace;
  /** A joint proposal for `space`; may omit names (they are then sampled independently). */
  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue>;
  /** One parameter the relative proposal did not cover. */
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: ParamDistribution): ParamValue;
  /** Called once when a trial finishes (e.g. for logging); must not be needed for correctness. */
  afterTrial?(study: StudyView, trial: FrozenTrial): void;
}
