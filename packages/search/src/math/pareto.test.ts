import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { dominates, nonDominatedRanks, paretoFrontIndices } from './pareto.js';

describe('dominates', () => {
  it('respects each direction and needs one strict improvement', () => {
    expect(dominates([1, 5], [2, 4], ['minimize', 'maximize'])).toBe(true);
    expect(dominates([1, 4], [1, 4], ['minimize', 'maximize'])).toBe(false);
    expect(dominates([1, 3], [2, 4], ['minimize', 'maximize'])).toBe(false);
  });
});

describe('nonDominatedRanks', () => {
  it('peels fronts in order on a hand-checked set', () => {
    // minimise both: (1,4),(2,2),(4,1) front 0; (3,3),(2,5) front 1... (2,5) is dominated only by (1,4)
    const points = [
      [1, 4],
      [2, 2],
      [4, 1],
      [3, 3],
      [2, 5],
      [5, 5],
    ];
    expect(nonDominatedRanks(points, ['minimize', 'minimize'])).toEqual([0, 0, 0, 1, 1, 2]);
    expect(paretoFrontIndices(points, ['minimize', 'minimize'])).toEqual([0, 1, 2]);
  });

  it('agrees with the brute-force definition on random points', () => {
    const rng = createRng(1);
    const points = Array.from({ length: 60 }, () => [rng.int(0, 9), rng.int(0, 9), rng.int(0, 9)]);
    const dirs = ['minimize', 'maximize', 'minimize'] as const;
    const ranks = nonDominatedRanks(points, dirs);
    for (let i = 0; i < points.length; i++) {
      const dominators = points.filter((q) => dominates(q, points[i] as number[], dirs));
      if (ranks[i] === 0) expect(dominators).toHaveLength(0);
      else {
        // some dominator sits exactly one front earlier, and none at or after this front
        const dominatorRanks = points.flatMap((q, j) => (dominates(q, points[i] as number[], dirs) ? [ranks[j] as number] : []));
        expect(Math.max(...dominatorRanks)).toBe((ranks[i] as number) - 1);
      }
    }
  });
});
