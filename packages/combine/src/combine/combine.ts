import { EmptyInputError, InvalidGroupsError, InvalidOptionError, describeValue } from '../errors.js';
import { bertGroups } from '../groups/bert-groups.js';
import type { GroupSpec } from '../groups/group-spec.js';
import { normalizeGroupSpecs } from '../groups/group-spec.js';
import type { Provenance } from '../distribution/lr-distribution.js';
import { LrDistribution } from '../distribution/lr-distribution.js';
import { logStats } from '../math/log-stats.js';
import { resample } from '../transfer/resample.js';

/** Options of `combine`. */
export interface CombineOptions {
  /** One weight >= 0 per distribution (not all 0); default equal weights, as the paper. */
  readonly weights?: readonly number[];
  /** The common grid, or a BERT layer count for `bertGroups(n)`; default the first distribution's groups. */
  readonly groups?: readonly GroupSpec[] | number;
  /** Provenance fields to set over the merged ones (model, pairs, studies, trials summed). */
  readonly provenance?: Partial<Provenance>;
}

function uniqueInOrder(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}

function checkWeights(weights: readonly number[] | undefined, n: number): readonly number[] | undefined {
  if (weights === undefined) return undefined;
  if (!Array.isArray(weights) || weights.length !== n) {
    throw new InvalidOptionError('weights', `\`weights\` must have one entry per distribution (${n}), got ${describeValue(weights)}`);
  }
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new InvalidOptionError(`weights[${i}]`, `\`weights[${i}]\` must be a finite number >= 0, got ${describeValue(w)}`);
    }
  });
  if (!weights.some((w) => w > 0)) {
    throw new InvalidOptionError('weights', `\`weights\` must not all be 0, got ${describeValue(weights)}`);
  }
  return weights;
}

/**
 * Combines distributions from several studies: each is resampled onto a common grid (log-LR over
 * depth), then per group the weighted geometric mean gives the rate and the weighted geometric
 * standard deviation across the inputs the band. Source: Kenneweg et al. 2022 and their code,
 * plot.py (combine_multiple: unweighted mean of log-LRs over studies).
 */
export function combine(distributions: readonly LrDistribution[], options: CombineOptions = {}): LrDistribution {
  if (!Array.isArray(distributions) || distributions.length === 0) {
    throw new EmptyInputError(`\`distributions\` must be a non-empty array, got ${describeValue(distributions)}`);
  }
  distributions.forEach((d, i) => {
    if (!(d instanceof LrDistribution)) {
      throw new InvalidOptionError(`distributions[${i}]`, `\`distributions[${i}]\` must be an LrDistribution, got ${describeValue(d)}`);
    }
  });
  const weights = checkWeights(options.weights, distributions.length);
  const first = distributions[0] as LrDistribution;
  const specs =
    options.groups === undefined
      ? first.specs
      : typeof options.groups === 'number'
        ? bertGroups(options.groups)
        : normalizeGroupSpecs(options.groups, (f, m) => new InvalidGroupsError(f, m));
  const onGrid = distributions.map((d) => resample(d, specs));
  const groups = specs.map((spec, g) => {
    const { geometricMean, gsd } = logStats(
      onGrid.map((d) => (d.groups[g] as { lr: number }).lr),
      weights,
    );
    return { ...spec, lr: geometricMean, band: { gsd } };
  });
  const used = distributions.filter((_, i) => weights === undefined || (weights[i] as number) > 0);
  const models = uniqueInOrder(used.map((d) => [d.provenance.model]));
  const notes = `geometric mean of ${used.length} distribution(s)` + (weights === undefined ? '' : ` with weights ${weights.join(', ')}`);
  return new LrDistribution(groups, {
    provenance: {
      model: models.join('+'),
      pairs: uniqueInOrder(used.map((d) => d.provenance.pairs)),
      studies: uniqueInOrder(used.map((d) => d.provenance.studies)),
      trials: used.reduce((n, d) => n + d.provenance.trials, 0),
      method: 'geometric-mean',
      notes,
      ...options.provenance,
    },
  });
}
