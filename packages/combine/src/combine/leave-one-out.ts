import { EmptyInputError, InvalidOptionError, describeValue } from '../errors.js';
import type { LrDistribution } from '../distribution/lr-distribution.js';
import type { CombineOptions } from './combine.js';
import { combine } from './combine.js';

/** One fold of a leave-one-out validation. */
export interface LeaveOneOutFold {
  /** Index of the study left out. */
  readonly heldOutIndex: number;
  /** The study left out: evaluate `combined` on its pair. */
  readonly heldOut: LrDistribution;
  /** The combination of all the other studies. */
  readonly combined: LrDistribution;
}

/**
 * For each study, the combination of all the others (DESIGN.md, "Validation of a combination").
 * `options.weights`, when given, has one entry per study; a fold drops the held-out study's entry.
 */
export function leaveOneOut(studies: readonly LrDistribution[], options: CombineOptions = {}): LeaveOneOutFold[] {
  if (!Array.isArray(studies) || studies.length < 2) {
    throw new EmptyInputError(`\`studies\` must hold at least 2 distributions, got ${describeValue(studies?.length ?? studies)}`);
  }
  if (options.weights !== undefined && (!Array.isArray(options.weights) || options.weights.length !== studies.length)) {
    throw new InvalidOptionError(
      'weights',
      `\`weights\` must have one entry per study (${studies.length}), got ${describeValue(options.weights)}`,
    );
  }
  return studies.map((heldOut, heldOutIndex) => {
    const others = studies.filter((_, i) => i !== heldOutIndex);
    const weights = options.weights?.filter((_, i) => i !== heldOutIndex);
    const combined = combine(others, { ...options, ...(weights === undefined ? {} : { weights }) });
    return { heldOutIndex, heldOut, combined };
  });
}
