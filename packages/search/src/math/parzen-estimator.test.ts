import { describe, expect, it } from 'vitest';
import { buildParzenEstimator, parzenLogPdf, sampleParzenEstimator } from './parzen-estimator.js';
import type { ParzenDimension, ParzenEstimatorOptions } from './parzen-estimator.js';
import { createRng } from './rng.js';

const univariate: ParzenEstimatorOptions = {
  considerPrior: true,
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  multivariate: false,
};

function simpson(f: (x: number) => number, a: number, b: number, n = 4000): number {
  const h = (b - a) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('buildParzenEstimator', () => {
  it("uses Optuna's univariate bandwidths: farther neighbour (prior mean included), clipped to range / min(100, n + 2)", () => {
    // Observations 0.1, 0.2, 0.8 on [0, 1]; with the prior mean 0.5 the sorted centres are 0.1, 0.2, 0.5, 0.8.
    // Gaps with the bounds: 0.1 | 0.1 | 0.3 | 0.3 | 0.2. No endpoints: the first and last use their inner gap.
    // sigma(0.1) = 0.1, sigma(0.2) = max(0.1, 0.3) = 0.3, sigma(0.8) = 0.3; min sigma = 1 / 5 = 0.2.
    const pe = buildParzenEstimator([Float64Array.from([0.1, 0.2, 0.8])], new Float64Array(3).fill(1), [{ kind: 'numeric', low: 0, high: 1, step: 0 }], univariate);
    const k = pe.kernels[0]!;
    expect(k.kind).toBe('numeric');
    if (k.kind !== 'numeric') return;
    [0.2, 0.3, 0.3, 1].forEach((want, i) => expect(k.sigmas[i]).toBeCloseTo(want, 12));
    expect(k.mus[3]).toBeCloseTo(0.5, 12);
    [0.25, 0.25, 0.25, 0.25].forEach((want, i) => expect(pe.weights[i]).toBeCloseTo(want, 12));
  });

  it("uses Scott's rule 0.2 n^(-1/(d+4)) x range in multivariate mode", () => {
    const obs = [Float64Array.from([1, 2, 3, 4]), Float64Array.from([0, 0, 1, 1])];
    const dims: ParzenDimension[] = [{ kind: 'numeric', low: 0, high: 10, step: 0 }, { kind: 'numeric', low: 0, high: 1, step: 0 }];
    const pe = buildParzenEstimator(obs, new Float64Array(4).fill(1), dims, { ...univariate, multivariate: true });
    const k = pe.kernels[0]!;
    if (k.kind !== 'numeric') throw new Error('numeric expected');
    const scott = 0.2 * 4 ** (-1 / 6) * 10;
    expect(k.sigmas[0]).toBeCloseTo(Math.max(scott, 10 / 6), 12);
  });
});

describe('parzenLogPdf', () => {
  it('is a density: integrates to 1 over a continuous range (Simpson, tolerance 1e-6)', () => {
    const dims: ParzenDimension[] = [{ kind: 'numeric', low: -2, high: 3, step: 0 }];
    const pe = buildParzenEstimator([Float64Array.from([-1.9, 0, 0.1, 2.5])], Float64Array.from([1, 2, 1, 0.5]), dims, univariate);
    const integral = simpson((x) => Math.exp(parzenLogPdf(pe, [Float64Array.of(x)], 1)[0]!), -2, 3);
    expect(Math.abs(integral - 1)).toBeLessThan(1e-6);
  });

  it('integrates to 1 over a 2-D multivariate range (nested Simpson, tolerance 1e-5)', () => {
    const dims: ParzenDimension[] = [{ kind: 'numeric', low: 0, high: 1, step: 0 }, { kind: 'numeric', low: -1, high: 1, step: 0 }];
    const obs = [Float64Array.from([0.2, 0.9, 0.5]), Float64Array.from([-0.8, 0.3, 0.95])];
    const pe = buildParzenEstimator(obs, new Float64Array(3).fill(1), dims, { ...univariate, multivariate: true });
    const integral = simpson((x) => simpson((y) => Math.exp(parzenLogPdf(pe, [Float64Array.of(x), Float64Array.of(y)], 1)[0]!), -1, 1, 200), 0, 1, 200);
    expect(Math.abs(integral - 1)).toBeLessThan(1e-5);
  });

  it('sums to 1 over the grid of a stepped dimension and over categories (tolerance 1e-12)', () => {
    const grid: ParzenDimension[] = [{ kind: 'numeric', low: 0, high: 10, step: 2 }];
    const pe = buildParzenEstimator([Float64Array.from([0, 4, 4, 10])], new Float64Array(4).fill(1), grid, univariate);
    const points = Float64Array.from([0, 2, 4, 6, 8, 10]);
    const total = parzenLogPdf(pe, [points], 6).reduce((s, v) => s + Math.exp(v), 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-12);

    const cat = buildParzenEstimator([Float64Array.from([0, 2, 2])], new Float64Array(3).fill(1), [{ kind: 'categorical', size: 4 }], univariate);
    const mass = parzenLogPdf(cat, [Float64Array.from([0, 1, 2, 3])], 4).map(Math.exp);
    expect(Math.abs(mass.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
    expect(mass[2]).toBeGreaterThan(mass[1]!);
  });

  it('uses the prior alone when there is no observation', () => {
    const pe = buildParzenEstimator([new Float64Array(0)], new Float64Array(0), [{ kind: 'numeric', low: 0, high: 1, step: 0 }], { ...univariate, considerPrior: false });
    expect(pe.nComponents).toBe(1);
  });
});

describe('sampleParzenEstimator', () => {
  it('draws inside the bounds, on the grid, and follows the density (mean within 0.02 over 4000 draws)', () => {
    const dims: ParzenDimension[] = [
      { kind: 'numeric', low: 0, high: 1, step: 0 },
      { kind: 'numeric', low: 0, high: 10, step: 2 },
      { kind: 'categorical', size: 3 },
    ];
    const obs = [Float64Array.from([0.2, 0.25, 0.3]), Float64Array.from([2, 2, 8]), Float64Array.from([1, 1, 1])];
    const pe = buildParzenEstimator(obs, new Float64Array(3).fill(1), dims, univariate);
    const n = 4000;
    const [xs, grid, cats] = sampleParzenEstimator(pe, createRng(5), n);
    for (let i = 0; i < n; i++) {
      expect(xs![i]! >= 0 && xs![i]! <= 1).toBe(true);
      expect(grid![i]! % 2).toBe(0);
      expect([0, 1, 2]).toContain(cats![i]!);
    }
    // Expected mean of the first dimension: the marginal is the same mixture on that dimension alone.
    const marginal = buildParzenEstimator([obs[0]!], new Float64Array(3).fill(1), [dims[0]!], univariate);
    const mean = simpson((x) => x * Math.exp(parzenLogPdf(marginal, [Float64Array.of(x)], 1)[0]!), 0, 1);
    const sampled = xs!.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(sampled - mean)).toBeLessThan(0.02);
  });
});
