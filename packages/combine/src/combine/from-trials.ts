import { InvalidGroupsError, InvalidTrialError, describeValue } from '../errors.js';
import { bertGroups } from '../groups/bert-groups.js';
import type { GroupSpec } from '../groups/group-spec.js';
import { normalizeGroupSpecs } from '../groups/group-spec.js';
import type { Provenance } from '../distribution/lr-distribution.js';
import { LrDistribution } from '../distribution/lr-distribution.js';
import { logStats } from '../math/log-stats.js';
import type { RankTrialsOptions, TrialRecord } from './rank-trials.js';
import { rankTrials, trialId } from './rank-trials.js';

/** Options of `fromTrials`. */
export interface FromTrialsOptions extends RankTrialsOptions {
  /** The searched groups (`params` keys), or a BERT layer count for `bertGroups(n)`. Required. */
  readonly groups: readonly GroupSpec[] | number;
  /** Provenance to record (model, pair, study...); `trials` and `method` are filled in. */
  readonly provenance?: Partial<Provenance>;
}

/**
 * The distribution of one study: the weighted geometric mean, per group, of the learning rates of its
 * ranked complete trials (`rankTrials`), with the weighted geometric SD across those trials as band.
 * Source: Kenneweg et al. 2022 and their code, plot.py (log_average_weighted).
 */
export function fromTrials(trials: readonly TrialRecord[], options: FromTrialsOptions): LrDistribution {
  const { groups, provenance, ...rankOptions } = options;
  const specs = typeof groups === 'number' ? bertGroups(groups) : normalizeGroupSpecs(groups, (f, m) => new InvalidGroupsError(f, m));
  const ranked = rankTrials(trials, rankOptions).filter((t) => t.weight > 0);
  const weights = ranked.map((t) => t.weight);
  const out = specs.map((spec) => {
    const lrs = ranked.map(({ trial, index }) => {
      const lr = trial.params[spec.name];
      if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
        const id = trialId(trial, index);
        throw new InvalidTrialError(
          id,
          `\`trials[${index}].params.${spec.name}\` must be a positive finite learning rate, got ${describeValue(lr)} (trial ${id})`,
        );
      }
      return lr;
    });
    const { geometricMean, gsd } = logStats(lrs, weights);
    return { ...spec, lr: geometricMean, band: { gsd } };
  });
  const objective = options.objective ?? 'sum';
  const method = objective === 'pareto' ? 'pareto-front' : 'rank-weighted';
  const weight = options.weight ?? 1.8;
  const detail =
    objective === 'pareto'
      ? `geometric mean of ${ranked.length} non-dominated trial(s)`
      : `weight ${typeof weight === 'number' ? `${weight}^-rank` : 'custom'} over ${ranked.length} trial(s)` +
        (options.topK !== undefined && options.topK !== Infinity ? `, topK=${options.topK}` : '');
  return new LrDistribution(out, {
    provenance: {
      ...provenance,
      trials: ranked.length,
      method,
      notes: provenance?.notes === undefined ? detail : `${provenance.notes}; ${detail}`,
    },
  });
}
