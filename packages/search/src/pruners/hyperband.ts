import { crc32 } from 'node:zlib';
import { InvalidOptionsError } from '../errors.js';
import type { StudyView } from '../samplers/sampler.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { Pruner } from './pruner.js';
import { checkHalvingOptions } from './rungs.js';
import { createSuccessiveHalvingPruner } from './successive-halving.js';

/**
 * Hyperband (Li et al., "Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization",
 * JMLR 2018) as Optuna runs it (optuna/pruners/_hyperband.py, v3.1): several successive-halving
 * brackets with early-stopping rates 0 .. B-1, B = floor(log_eta(maxResource / minResource)) + 1;
 * bracket b gets a share ceil(B * eta^s / (s + 1)) of trials (s = B - 1 - b), assigned by
 * crc32("<study>_<trial number>"), so the assignment is deterministic and the same as Optuna's.
 * Each bracket's halving only compares trials of its own bracket.
 */

/** Options of {@link createHyperbandPruner}. */
export interface HyperbandPrunerOptions {
  /** Step of the first rung of bracket 0. Default 1. */
  minResource?: number;
  /** Longest a trial runs, in steps; 'auto': last step of the longest complete trial + 1. Default 'auto'. */
  maxResource?: number | 'auto';
  /** eta. Default 3. */
  reductionFactor?: number;
  /** As in successive halving. Default 0. */
  bootstrapCount?: number;
}

/** Hyperband: successive halving over brackets with different early-stopping rates. */
export function createHyperbandPruner(options: HyperbandPrunerOptions = {}): Pruner {
  const minResource = options.minResource ?? 1;
  const maxResourceOption = options.maxResource ?? 'auto';
  const reductionFactor = options.reductionFactor ?? 3;
  const bootstrapCount = options.bootstrapCount ?? 0;
  checkHalvingOptions({ minResource, reductionFactor, minEarlyStoppingRate: 0, bootstrapCount });
  if (maxResourceOption !== 'auto' && (!Number.isSafeInteger(maxResourceOption) || maxResourceOption < minResource)) {
    throw new InvalidOptionsError(
      `\`maxResource\` must be an integer >= minResource (${minResource}) or 'auto', got ${JSON.stringify(maxResourceOption)}`,
    );
  }
  if (bootstrapCount > 0 && maxResourceOption === 'auto') {
    throw new InvalidOptionsError("`bootstrapCount` > 0 needs a numeric `maxResource`, got 'auto'");
  }
  const brackets = new Map<number, { budgets: number[]; total: number; pruners: Pruner[] }>();
  const bracketsFor = (maxResource: number): { budgets: number[]; total: number; pruners: Pruner[] } => {
    let hit = brackets.get(maxResource);
    if (hit === undefined) {
      const n = Math.floor(Math.log(maxResource / minResource) / Math.log(reductionFactor)) + 1;
      const budgets = Array.from({ length: n }, (_, b) => {
        const s = n - 1 - b;
        return Math.ceil((n * reductionFactor ** s) / (s + 1));
      });
      const pruners = budgets.map((_, b) =>
        createSuccessiveHalvingPruner({ minResource, reductionFactor, minEarlyStoppingRate: b, bootstrapCount }),
      );
      hit = { budgets, total: budgets.reduce((a, b) => a + b, 0), pruners };
      brackets.set(maxResource, hit);
    }
    return hit;
  };

  return {
    name: 'hyperband',
    prune(study: StudyView, trial: FrozenTrial): boolean {
      const maxResource = maxResourceOption === 'auto' ? autoMaxResource(study) : maxResourceOption;
      if (maxResource === null) return false;
      const { budgets, pruners } = bracketsFor(maxResource);
      const bracket = hyperbandBracket(study.studyName, trial.number, budgets);
      const inBracket = (t: FrozenTrial): boolean => hyperbandBracket(study.studyName, t.number, budgets) === bracket;
      const bracketView: StudyView = {
        studyName: study.studyName,
        directions: study.directions,
        getTrials: (options) => study.getTrials(options).filter(inBracket),
      };
      return (pruners[bracket] as Pruner).prune(bracketView, trial);
    },
  };
}

/** Hyperband's bracket of a trial: crc32("<study>_<number>") modulo the total budget, walked through the shares. */
export function hyperbandBracket(studyName: string, trialNumber: number, budgets: readonly number[]): number {
  const total = budgets.reduce((a, b) => a + b, 0);
  let n = crc32(`${studyName}_${trialNumber}`) % total;
  for (let b = 0; b < budgets.length; b++) {
    n -= budgets[b] as number;
    if (n < 0) return b;
  }
  return budgets.length - 1;
}

function autoMaxResource(study: StudyView): number | null {
  let longest = -1;
  for (const t of study.getTrials({ states: ['complete'] })) {
    const last = t.intermediateValues.at(-1);
    if (last !== undefined && last.step > longest) longest = last.step;
  }
  return longest < 0 ? null : longest + 1;
}
