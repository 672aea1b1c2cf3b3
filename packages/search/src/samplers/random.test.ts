import { describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../distributions/distributions.js';
import { createStudyView } from '../study/study-view.js';
import { trialWithReports } from '../../test/helpers/trials.js';
import { createRandomSampler } from './random.js';

const view = createStudyView('r', ['minimize'], []);
const draw = (seed: number, n: number, name: string, dist: Parameters<ReturnType<typeof createRandomSampler>['sampleIndependent']>[3]) =>
  Array.from({ length: n }, (_, i) =>
    createRandomSampler({ seed }).sampleIndependent(view, trialWithReports(i, 'running', []), name, dist),
  );

describe('random sampler', () => {
  it('is a pure function of (seed, trial number, name)', () => {
    const dist = floatDistribution(0, 1);
    expect(draw(1, 20, 'x', dist)).toEqual(draw(1, 20, 'x', dist));
    expect(draw(1, 20, 'x', dist)).not.toEqual(draw(2, 20, 'x', dist));
    expect(draw(1, 20, 'x', dist)).not.toEqual(draw(1, 20, 'y', dist));
  });

  it('is uniform in log space for log params: the mean of log10 over [1e-6, 1e-2] is -4 (tolerance 0.05, 4000 draws)', () => {
    const xs = draw(3, 4000, 'lr', floatDistribution(1e-6, 1e-2, { log: true })) as number[];
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(1e-6);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1e-2);
    const meanLog = xs.reduce((a, x) => a + Math.log10(x), 0) / xs.length;
    expect(Math.abs(meanLog + 4)).toBeLessThan(0.05);
  });

  it('covers grids uniformly: each of 6 float steps and each int step within 25% of its share (3000 draws)', () => {
    const grid = draw(4, 3000, 'g', floatDistribution(0, 1, { step: 0.2 })) as number[];
    const ints = draw(5, 3000, 'k', intDistribution(1, 11, { step: 2 })) as number[];
    for (const [values, points] of [
      [grid, [0, 0.2, 0.4, 0.6, 0.8, 1]],
      [ints, [1, 3, 5, 7, 9, 11]],
    ] as const) {
      for (const p of points) {
        const share = values.filter((v) => Math.abs(v - p) < 1e-9).length / values.length;
        expect(Math.abs(share - 1 / 6)).toBeLessThan(0.25 / 6);
      }
    }
  });

  it('draws log-int values and categorical choices inside their distributions', () => {
    const logInts = draw(6, 500, 'n', intDistribution(1, 1000, { log: true })) as number[];
    expect(logInts.every((v) => Number.isInteger(v) && v >= 1 && v <= 1000)).toBe(true);
    expect(logInts.filter((v) => v < 32).length / logInts.length).toBeGreaterThan(0.4); // half of log space lies below sqrt(1000)
    const cats = draw(7, 300, 'c', categoricalDistribution(['a', 1, true, null]));
    expect(new Set(cats)).toEqual(new Set(['a', 1, true, null]));
  });

  it('exposes its seed like the other samplers: the one given, else one drawn at creation that reproduces the draws', () => {
    expect(createRandomSampler({ seed: 7 }).seed).toBe(7);
    const unseeded = createRandomSampler();
    expect(Number.isSafeInteger(unseeded.seed)).toBe(true);
    const trial = trialWithReports(0, 'running', []);
    const dist = floatDistribution(0, 1);
    expect(createRandomSampler({ seed: unseeded.seed }).sampleIndependent(view, trial, 'x', dist)).toBe(
      unseeded.sampleIndependent(view, trial, 'x', dist),
    );
  });

  it('rejects a non-integer seed', () => {
    expect(() => createRandomSampler({ seed: 1.5 })).toThrow(/`seed` must be an integer, got 1.5/);
  });
});
