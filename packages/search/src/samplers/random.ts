import type { ParamDistribution, ParamValue, SearchSpace } from '../distributions/distributions.js';
import { InvalidOptionsError } from '../errors.js';
import { freshSeed } from '../math/fresh-seed.js';
import { createRng, deriveSeed, type Rng } from '../math/rng.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { Sampler, StudyView } from './sampler.js';

/** Options of {@link createRandomSampler}. */
export interface RandomSamplerOptions {
  /**
   * Seed of every draw; the same seed gives the same value for a (trial number, parameter name).
   * Default: a random seed drawn once at creation (runs then differ).
   */
  readonly seed?: number;
}

/** The random sampler, with the seed it uses (drawn at creation when none was given). */
export interface RandomSampler extends Sampler {
  readonly seed: number;
}

/**
 * Independent uniform sampling: uniform in log space for `log` params, uniform over the grid for
 * stepped ones, uniform over choices. Every draw comes from its own stream seeded by
 * (seed, trial number, parameter name), so it never depends on other trials or on call order.
 */
export function createRandomSampler(options: RandomSamplerOptions = {}): RandomSampler {
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new InvalidOptionsError(`\`seed\` must be an integer, got ${options.seed}`);
  }
  const seed = options.seed ?? freshSeed();
  return {
    name: 'random',
    seed,
    inferRelativeSearchSpace(): SearchSpace {
      return {};
    },
    sampleRelative(): Record<string, ParamValue> {
      return {};
    },
    sampleIndependent(_study: StudyView, trial: FrozenTrial, name: string, distribution: ParamDistribution): ParamValue {
      return sampleUniform(createRng(deriveSeed(seed, 'random', trial.number, name)), distribution);
    },
  };
}

/** One uniform draw from a distribution (in the objective's representation). */
export function sampleUniform(rng: Rng, dist: ParamDistribution): ParamValue {
  switch (dist.kind) {
    case 'categorical':
      return dist.choices[rng.int(0, dist.choices.length - 1)] as ParamValue;
    case 'int': {
      if (dist.log) {
        // As Optuna: log-uniform over [low - 0.5, high + 0.5], rounded, so the ends are not halved.
        const lo = Math.log(dist.low - 0.5);
        const hi = Math.log(dist.high + 0.5);
        const v = Math.round(Math.exp(lo + rng.uniform() * (hi - lo)));
        return Math.min(dist.high, Math.max(dist.low, v));
      }
      const n = Math.round((dist.high - dist.low) / dist.step);
      return dist.low + dist.step * rng.int(0, n);
    }
    case 'float': {
      if (dist.step !== null) {
        const n = Math.round((dist.high - dist.low) / dist.step);
        const k = rng.int(0, n);
        return k === n ? dist.high : dist.low + k * dist.step;
      }
      if (dist.log) {
        const lo = Math.log(dist.low);
        const hi = Math.log(dist.high);
        return Math.min(dist.high, Math.max(dist.low, Math.exp(lo + rng.uniform() * (hi - lo))));
      }
      return Math.min(dist.high, dist.low + rng.uniform() * (dist.high - dist.low));
    }
  }
}
