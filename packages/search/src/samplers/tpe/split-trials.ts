/**
 * TPE's split of the finished trials into the `below` (good) and `above` (the rest) groups, after
 * Optuna's `samplers/_tpe/sampler.py` (`_split_trials`, v3.2+):
 * - complete trials first: single objective by value; several objectives by non-dominated rank, the
 *   last front that does not fit whole is thinned by greedy hypervolume subset selection (MOTPE,
 *   Ozaki et al., JAIR 2022);
 * - then pruned trials, always ranked below every complete trial: by the latest step reached
 *   (further is better), then by the value reported there (several objectives: by the
 *   non-dominated rank of the reported vectors; a vector of the wrong length, or NaN, ranks last);
 *   pruned trials without any report come last.
 * Below-group weights for several objectives are hypervolume contributions (pruned: 1e-12).
 */
import { nonDominatedRanks } from '../../math/pareto.js';
import { hypervolumeContributions, referencePointOf, selectHypervolumeSubset } from '../../math/hypervolume.js';
import type { FrozenTrial, StudyDirection } from '../../trial/frozen-trial.js';

const EPS = 1e-12;

/** The two groups, each ordered by trial number. */
export interface TrialSplit {
  readonly below: readonly FrozenTrial[];
  readonly above: readonly FrozenTrial[];
}

/** Values turned into losses (every objective minimised). */
export function lossOf(values: readonly number[], directions: readonly StudyDirection[]): number[] {
  return directions.map((d, k) => (d === 'maximize' ? -(values[k] as number) : (values[k] as number)));
}

function splitComplete(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  nBelow: number,
): [FrozenTrial[], FrozenTrial[]] {
  nBelow = Math.min(nBelow, trials.length);
  if (directions.length <= 1) {
    const sign = directions[0] === 'maximize' ? -1 : 1;
    const sorted = [...trials].sort((a, b) => sign * ((a.values?.[0] ?? 0) - (b.values?.[0] ?? 0)) || a.number - b.number);
    return [sorted.slice(0, nBelow), sorted.slice(nBelow)];
  }
  if (nBelow === 0) return [[], [...trials]];
  const ranks = nonDominatedRanks(
    trials.map((t) => t.values ?? []),
    directions,
  );
  const chosen = new Set<number>();
  for (let rank = 0; chosen.size < nBelow; rank++) {
    const front = ranks.flatMap((r, i) => (r === rank ? [i] : []));
    if (chosen.size + front.length <= nBelow) {
      for (const i of front) chosen.add(i);
      continue;
    }
    const losses = front.map((i) => lossOf(trials[i]?.values ?? [], directions));
    const picked = selectHypervolumeSubset(losses, nBelow - chosen.size, referencePointOf(losses));
    for (const j of picked) chosen.add(front[j] as number);
  }
  const below: FrozenTrial[] = [];
  const above: FrozenTrial[] = [];
  trials.forEach((t, i) => (chosen.has(i) ? below : above).push(t));
  return [below, above];
}

function lastReport(t: FrozenTrial): { step: number; values: readonly number[] } | null {
  let best: { step: number; values: readonly number[] } | null = null;
  for (const iv of t.intermediateValues) if (best === null || iv.step > best.step) best = iv;
  return best;
}

function splitPruned(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  nBelow: number,
): [FrozenTrial[], FrozenTrial[]] {
  nBelow = Math.min(nBelow, trials.length);
  const reports = trials.map(lastReport);
  const m = directions.length;
  const usable = reports.map((r) => r !== null && r.values.length === m && r.values.every((v) => Number.isFinite(v)));
  const secondary = new Array<number>(trials.length).fill(Infinity);
  if (m <= 1) {
    const sign = directions[0] === 'maximize' ? -1 : 1;
    reports.forEach((r, i) => {
      if (usable[i] && r) secondary[i] = sign * (r.values[0] as number);
    });
  } else {
    // Rank vectors within each step, since only trials that reached the same step compare.
    const byStep = new Map<number, number[]>();
    reports.forEach((r, i) => {
      if (usable[i] && r) byStep.set(r.step, [...(byStep.get(r.step) ?? []), i]);
    });
    for (const idx of byStep.values()) {
      const ranks = nonDominatedRanks(
        idx.map((i) => reports[i]?.values ?? []),
        directions,
      );
      idx.forEach((i, j) => (secondary[i] = ranks[j] as number));
    }
  }
  const primary = reports.map((r) => (r === null ? 1 : -r.step));
  const order = trials
    .map((_, i) => i)
    .sort((a, b) => primary[a]! - primary[b]! || secondary[a]! - secondary[b]! || trials[a]!.number - trials[b]!.number);
  return [order.slice(0, nBelow).map((i) => trials[i]!), order.slice(nBelow).map((i) => trials[i]!)];
}

/** Splits complete and pruned trials so that `below` holds the best `nBelow` of them. */
export function splitTrials(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], nBelow: number): TrialSplit {
  const complete = trials.filter((t) => t.state === 'complete' && t.values !== null);
  const pruned = trials.filter((t) => t.state === 'pruned');
  const [belowComplete, aboveComplete] = splitComplete(complete, directions, nBelow);
  const [belowPruned, abovePruned] = splitPruned(pruned, directions, nBelow - belowComplete.length);
  const byNumber = (a: FrozenTrial, b: FrozenTrial): number => a.number - b.number;
  return {
    below: [...belowComplete, ...belowPruned].sort(byNumber),
    above: [...aboveComplete, ...abovePruned].sort(byNumber),
  };
}

/**
 * MOTPE's weights of the below group: each complete trial's hypervolume contribution relative to the
 * largest one (plus 1e-12, so no weight is zero); pruned trials get 1e-12.
 */
export function multiObjectiveBelowWeights(below: readonly FrozenTrial[], directions: readonly StudyDirection[]): Float64Array {
  const out = new Float64Array(below.length).fill(EPS);
  const idx = below.flatMap((t, i) => (t.state === 'complete' && t.values !== null ? [i] : []));
  if (idx.length === 1) out[idx[0] as number] = 1;
  if (idx.length <= 1) return out;
  const losses = idx.map((i) => lossOf(below[i]?.values ?? [], directions));
  const contributions = hypervolumeContributions(losses, referencePointOf(losses)).map((c) => c + EPS);
  const max = Math.max(...contributions);
  idx.forEach((i, j) => (out[i] = Math.min(Math.max((contributions[j] as number) / max, 0), 1)));
  return out;
}
