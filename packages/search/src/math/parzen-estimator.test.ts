import { describe, expect, it } from 'vitest';
import { bandwidthWeightedLogWeights, buildParzenEstimator, parzenLogPdf, sampleParzenEstimator } from './parzen-estimator.js';
import type { ParzenDimension, ParzenEstimatorOptions } from './parzen-estimator.js';
import { createRng } from './rng.js';

const univariate: ParzenEstimatorOptions = {
  considerPrior: true,
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  multivariate: false,
  multivariateBandwidth: 'range',
};

function numericKernelsOf(pe: ReturnType<typeof buildParzenEstimator>, k = 0): { mus: Float64Array; sigmas: Float64Array } {
  const kern = pe.kernels[k];
  if (kern?.kind !== 'numeric') throw new Error('numeric kernels expected');
  return kern;
}

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
    const pe = buildParzenEstimator(
      [Float64Array.from([0.1, 0.2, 0.8])],
      new Float64Array(3).fill(1),
      [{ kind: 'numeric', low: 0, high: 1, step: 0 }],
      univariate,
    );
    const k = pe.kernels[0]!;
    expect(k.kind).toBe('numeric');
    if (k.kind !== 'numeric') return;
    [0.2, 0.3, 0.3, 1].forEach((want, i) => expect(k.sigmas[i]).toBeCloseTo(want, 12));
    expect(k.mus[3]).toBeCloseTo(0.5, 12);
    [0.25, 0.25, 0.25, 0.25].forEach((want, i) => expect(pe.weights[i]).toBeCloseTo(want, 12));
  });

  it("uses Scott's rule 0.2 n^(-1/(d+4)) x range with multivariateBandwidth 'range' (Optuna's)", () => {
    const obs = [Float64Array.from([1, 2, 3, 4]), Float64Array.from([0, 0, 1, 1])];
    const dims: ParzenDimension[] = [
      { kind: 'numeric', low: 0, high: 10, step: 0 },
      { kind: 'numeric', low: 0, high: 1, step: 0 },
    ];
    const pe = buildParzenEstimator(obs, new Float64Array(4).fill(1), dims, { ...univariate, multivariate: true });
    const k = numericKernelsOf(pe);
    const scott = 0.2 * 4 ** (-1 / 6) * 10;
    expect(k.sigmas[0]).toBeCloseTo(Math.max(scott, 10 / 6), 12);
  });

  it('lets the outermost kernels reach the bounds only with considerEndpoints', () => {
    // Observations 0.4, 0.45 on [0, 1], prior mean 0.5: gaps 0.4 | 0.05 | 0.05 | 0.5. With endpoints
    // sigma(0.4) = max(0.4, 0.05) = 0.4; without, its inner gap 0.05. sigma(0.45) = 0.05. Magic clip
    // floor: 1 / min(100, 3 + 1) = 0.25, so 0.05 becomes 0.25.
    const dims: ParzenDimension[] = [{ kind: 'numeric', low: 0, high: 1, step: 0 }];
    const obs = [Float64Array.from([0.4, 0.45])];
    const without = numericKernelsOf(buildParzenEstimator(obs, new Float64Array(2).fill(1), dims, univariate));
    const withEnds = numericKernelsOf(
      buildParzenEstimator(obs, new Float64Array(2).fill(1), dims, { ...univariate, considerEndpoints: true }),
    );
    [0.25, 0.25, 1].forEach((want, i) => expect(without.sigmas[i]).toBeCloseTo(want, 12));
    [0.4, 0.25, 1].forEach((want, i) => expect(withEnds.sigmas[i]).toBeCloseTo(want, 12));
  });

  it("scales Scott's rule by the observations' weighted spread with multivariateBandwidth 'sample-spread'", () => {
    const mv: ParzenEstimatorOptions = { ...univariate, multivariate: true, multivariateBandwidth: 'sample-spread' };
    // x = 0, 2, 6, 8 on [0, 10], equal weights, d = 2: mean 4, sample variance 40 / 3, so
    // sigma = 0.2 sqrt(12) sqrt(40 / 3) 4^(-1/6) = 0.2 sqrt(160) 4^(-1/6) = 2.00795 (floor 10 / 6).
    const dims: ParzenDimension[] = [
      { kind: 'numeric', low: 0, high: 10, step: 0 },
      { kind: 'numeric', low: 0, high: 1, step: 0 },
    ];
    const obs = [Float64Array.from([0, 2, 6, 8]), Float64Array.from([0.5, 0.5, 0.5, 0.5])];
    const pe = buildParzenEstimator(obs, new Float64Array(4).fill(1), dims, mv);
    expect(numericKernelsOf(pe, 0).sigmas[0]).toBeCloseTo(0.2 * Math.sqrt(160) * 4 ** (-1 / 6), 12);
    // Identical observations have no spread: the bandwidth falls to the magic clip, 1 / min(100, 4 + 2).
    expect(numericKernelsOf(pe, 1).sigmas[0]).toBeCloseTo(1 / 6, 12);
    expect(numericKernelsOf(pe, 0).sigmas[4]).toBe(10); // the prior keeps the full range

    // Weighted: x = 0, 10 with weights 1, 3 (d = 1): mean 7.5, weighted variance (56.25 + 3 x 6.25) / 4
    // = 18.75, times n / (n - 1) = 2 gives 37.5; sigma = 0.2 sqrt(12 x 37.5) 2^(-1/5) = 3.69336.
    const one: ParzenDimension[] = [{ kind: 'numeric', low: 0, high: 10, step: 0 }];
    const weighted = buildParzenEstimator([Float64Array.from([0, 10])], Float64Array.from([1, 3]), one, mv);
    expect(numericKernelsOf(weighted).sigmas[0]).toBeCloseTo(0.2 * Math.sqrt(450) * 2 ** (-1 / 5), 12);

    // A single observation has no spread to measure: Optuna's 0.2 x range (magic clip off here).
    const single = buildParzenEstimator([Float64Array.of(3)], Float64Array.of(1), one, { ...mv, considerMagicClip: false });
    expect(numericKernelsOf(single).sigmas[0]).toBeCloseTo(2, 12);
  });
});

