import { createRng } from '@lrdist/model';
import { describe, expect, it } from 'vitest';
import { hierarchicalBootstrap, holmAdjust, pairedTest } from './comparisons.js';

describe('comparisons across pairs', () => {
  it("pairedTest's two-sided p-value matches scipy.stats.ttest_1samp to 1e-9", () => {
    // scipy 1.10 (Debian): ttest_1samp([1, 2, 3], 0).pvalue and ttest_1samp([0.5, -0.1, 0.3, 0.2], 0).pvalue
    expect(Math.abs(pairedTest([1, 2, 3]).p - 0.07417990022744853)).toBeLessThan(1e-9);
    expect(Math.abs(pairedTest([0.5, -0.1, 0.3, 0.2]).p - 0.16967992890125808)).toBeLessThan(1e-9);
    expect(pairedTest([0.2]).p).toBeNaN();
    expect(pairedTest([0.2, 0.2]).p).toBeNaN();
  });

  it("holmAdjust is Holm's step-down (running max of (m - i) p_(i), capped at 1), in input order, NaN left out of m", () => {
    expect(holmAdjust([0.01, 0.04, 0.03, Number.NaN])).toEqual([0.03, 0.06, 0.06, Number.NaN]);
    expect(holmAdjust([0.5, 0.4])).toEqual([0.8, 0.8]);
    expect(holmAdjust([0.9, 0.01, 0.02])).toEqual([0.9, 0.03, 0.04]);
  });

  it('hierarchicalBootstrap counts each pair once, is reproducible for a seed, and collapses on constant data', () => {
    const data = [
      { pair: 'a', diffs: Array(10).fill(1) as number[] },
      { pair: 'b', diffs: [0, 0] },
    ];
    const x = hierarchicalBootstrap(data, { rng: createRng(7), rounds: 2_000 });
    expect(x.mean).toBe(0.5);
    expect(x.low).toBeLessThanOrEqual(x.mean);
    expect(x.high).toBeGreaterThanOrEqual(x.mean);
    expect(x.low).toBe(0);
    expect(x.high).toBe(1);
    expect(hierarchicalBootstrap(data, { rng: createRng(7), rounds: 2_000 })).toEqual(x);
    const flat = hierarchicalBootstrap([{ pair: 'c', diffs: [0.3, 0.3, 0.3] }], { rng: createRng(1), rounds: 500 });
    expect([flat.low, flat.mean, flat.high].map((v) => Number(v.toFixed(12)))).toEqual([0.3, 0.3, 0.3]);
  });

  it('hierarchicalBootstrap covers a true pooled mean of 0.02 about 95% of the time (seeded simulation, tolerance 6 points: percentile intervals on 8 pairs undercover a little)', () => {
    const rng = createRng(3);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      // Pair effects vary around 0.02 (sd 0.02); seeds vary around their pair's effect (sd 0.03).
      const data = Array.from({ length: 8 }, (_, i) => {
        const effect = 0.02 + 0.02 * rng.nextNormal();
        return { pair: `p${i}`, diffs: Array.from({ length: 5 }, () => effect + 0.03 * rng.nextNormal()) };
      });
      const e = hierarchicalBootstrap(data, { rng, rounds: 1_000 });
      if (e.low <= 0.02 && 0.02 <= e.high) covered++;
    }
    console.log(`hierarchical bootstrap: ${covered} of ${trials} intervals cover the true pooled mean`);
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(0.06);
  }, 60_000); // 200 bootstraps of 1,000 rounds: seconds on a quiet machine, more beside a running experiment
});
