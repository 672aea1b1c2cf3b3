import { describe, expect, it } from 'vitest';
import { conditionGaussianProcess, fitGaussianProcess, gpNegLogPosterior, gpPosterior, gpPosteriorWithGrad } from './gaussian-process.js';
import type { GpTrainingData } from './gaussian-process.js';
import { createRng } from './rng.js';

function dataset(n: number, d: number, seed: number, f: (x: number[]) => number, categorical: number[] = []): GpTrainingData {
  const rng = createRng(seed);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, (_, k) => (categorical.includes(k) ? rng.int(0, 2) : rng.uniform()));
    row.forEach((v, k) => (x[i * d + k] = v));
    y[i] = f(row);
  }
  return { x, y, n, d, isCategorical: Uint8Array.from({ length: d }, (_, k) => (categorical.includes(k) ? 1 : 0)) };
}

const options = { minimumNoise: 1e-6, deterministicObjective: false };

describe('gpNegLogPosterior', () => {
  it('has the gradient of central finite differences, step 1e-5 (tolerance 1e-5 relative to max(1, |g|))', () => {
    const data = dataset(25, 3, 1, (x) => Math.sin(3 * x[0]!) + x[1]! ** 2 + (x[2] === 1 ? 0.5 : 0), [2]);
    const raw = Float64Array.from([0.3, -0.7, 0.1, 0.2, -2]);
    const grad = new Float64Array(5);
    gpNegLogPosterior(data, raw, grad, options);
    for (let k = 0; k < raw.length; k++) {
      const h = 1e-5;
      const up = Float64Array.from(raw);
      const down = Float64Array.from(raw);
      up[k]! += h;
      down[k]! -= h;
      const fd =
        (gpNegLogPosterior(data, up, new Float64Array(5), options) - gpNegLogPosterior(data, down, new Float64Array(5), options)) / (2 * h);
      expect(Math.abs(grad[k]! - fd) / Math.max(1, Math.abs(fd)), `component ${k}`).toBeLessThan(1e-5);
    }
  });

  it('has zero noise gradient for a deterministic objective', () => {
    const data = dataset(10, 2, 2, (x) => x[0]! + x[1]!);
    const grad = new Float64Array(4);
    gpNegLogPosterior(data, new Float64Array(4), grad, { minimumNoise: 1e-6, deterministicObjective: true });
    expect(grad[3]).toBe(0);
  });
});

describe('fitGaussianProcess', () => {
  it('gives the irrelevant input a much longer length scale (ARD)', () => {
    const data = dataset(40, 2, 3, (x) => Math.sin(6 * x[0]!));
    const gp = fitGaussianProcess(data);
    const [ils0, ils1] = gp.params.inverseSquaredLengthscales;
    expect(ils0! / ils1!).toBeGreaterThan(10);
  });

  it('interpolates a noise-free function: posterior mean at the data within 1e-3, variance below 1e-3', () => {
    const data = dataset(30, 2, 4, (x) => Math.cos(3 * x[0]!) * x[1]!);
    const gp = fitGaussianProcess(data, { deterministicObjective: true });
    for (let i = 0; i < data.n; i++) {
      const { mean, variance } = gpPosterior(gp, data.x.subarray(i * 2, i * 2 + 2));
      expect(Math.abs(mean - data.y[i]!)).toBeLessThan(1e-3);
      expect(variance).toBeLessThan(1e-3);
    }
  });

  it('predicts held-out points of a smooth function (RMSE below 0.05 on values of spread ~0.5)', () => {
    const f = (x: number[]): number => Math.sin(3 * x[0]!) + 0.5 * x[1]!;
    const gp = fitGaussianProcess(dataset(60, 2, 5, f));
    const test = dataset(50, 2, 6, f);
    let se = 0;
    for (let i = 0; i < test.n; i++) se += (gpPosterior(gp, test.x.subarray(i * 2, i * 2 + 2)).mean - test.y[i]!) ** 2;
    expect(Math.sqrt(se / test.n)).toBeLessThan(0.05);
  });
});

describe('gpPosteriorWithGrad', () => {
  it('agrees with gpPosterior and with finite differences, step 1e-6 (tolerance 1e-5)', () => {
    const data = dataset(20, 3, 7, (x) => x[0]! * x[1]! - (x[2] === 2 ? 1 : 0), [2]);
    const gp = conditionGaussianProcess(data, {
      inverseSquaredLengthscales: Float64Array.from([2, 0.5, 1]),
      kernelScale: 1.3,
      noiseVar: 1e-3,
    });
    const point = [0.4, 0.7, 1];
    const gm = new Float64Array(3);
    const gv = new Float64Array(3);
    const both = gpPosteriorWithGrad(gp, point, gm, gv);
    const plain = gpPosterior(gp, point);
    expect(Math.abs(both.mean - plain.mean)).toBeLessThan(1e-12);
    expect(Math.abs(both.variance - plain.variance)).toBeLessThan(1e-12);
    for (const k of [0, 1]) {
      const h = 1e-6;
      const up = [...point];
      const down = [...point];
      up[k]! += h;
      down[k]! -= h;
      const pu = gpPosterior(gp, up);
      const pd = gpPosterior(gp, down);
      expect(Math.abs(gm[k]! - (pu.mean - pd.mean) / (2 * h))).toBeLessThan(1e-5);
      expect(Math.abs(gv[k]! - (pu.variance - pd.variance) / (2 * h))).toBeLessThan(1e-5);
    }
    expect(gm[2]).toBe(0);
  });
});
