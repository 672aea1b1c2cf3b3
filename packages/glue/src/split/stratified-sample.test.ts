import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { hamiltonQuotas, quantileBins, stratifiedSample } from './stratified-sample.js';

describe('hamiltonQuotas', () => {
  it('splits by largest remainder, ties to the lower group, never above a count', () => {
    expect(hamiltonQuotas([50, 30, 20], 10)).toEqual([5, 3, 2]);
    expect(hamiltonQuotas([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(hamiltonQuotas([7, 2, 1], 3)).toEqual([2, 1, 0]);
    expect(hamiltonQuotas([0, 4], 2)).toEqual([0, 2]);
    for (const size of [0, 1, 17, 99, 100]) {
      const quotas = hamiltonQuotas([33, 66, 1], size);
      expect(quotas.reduce((a, b) => a + b, 0)).toBe(size);
    }
  });
});

describe('stratifiedSample', () => {
  it('returns sorted distinct positions with each stratum at its share', () => {
    const strata = Array.from({ length: 1000 }, (_, i) => (i % 10 < 2 ? 1 : 0));
    const picked = stratifiedSample(strata, 100, createRng(9));
    expect(picked).toHaveLength(100);
    expect(new Set(picked).size).toBe(100);
    expect(picked).toEqual([...picked].sort((a, b) => a - b));
    expect(picked.filter((i) => strata[i] === 1)).toHaveLength(20);
  });

  it('takes everything or nothing at the edges', () => {
    expect(stratifiedSample([0, 1, 0], 5, createRng(1))).toEqual([0, 1, 2]);
    expect(stratifiedSample([0, 1, 0], 0, createRng(1))).toEqual([]);
  });

  it('draws every member of a stratum about equally often (chi-square, 99.9% bound)', () => {
    // 20 members, 5 picked per draw, 4000 draws: expected 1000 picks each.
    const counts = new Array<number>(20).fill(0);
    const rng = createRng(123);
    for (let d = 0; d < 4000; d++)
      for (const i of stratifiedSample(new Array<number>(20).fill(0), 5, rng)) counts[i] = (counts[i] ?? 0) + 1;
    const chi2 = counts.reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    expect(chi2).toBeLessThan(43.8); // chi-square, 19 degrees of freedom, p = 0.001
  });
});

describe('quantileBins', () => {
  it('gives equal-count bins in rank order, ties by position', () => {
    expect([...quantileBins([5, 1, 3, 2, 4], 5)]).toEqual([4, 0, 2, 1, 3]);
    expect([...quantileBins([1, 1, 1, 1], 2)]).toEqual([0, 0, 1, 1]);
    expect([...quantileBins([0.2, 0.1], 10)]).toEqual([1, 0]);
  });
});
