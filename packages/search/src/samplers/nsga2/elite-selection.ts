/**
 * NSGA-II's survival step (Deb, Pratap, Agarwal & Meyarivan, "A fast and elitist multiobjective
 * genetic algorithm: NSGA-II", IEEE TEC 2002, sections III-B and III-C): whole non-dominated fronts
 * while they fit, the last front cut by crowding distance (ties: lower trial number first, where
 * Optuna shuffles), and the rank and crowding distance that the crowded-comparison tournament reads.
 */
import { nonDominatedRanks } from '../../math/pareto.js';
import type { FrozenTrial, StudyDirection } from '../../trial/frozen-trial.js';

/** A population member with its non-dominated rank and crowding distance within the population. */
export interface RankedTrial {
  readonly trial: FrozenTrial;
  readonly rank: number;
  readonly crowding: number;
}

/** Sign of a - b that stays defined for infinite distances. */
export function compareCrowding(a: number, b: number): number {
  return a === b ? 0 : a > b ? 1 : -1;
}

/** Crowding distance of each point of one front (boundary points: Infinity). */
export function crowdingDistances(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const out = new Array<number>(n).fill(0);
  if (n === 0) return out;
  const m = points[0]?.length ?? 0;
  for (let k = 0; k < m; k++) {
    const order = points.map((_, i) => i).sort((a, b) => points[a]![k]! - points[b]![k]! || a - b);
    const lo = points[order[0]!]![k]!;
    const hi = points[order[n - 1]!]![k]!;
    out[order[0]!] = Infinity;
    out[order[n - 1]!] = Infinity;
    if (hi === lo) continue;
    for (let j = 1; j < n - 1; j++) {
      out[order[j]!]! += (points[order[j + 1]!]![k]! - points[order[j - 1]!]![k]!) / (hi - lo);
    }
  }
  return out;
}

/** Ranks and crowding distances of a whole population. */
export function rankPopulation(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): RankedTrial[] {
  const values = trials.map((t) => t.values ?? []);
  const ranks = nonDominatedRanks(values, directions);
  const crowding = new Array<number>(trials.length).fill(0);
  const maxRank = Math.max(-1, ...ranks);
  for (let r = 0; r <= maxRank; r++) {
    const idx = ranks.flatMap((v, i) => (v === r ? [i] : []));
    const dist = crowdingDistances(idx.map((i) => values[i]!));
    idx.forEach((i, j) => (crowding[i] = dist[j]!));
  }
  return trials.map((trial, i) => ({ trial, rank: ranks[i]!, crowding: crowding[i]! }));
}

/** The `size` survivors of `population` (fronts in order, the last one cut by crowding distance). */
export function selectElite(population: readonly FrozenTrial[], directions: readonly StudyDirection[], size: number): FrozenTrial[] {
  if (population.length <= size) return [...population];
  const ranked = rankPopulation(population, directions);
  const out: FrozenTrial[] = [];
  for (let r = 0; out.length < size; r++) {
    const front = ranked.filter((t) => t.rank === r);
    if (out.length + front.length <= size) {
      out.push(...front.map((t) => t.trial));
      continue;
    }
    front.sort((a, b) => compareCrowding(b.crowding, a.crowding) || a.trial.number - b.trial.number);
    out.push(...front.slice(0, size - out.length).map((t) => t.trial));
  }
  return out.sort((a, b) => a.number - b.number);
}
