import { describe, expect, it } from 'vitest';
import { hypervolume, hypervolumeContributions, referencePointOf, selectHypervolumeSubset } from './hypervolume.js';
import { createRng } from './rng.js';

describe('hypervolume', () => {
  it('measures a 2-D staircase by hand: (1,3), (2,2), (3,1) under (4,4) = 3 + 2 + 1 (exact)', () => {
    expect(
      hypervolume(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        [4, 4],
      ),
    ).toBe(6);
  });

  it('ignores dominated, duplicated and out-of-box points', () => {
    expect(
      hypervolume(
        [
          [1, 3],
          [2, 2],
          [3, 1],
          [3, 3],
          [2, 2],
          [5, 0],
        ],
        [4, 4],
      ),
    ).toBe(6);
  });

  it('measures a 3-D case by hand: two boxes overlapping in a unit cube (exact)', () => {
    // Boxes [0,2]x[1,2]x[1,2]... with ref (2,2,2): p=(0,1,1) -> 2*1*1, q=(1,0,1) -> 1*2*1, overlap [1,2]x[1,2]x[1,2] = 1.
    expect(
      hypervolume(
        [
          [0, 1, 1],
          [1, 0, 1],
        ],
        [2, 2, 2],
      ),
    ).toBe(3);
  });

  it('agrees with Monte Carlo on random 4-D fronts (tolerance 3 standard errors)', () => {
    const rng = createRng(9);
    const pts = Array.from({ length: 12 }, () => [0, 0, 0, 0].map(() => rng.uniform()));
    const ref = [1, 1, 1, 1];
    const exact = hypervolume(pts, ref);
    const n = 40000;
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const z = ref.map(() => rng.uniform());
      if (pts.some((p) => p.every((v, k) => v <= z[k]!))) hits++;
    }
    const p = hits / n;
    expect(Math.abs(exact - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / n));
  });
});

describe('contributions and subset selection', () => {
  it('gives each staircase point its exclusive box', () => {
    expect(
      hypervolumeContributions(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        [4, 4],
      ),
    ).toEqual([1, 1, 1]);
  });

  it('picks the point that adds most first, then the best complement', () => {
    // (2,2) alone covers 4; adding (1,3) or (3,1) adds 1 each: the lower index wins the tie.
    expect(
      selectHypervolumeSubset(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        2,
        [4, 4],
      ),
    ).toEqual([1, 0]);
  });

  it("sets Optuna's reference point: 1.1 x worst, 0.9 x worst when negative, 1e-12 for 0", () => {
    expect(
      referencePointOf([
        [1, -2, 0],
        [3, -5, 0],
      ]),
    ).toEqual([3 * 1.1, -2 * 0.9, 1e-12]);
  });
});