describe('bandwidthWeightedLogWeights', () => {
  it('weighs each component by its bandwidth over the continuous dimensions, normalised (tolerance 1e-12)', () => {
    // The univariate case above: equal weights 1/4 and sigmas 0.2, 0.3, 0.3, 1 (prior): weights sigma / 1.8.
    const pe = buildParzenEstimator(
      [Float64Array.from([0.1, 0.2, 0.8])],
      new Float64Array(3).fill(1),
      [{ kind: 'numeric', low: 0, high: 1, step: 0 }],
      univariate,
    );
    const w = Array.from(bandwidthWeightedLogWeights(pe), Math.exp);
    [0.2, 0.3, 0.3, 1].forEach((sigma, i) => expect(w[i]).toBeCloseTo(sigma / 1.8, 12));
    // Stepped and categorical dimensions do not re-weigh (their kernels are masses, not densities).
    const mixed = buildParzenEstimator(
      [Float64Array.from([0.1, 0.2, 0.8]), Float64Array.from([0, 4, 10]), Float64Array.from([0, 1, 1])],
      new Float64Array(3).fill(1),
      [
        { kind: 'numeric', low: 0, high: 1, step: 0 },
        { kind: 'numeric', low: 0, high: 10, step: 2 },
        { kind: 'categorical', size: 2 },
      ],
      univariate,
    );
    Array.from(bandwidthWeightedLogWeights(mixed), Math.exp).forEach((v, i) => expect(v).toBeCloseTo(w[i]!, 12));
  });

  it("scores as Optuna 3.1's log_pdf did: the truncated kernels without 1/sigma, up to a constant (Simpson masses, tolerance 1e-9)", () => {
    const dims: ParzenDimension[] = [{ kind: 'numeric', low: -5, high: 10, step: 0 }];
    const pe = buildParzenEstimator([Float64Array.from([-4, 1, 1.5, 7])], Float64Array.from([0.5, 1, 1, 1]), dims, univariate);
    const k = numericKernelsOf(pe);
    const xs = Float64Array.from([-5, -1, 1.2, 4, 9.9]);
    const scored = parzenLogPdf(pe, [xs], xs.length, bandwidthWeightedLogWeights(pe));
    // By hand: sum_i w_i phi((x - mu_i) / sigma_i) / P_i, P_i the kernel's mass inside [-5, 10].
    const mass = (mu: number, sigma: number): number =>
      simpson((t) => Math.exp(-0.5 * ((t - mu) / sigma) ** 2) / Math.sqrt(2 * Math.PI), -5, 10) / sigma;
    const optuna31 = Array.from(xs, (x) =>
      Math.log(
        Array.from(k.mus).reduce(
          (s, mu, i) =>
            s + (pe.weights[i]! * Math.exp(-0.5 * ((x - mu) / k.sigmas[i]!) ** 2)) / Math.sqrt(2 * Math.PI) / mass(mu, k.sigmas[i]!),
          0,
        ),
      ),
    );
    const offsets = optuna31.map((v, i) => v - scored[i]!);
    offsets.forEach((o) => expect(Math.abs(o - offsets[0]!)).toBeLessThan(1e-9));
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
    const dims: ParzenDimension[] = [
      { kind: 'numeric', low: 0, high: 1, step: 0 },
      { kind: 'numeric', low: -1, high: 1, step: 0 },
    ];
    const obs = [Float64Array.from([0.2, 0.9, 0.5]), Float64Array.from([-0.8, 0.3, 0.95])];
    const pe = buildParzenEstimator(obs, new Float64Array(3).fill(1), dims, { ...univariate, multivariate: true });
    const integral = simpson(
      (x) => simpson((y) => Math.exp(parzenLogPdf(pe, [Float64Array.of(x), Float64Array.of(y)], 1)[0]!), -1, 1, 200),
      0,
      1,
      200,
    );
    expect(Math.abs(integral - 1)).toBeLessThan(1e-5);
  });

  it('sums to 1 over the grid of a stepped dimension and over categories (tolerance 1e-12)', () => {
    const grid: ParzenDimension[] = [{ kind: 'numeric', low: 0, high: 10, step: 2 }];
    const pe = buildParzenEstimator([Float64Array.from([0, 4, 4, 10])], new Float64Array(4).fill(1), grid, univariate);
    const points = Float64Array.from([0, 2, 4, 6, 8, 10]);
    const total = parzenLogPdf(pe, [points], 6).reduce((s, v) => s + Math.exp(v), 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-12);

    const cat = buildParzenEstimator(
      [Float64Array.from([0, 2, 2])],
      new Float64Array(3).fill(1),
      [{ kind: 'categorical', size: 4 }],
      univariate,
    );
    const mass = parzenLogPdf(cat, [Float64Array.from([0, 1, 2, 3])], 4).map(Math.exp);
    expect(Math.abs(mass.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
    expect(mass[2]).toBeGreaterThan(mass[1]!);
  });

  it('uses the prior alone when there is no observation', () => {
    const pe = buildParzenEstimator([new Float64Array(0)], new Float64Array(0), [{ kind: 'numeric', low: 0, high: 1, step: 0 }], {
      ...univariate,
      considerPrior: false,
    });
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
