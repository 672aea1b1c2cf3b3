import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../errors.js';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/distributions.js';
import { askParams, makeStudyView, makeTrial, runSamplerLoop } from '../../testing/sampler-loop.js';
import type { Sampler } from '../sampler.js';
import { createRandomSampler } from '../random.js';
import { createTpeSampler, defaultGamma, defaultWeights } from './tpe-sampler.js';

const X = floatDistribution(-1, 1);
const Y = floatDistribution(-1, 1);
const quadratic = (s: (n: string, d: typeof X) => unknown): number =>
  ((s('x', X) as number) - 0.3) ** 2 + ((s('y', Y) as number) + 0.2) ** 2;

function medianBest(make: (seed: number) => Sampler, nTrials: number, seeds: number): number {
  const bests = Array.from({ length: seeds }, (_, seed) =>
    Math.min(...runSamplerLoop({ sampler: make(seed), nTrials, objective: quadratic }).map((t) => t.values?.[0] ?? Infinity)),
  ).sort((a, b) => a - b);
  return bests[Math.floor(seeds / 2)]!;
}

describe("createTpeSampler's defaults", () => {
  it("has Optuna's gamma: min(ceil(0.1 n), 25)", () => {
    expect([0, 1, 10, 11, 100, 250, 1000].map(defaultGamma)).toEqual([0, 1, 1, 2, 10, 25, 25]);
  });

  it("has Optuna's weights: flat below 25, else a ramp from 1/n over the oldest n - 25 (tolerance 1e-15)", () => {
    expect(Array.from(defaultWeights(3))).toEqual([1, 1, 1]);
    const w = defaultWeights(30);
    expect(w[0]).toBeCloseTo(1 / 30, 15);
    expect(w[4]).toBeCloseTo(1, 15);
    expect(Math.abs(w[2]! - (1 / 30 + (1 - 1 / 30) / 2))).toBeLessThan(1e-15);
    expect(Array.from(w.subarray(5))).toEqual(new Array(25).fill(1));
  });

  it('rejects invalid options with InvalidOptionsError', () => {
    expect(() => createTpeSampler({ nStartupTrials: -1 })).toThrow(InvalidOptionsError);
    expect(() => createTpeSampler({ nEiCandidates: 0 })).toThrow(InvalidOptionsError);
    expect(() => createTpeSampler({ priorWeight: 0 })).toThrow(InvalidOptionsError);
    expect(() => createTpeSampler({ seed: 1.5 })).toThrow(InvalidOptionsError);
    expect(() => createTpeSampler({ candidateScoring: 'ratio' as never })).toThrow(/`candidateScoring` must be/);
    expect(() => createTpeSampler({ multivariateBandwidth: 'scott' as never })).toThrow(/`multivariateBandwidth` must be/);
  });

  it("ranks candidates with bandwidth-weighted kernels and sizes multivariate kernels by the trials' spread by default", () => {
    const run = (options: Parameters<typeof createTpeSampler>[0]): unknown[] =>
      runSamplerLoop({ sampler: createTpeSampler({ seed: 4, nStartupTrials: 5, ...options }), nTrials: 15, objective: quadratic }).map(
        (t) => t.params,
      );
    expect(run({})).toEqual(run({ candidateScoring: 'bandwidth-weighted' }));
    expect(run({})).not.toEqual(run({ candidateScoring: 'density' }));
    expect(run({ multivariate: true })).toEqual(run({ multivariate: true, multivariateBandwidth: 'sample-spread' }));
    expect(run({ multivariate: true })).not.toEqual(run({ multivariate: true, multivariateBandwidth: 'range' }));
  });
});

describe('TPE sampling', () => {
  it('draws its start-up trials exactly as the random sampler with the same seed, then departs', () => {
    const tpe = runSamplerLoop({ sampler: createTpeSampler({ seed: 3 }), nTrials: 14, objective: quadratic });
    const random = runSamplerLoop({ sampler: createRandomSampler({ seed: 3 }), nTrials: 14, objective: quadratic });
    expect(tpe.slice(0, 10).map((t) => t.params)).toEqual(random.slice(0, 10).map((t) => t.params));
    expect(tpe.slice(10).map((t) => t.params)).not.toEqual(random.slice(10).map((t) => t.params));
  });

  it('beats random search on a 2-D quadratic: median best over 5 seeds at 30 trials (univariate and multivariate)', () => {
    const random = medianBest((seed) => createRandomSampler({ seed }), 30, 5);
    expect(medianBest((seed) => createTpeSampler({ seed }), 30, 5)).toBeLessThan(random);
    expect(medianBest((seed) => createTpeSampler({ seed, multivariate: true }), 30, 5)).toBeLessThan(random);
  });

  it('learns a log-scaled, an integer and a categorical parameter (the good region dominates late trials)', () => {
    const lr = floatDistribution(1e-6, 1, { log: true });
    const layers = intDistribution(1, 16);
    const act = categoricalDistribution(['relu', 'tanh', 'gelu']);
    const trials = runSamplerLoop({
      sampler: createTpeSampler({ seed: 11 }),
      nTrials: 60,
      objective: (s) =>
        Math.abs(Math.log10(s('lr', lr) as number) + 3) +
        Math.abs((s('layers', layers) as number) - 4) / 4 +
        (s('act', act) === 'gelu' ? 0 : 1),
    });
    const late = trials.slice(40);
    expect(late.filter((t) => t.params.act === 'gelu').length).toBeGreaterThan(10);
    const lrs = late.map((t) => Math.log10(t.params.lr as number)).sort((a, b) => a - b);
    expect(Math.abs(lrs[10]! + 3)).toBeLessThan(1);
  });

  it('uses only the intersection space jointly and samples conditional parameters independently', () => {
    const sampler = createTpeSampler({ seed: 1, multivariate: true, nStartupTrials: 2 });
    const trials = runSamplerLoop({
      sampler,
      nTrials: 12,
      objective: (s) => ((s('x', X) as number) > 0 ? (s('y', Y) as number) ** 2 : 1),
    });
    const space = sampler.inferRelativeSearchSpace(makeStudyView(trials), makeTrial({ number: 12, state: 'running' }));
    expect(Object.keys(space)).toEqual(['x']);
    const next = askParams(sampler, trials, ['minimize'], 12, (s) => ((s('x', X) as number) > 0 ? (s('y', Y) as number) : 0)).trial;
    expect(next.params.x).toBeTypeOf('number');
  });

  it('handles several objectives (MOTPE split and weights) with values inside their ranges', () => {
    const trials = runSamplerLoop({
      sampler: createTpeSampler({ seed: 2 }),
      nTrials: 30,
      directions: ['minimize', 'maximize'],
      objective: (s) => {
        const x = s('x', X) as number;
        return [x * x, -((x - 1) ** 2)];
      },
    });
    expect(trials.every((t) => (t.params.x as number) >= -1 && (t.params.x as number) <= 1)).toBe(true);
  });
});
