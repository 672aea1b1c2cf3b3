import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../errors.js';
import { floatDistribution } from '../../distributions/distributions.js';
import { hypervolume } from '../../math/hypervolume.js';
import { paretoFrontIndices } from '../../math/pareto.js';
import { makeTrial, runSamplerLoop } from '../../testing/sampler-loop.js';
import type { Sampler } from '../sampler.js';
import { createRandomSampler } from '../random.js';
import { crowdingDistances, selectElite } from './elite-selection.js';
import { createNsga2Sampler, parentPopulation } from './nsga2-sampler.js';

describe('NSGA-II survival', () => {
  it('computes crowding distances: boundaries infinite, interior by normalised neighbour gaps', () => {
    // Both objectives span 4; the middle point's neighbours are 4 apart in each: 4/4 + 4/4 = 2.
    const d = crowdingDistances([
      [0, 4],
      [1, 3],
      [4, 0],
    ]);
    expect(d[0]).toBe(Infinity);
    expect(d[2]).toBe(Infinity);
    expect(d[1]).toBeCloseTo(2, 12);
  });

  it('keeps whole fronts first and cuts the last one by crowding distance', () => {
    const values = [
      [0, 4],
      [1, 3],
      [2, 2.5],
      [3, 1],
      [4, 0],
      [5, 5],
    ];
    const trials = values.map((v, i) => makeTrial({ number: i, values: v }));
    const elite = selectElite(trials, ['minimize', 'minimize'], 4).map((t) => t.number);
    // Front 0 has 5 points; the 4 kept are the 2 boundaries and the 2 most isolated interior points.
    expect(elite).toHaveLength(4);
    expect(elite).toContain(0);
    expect(elite).toContain(4);
    expect(elite).not.toContain(5);
  });

  it('derives the parents from whole blocks of complete trials in number order', () => {
    const trials = Array.from({ length: 7 }, (_, i) => makeTrial({ number: i, values: [7 - i] }));
    expect(parentPopulation(trials.slice(0, 2), ['minimize'], 3)).toBeNull();
    // Blocks {0,1,2} and {3,4,5}: the elite of both keeps 3, 4, 5; trial 6 is the generation in progress.
    expect(parentPopulation(trials, ['minimize'], 3)?.map((t) => t.number)).toEqual([3, 4, 5]);
  });
});

describe('createNsga2Sampler', () => {
  it('rejects invalid options with InvalidOptionsError', () => {
    expect(() => createNsga2Sampler({ populationSize: 1 })).toThrow(InvalidOptionsError);
    expect(() => createNsga2Sampler({ crossoverProb: 1.5 })).toThrow(InvalidOptionsError);
  });

  it('beats random search on a 2-objective problem: median hypervolume over 3 seeds at 120 trials', () => {
    const X = floatDistribution(0, 1);
    const objective = (s: (n: string, d: typeof X) => unknown): number[] => {
      const xs = [0, 1, 2, 3].map((i) => s(`x${i}`, X) as number);
      const g = 1 + 3 * (xs[1]! + xs[2]! + xs[3]!);
      return [xs[0]!, g * (1 - Math.sqrt(xs[0]! / g))];
    };
    const hv = (sampler: Sampler): number => {
      const trials = runSamplerLoop({ sampler, nTrials: 120, directions: ['minimize', 'minimize'], objective });
      const points = trials.map((t) => t.values as number[]);
      return hypervolume(
        paretoFrontIndices(points, ['minimize', 'minimize']).map((i) => points[i]!),
        [1.1, 11],
      );
    };
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
    const nsga = median([0, 1, 2].map((seed) => hv(createNsga2Sampler({ seed, populationSize: 20 }))));
    const random = median([0, 1, 2].map((seed) => hv(createRandomSampler({ seed }))));
    expect(nsga).toBeGreaterThan(random);
  });
});
