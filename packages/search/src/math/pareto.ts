import type { StudyDirection } from '../trial/frozen-trial.js';

/**
 * Pareto dominance and non-dominated sorting (Deb et al., "A fast and elitist multiobjective genetic
 * algorithm: NSGA-II", IEEE TEC 2002, section III-A), shared by the study's `paretoFront()`, the
 * NSGA-II sampler and multi-objective pruning.
 */

/** True when `a` is at least as good as `b` in every objective and strictly better in one. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly StudyDirection[]): boolean {
  let strictly = false;
  for (let k = 0; k < directions.length; k++) {
    const sign = directions[k] === 'maximize' ? -1 : 1;
    const x = sign * (a[k] as number);
    const y = sign * (b[k] as number);
    if (x > y) return false;
    if (x < y) strictly = true;
  }
  return strictly;
}

/**
 * Rank of every point: 0 for the non-dominated front, 1 for the front once rank 0 is removed, and
 * so on. O(M N^2), fine for the few thousand trials a study holds.
 */
export function nonDominatedRanks(points: readonly (readonly number[])[], directions: readonly StudyDirection[]): number[] {
  const n = points.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominatesList: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = points[i] as readonly number[];
      const q = points[j] as readonly number[];
      if (dominates(p, q, directions)) {
        (dominatesList[i] as number[]).push(j);
        dominatedBy[j] = (dominatedBy[j] as number) + 1;
      } else if (dominates(q, p, directions)) {
        (dominatesList[j] as number[]).push(i);
        dominatedBy[i] = (dominatedBy[i] as number) + 1;
      }
    }
  }
  const ranks = new Array<number>(n).fill(-1);
  let front = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) front.push(i);
  let rank = 0;
  while (front.length > 0) {
    const next: number[] = [];
    for (const i of front) {
      ranks[i] = rank;
      for (const j of dominatesList[i] as number[]) {
        dominatedBy[j] = (dominatedBy[j] as number) - 1;
        if (dominatedBy[j] === 0) next.push(j);
      }
    }
    front = next;
    rank++;
  }
  return ranks;
}

/** Indices of the non-dominated points, in input order. Duplicated points are all kept. */
export function paretoFrontIndices(points: readonly (readonly number[])[], directions: readonly StudyDirection[]): number[] {
  return nonDominatedRanks(points, directions).flatMap((r, i) => (r === 0 ? [i] : []));
}
