import { InvalidOptionError, InvalidTrialError, EmptyInputError, describeValue } from '../errors.js';

/** Lifecycle state of a search trial, as the search library reports it. */
export type TrialState = 'complete' | 'pruned' | 'failed' | 'running' | 'waiting';

/** A search trial as plain data: `params[group]` is that group's learning rate itself. */
export interface TrialRecord {
  /** The trial's number in its study, used in error messages; its index in the input when absent. */
  readonly number?: number;
  /** Learning rate per group name (other params are ignored). */
  readonly params: Readonly<Record<string, number>>;
  /** Objective values, all maximised: `[p_o, p_s]`, or one scalar; `null` until complete. */
  readonly values: readonly number[] | null;
  readonly state: TrialState;
}

/**
 * How trials are ranked: `sum` orders complete trials by the sum of their values (p_o + p_s, the
 * paper's rule; a single scalar objective is its own sum); `pareto` keeps the non-dominated trials.
 */
export type TrialObjective = 'sum' | 'pareto';

/** Weight of rank r (0 = best) for `sum`: a base b means b^-r; a function is called with r. */
export type RankWeight = number | ((rank: number) => number);

/** Options of `rankTrials`. */
export interface RankTrialsOptions {
  /** Ranking rule; default `'sum'`. */
  readonly objective?: TrialObjective;
  /** Rank weight for `sum`; default 1.8 (weight 1.8^-rank, as the paper's code). Ignored by `pareto`. */
  readonly weight?: RankWeight;
  /**
   * Keep only the best `topK` ranks for `sum`; default `Infinity`: every complete trial, as the paper's
   * code does (plot.py, log_average_weighted, sums over the whole ranking).
   */
  readonly topK?: number;
}

/** A complete trial with its place in the ranking. */
export interface RankedTrial {
  readonly trial: TrialRecord;
  /** Index of the trial in the input. */
  readonly index: number;
  /** The ranking score: the sum of the values (also reported for `pareto`). */
  readonly score: number;
  /** 0 for the best; tied trials share their first rank. For `pareto` every kept trial has rank 0. */
  readonly rank: number;
  /** Weight in the geometric mean (ties share the mean weight of the ranks they span). */
  readonly weight: number;
}

/** The `number` of a trial for messages, or its index in the input. */
export function trialId(trial: TrialRecord, index: number): number {
  return typeof trial.number === 'number' ? trial.number : index;
}

function checkValues(trials: readonly TrialRecord[]): { trial: TrialRecord; index: number }[] {
  const complete: { trial: TrialRecord; index: number }[] = [];
  let width = -1;
  trials.forEach((trial, index) => {
    if (trial.state !== 'complete') return;
    const id = trialId(trial, index);
    const values = trial.values;
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new InvalidTrialError(
        id,
        `\`trials[${index}].values\` must be a non-empty array of finite numbers for a complete trial, got ${describeValue(values)} (trial ${id})`,
      );
    }
    if (width === -1) width = values.length;
    else if (values.length !== width) {
      throw new InvalidTrialError(
        id,
        `\`trials[${index}].values\` must have ${width} entries like the trials before it, got ${values.length} (trial ${id})`,
      );
    }
    complete.push({ trial, index });
  });
  return complete;
}

function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x < y) return false;
    if (x > y) strictly = true;
  }
  return strictly;
}

function weightOf(weight: RankWeight, rank: number): number {
  const w = typeof weight === 'number' ? weight ** -rank : weight(rank);
  if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
    throw new InvalidOptionError('weight', `\`weight\` must give a finite weight >= 0, got ${describeValue(w)} for rank ${rank}`);
  }
  return w;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * Ranks the complete trials of one study (pruned, failed, running and waiting ones are ignored),
 * best first, with the weight each gets in the study's geometric mean.
 * Source: Kenneweg et al. 2022, github.com/TheMody/NAS-CatastrophicForgetting, plot.py (ranking by
 * p_o + p_s, weight 1.8^-rank over all trials). Where that code let argsort break ties arbitrarily,
 * tied trials (exactly equal sums) here share the mean weight of the ranks they span, so input order
 * does not matter.
 */
export function rankTrials(trials: readonly TrialRecord[], options: RankTrialsOptions = {}): RankedTrial[] {
  const { objective = 'sum', weight = 1.8, topK = Infinity } = options;
  if (objective !== 'sum' && objective !== 'pareto') {
    throw new InvalidOptionError('objective', `\`objective\` must be 'sum' or 'pareto', got ${describeValue(objective)}`);
  }
  if (typeof weight === 'number' && (!Number.isFinite(weight) || weight <= 0)) {
    throw new InvalidOptionError('weight', `\`weight\` must be a positive finite base, got ${describeValue(weight)}`);
  }
  if (typeof weight !== 'number' && typeof weight !== 'function') {
    throw new InvalidOptionError('weight', `\`weight\` must be a number or a function of the rank, got ${describeValue(weight)}`);
  }
  if (!(topK === Infinity || (Number.isInteger(topK) && topK >= 1))) {
    throw new InvalidOptionError('topK', `\`topK\` must be an integer >= 1 or Infinity, got ${describeValue(topK)}`);
  }
  if (!Array.isArray(trials)) {
    throw new InvalidOptionError('trials', `\`trials\` must be an array, got ${describeValue(trials)}`);
  }
  const complete = checkValues(trials);
  if (complete.length === 0) {
    throw new EmptyInputError(`\`trials\` must contain at least one complete trial, got ${trials.length} trial(s) and none complete`);
  }
  const scored = complete.map(({ trial, index }) => ({ trial, index, score: sum(trial.values ?? []) }));

  if (objective === 'pareto') {
    const front = scored.filter((a) => !scored.some((b) => b !== a && dominates(b.trial.values ?? [], a.trial.values ?? [])));
    return front.sort((a, b) => b.score - a.score || a.index - b.index).map((t) => ({ ...t, rank: 0, weight: 1 }));
  }

  // Stable: equal scores keep input order, and then share one weight anyway.
  const sorted = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const ranked: RankedTrial[] = [];
  let start = 0;
  while (start < sorted.length && start < topK) {
    let end = start + 1;
    while (end < sorted.length && (sorted[end] as (typeof sorted)[number]).score === (sorted[start] as (typeof sorted)[number]).score)
      end++;
    // A tie block that straddles topK is kept whole: cutting it would depend on input order.
    let blockWeight = 0;
    for (let r = start; r < end; r++) blockWeight += weightOf(weight, r);
    blockWeight /= end - start;
    for (let r = start; r < end; r++) ranked.push({ ...(sorted[r] as (typeof sorted)[number]), rank: start, weight: blockWeight });
    start = end;
  }
  if (!ranked.some((t) => t.weight > 0)) {
    throw new InvalidOptionError('weight', '`weight` must give a positive weight to at least one ranked trial, got all zero');
  }
  return ranked;
}
