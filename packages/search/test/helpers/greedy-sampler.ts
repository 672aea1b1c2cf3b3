import type { ParamDistribution, ParamValue } from '../../src/distributions/distributions.js';
import { createRng, deriveSeed } from '../../src/math/rng.js';
import { sampleUniform } from '../../src/samplers/random.js';
import type { Sampler, StudyView } from '../../src/samplers/sampler.js';
import type { FrozenTrial } from '../../src/trial/frozen-trial.js';

/**
 * A sampler whose proposals depend on the history (unlike random sampling), to test that what a
 * trial learns from is reproducible: after 3 complete trials, it perturbs the best trial's value.
 * Pure in (seed, trial number, view, name), as the Sampler contract requires.
 */
export function createGreedySampler(seed: number): Sampler {
  return {
    name: 'greedy-test',
    inferRelativeSearchSpace: () => ({}),
    sampleRelative: () => ({}),
    sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: ParamDistribution): ParamValue {
      const rng = createRng(deriveSeed(seed, trial.number, name));
      const complete = study.getTrials({ states: ['complete'] }).filter((t) => name in t.params);
      if (complete.length < 3 || dist.kind !== 'float') return sampleUniform(rng, dist);
      const sign = study.directions[0] === 'maximize' ? -1 : 1;
      const best = complete.reduce((a, b) => (sign * (b.values?.[0] as number) < sign * (a.values?.[0] as number) ? b : a));
      const width = (dist.high - dist.low) * 0.1;
      const v = (best.params[name] as number) + width * (2 * rng.uniform() - 1);
      return Math.min(dist.high, Math.max(dist.low, v));
    },
  };
}
