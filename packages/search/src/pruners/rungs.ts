import { InvalidOptionsError } from '../errors.js';
import type { StudyView } from '../samplers/sampler.js';
import type { FrozenTrial, IntermediateValue } from '../trial/frozen-trial.js';

/**
 * Rungs of successive halving, rebuilt from intermediate values alone. Optuna's ASHA stores each
 * trial's value at a rung as a system attribute when it passes the rung; ours derives the same value
 * from the reports (a trial's value at rung r is its first report at a step >= the rung's step), so
 * a pruner reads nothing but the study view and stays a pure function of it.
 *
 * One deliberate difference: with 'auto' resources, Optuna's pruner cannot decide before the first
 * trial completes and records no rung values meanwhile, so those first trials never compete at any
 * rung. Here every trial that reached a rung competes there. With explicit resources the decisions
 * are Optuna's, step for step (src/pruners/optuna-parity.test.ts).
 */

/** The step at which rung `rung` is judged: minResource * eta^(minEarlyStoppingRate + rung). */
export function rungStep(minResource: number, reductionFactor: number, minEarlyStoppingRate: number, rung: number): number {
  return minResource * reductionFactor ** (minEarlyStoppingRate + rung);
}

/** A trial's values at the first report at or after `step`, or undefined if it has not got there. */
export function valuesAtRung(trial: FrozenTrial, step: number): readonly number[] | undefined {
  return trial.intermediateValues.find((r: IntermediateValue) => r.step >= step)?.values;
}

/**
 * Rungs the latest report completes: those whose step lies in (previous report's step, latest step].
 * Earlier rungs were judged at earlier reports.
 */
export function rungsCompletedNow(
  trial: FrozenTrial,
  step: (rung: number) => number,
): { readonly rungs: number[]; readonly last: IntermediateValue } | null {
  const reports = trial.intermediateValues;
  const last = reports.at(-1);
  if (last === undefined) return null;
  const previous = reports.length > 1 ? (reports[reports.length - 2] as IntermediateValue).step : -1;
  const rungs: number[] = [];
  for (let r = 0; step(r) <= last.step; r++) if (step(r) > previous) rungs.push(r);
  return { rungs, last };
}

/** Optuna's 'auto' minimum resource: max(1, floor(last step of the longest complete trial / 100)). */
export function estimateMinResource(study: StudyView): number | null {
  let longest = -1;
  for (const t of study.getTrials({ states: ['complete'] })) {
    const last = t.intermediateValues.at(-1);
    if (last !== undefined && last.step > longest) longest = last.step;
  }
  return longest < 0 ? null : Math.max(Math.floor(longest / 100), 1);
}

/** Throws for a multi-objective study: single-objective pruners compare one value. */
export function requireSingleObjective(study: StudyView, what: string): void {
  if (study.directions.length !== 1) {
    throw new InvalidOptionsError(
      `${what} needs a single-objective study, got ${study.directions.length} directions in study '${study.studyName}': use createParetoRankPruner`,
    );
  }
}

/** Validates the options successive-halving pruners share. */
export function checkHalvingOptions(o: {
  minResource: number | 'auto';
  reductionFactor: number;
  minEarlyStoppingRate: number;
  bootstrapCount: number;
}): void {
  if (o.minResource !== 'auto' && (!Number.isSafeInteger(o.minResource) || o.minResource < 1)) {
    throw new InvalidOptionsError(`\`minResource\` must be an integer >= 1 or 'auto', got ${JSON.stringify(o.minResource)}`);
  }
  if (!Number.isSafeInteger(o.reductionFactor) || o.reductionFactor < 2) {
    throw new InvalidOptionsError(`\`reductionFactor\` must be an integer >= 2, got ${o.reductionFactor}`);
  }
  if (!Number.isSafeInteger(o.minEarlyStoppingRate) || o.minEarlyStoppingRate < 0) {
    throw new InvalidOptionsError(`\`minEarlyStoppingRate\` must be an integer >= 0, got ${o.minEarlyStoppingRate}`);
  }
  if (!Number.isSafeInteger(o.bootstrapCount) || o.bootstrapCount < 0) {
    throw new InvalidOptionsError(`\`bootstrapCount\` must be an integer >= 0, got ${o.bootstrapCount}`);
  }
  if (o.bootstrapCount > 0 && o.minResource === 'auto') {
    throw new InvalidOptionsError("`bootstrapCount` > 0 needs a numeric `minResource`, got 'auto'");
  }
}
