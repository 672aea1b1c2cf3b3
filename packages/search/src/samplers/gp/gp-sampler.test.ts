import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../errors.js';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/distributions.js';
import { runSamplerLoop } from '../../testing/sampler-loop.js';
import type { Sampler } from '../sampler.js';
import { createRandomSampler } from '../random.js';
import { createGpSampler } from './gp-sampler.js';

const X = floatDistribution(-1, 1);
const Y = floatDistribution(-1, 1);
const quadratic = (s: (n: string, d: typeof X) => unknown): number =>
  ((s('x', X) as number) - 0.3) ** 2 + ((s('y', Y) as number) + 0.2) ** 2;

function bestOf(sampler: Sampler, nTrials: number): number {
  return Math.min(...runSamplerLoop({ sampler, nTrials, objective: quadratic }).map((t) => t.values?.[0] ?? Infinity));
}

describe('createGpSampler', () => {
  it('rejects invalid options with InvalidOptionsError', () => {
    expect(() => createGpSampler({ nStartupTrials: 1.5 })).toThrow(InvalidOptionsError);
    expect(() => createGpSampler({ nLocalSearch: 0 })).toThrow(InvalidOptionsError);
    expect(() => createGpSampler({ seed: Number.NaN })).toThrow(InvalidOptionsError);
  });

  it('beats random search on a 2-D quadratic: median best over 3 seeds at 20 trials, and gets within 1e-3', () => {
    const seeds = [0, 1, 2];
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
    const gp = median(seeds.map((seed) => bestOf(createGpSampler({ seed, nPreliminarySamples: 512 }), 20)));
    const random = median(seeds.map((seed) => bestOf(createRandomSampler({ seed }), 20)));
    expect(gp).toBeLessThan(random);
    expect(gp).toBeLessThan(1e-3);
  });

  it('optimises a mixed space: log-scaled float, stepped int and categorical', () => {
    const lr = floatDistribution(1e-5, 1, { log: true });
    const units = intDistribution(8, 256, { step: 8 });
    const opt = categoricalDistribution(['sgd', 'adam', 'lamb']);
    const trials = runSamplerLoop({
      sampler: createGpSampler({ seed: 4, nPreliminarySamples: 512 }),
      nTrials: 25,
      objective: (s) =>
        (Math.log10(s('lr', lr) as number) + 2.5) ** 2 +
        (((s('units', units) as number) - 96) / 64) ** 2 +
        (s('opt', opt) === 'adam' ? 0 : 1),
    });
    const best = trials.reduce((a, b) => ((a.values?.[0] ?? Infinity) <= (b.values?.[0] ?? Infinity) ? a : b));
    expect(best.params.opt).toBe('adam');
    expect(best.values?.[0]).toBeLessThan(0.1);
    expect(trials.every((t) => Number.isInteger(t.params.units) && (t.params.units as number) % 8 === 0)).toBe(true);
  });

  it('runs ParEGO on two objectives and improves the front over its start-up trials', () => {
    const trials = runSamplerLoop({
      sampler: createGpSampler({ seed: 5, nPreliminarySamples: 256, nLocalSearch: 4 }),
      nTrials: 20,
      directions: ['minimize', 'minimize'],
      objective: (s) => {
        const x = s('x', X) as number;
        const y = s('y', Y) as number;
        return [x * x + y * y, (x - 1) ** 2 + y * y];
      },
    });
    // After the 10 random trials, proposals move onto the Pareto set y = 0, x in [0, 1].
    const late = trials.slice(10).filter((t) => Math.abs(t.params.y as number) < 0.1);
    expect(late.length).toBeGreaterThanOrEqual(6);
  });
});
