/**
 * NSGA-II (Deb et al., IEEE TEC 2002) as a sampler, with the defaults of Optuna's `NSGAIISampler`
 * (`samplers/nsgaii/`): population 50, uniform crossover with probability 0.9 (each parameter from the
 * second parent with probability 0.5), mutation by leaving a parameter to uniform independent
 * sampling with probability 1 / (number of parameters).
 *
 * Generations without shared state: Optuna stamps each trial with a generation in storage, which
 * depends on which trials finished first. Here the complete trials of the view, in trial-number
 * order, are cut into consecutive blocks of `populationSize`: block 0 is the first parent population,
 * and each later full block is the offspring from which, together with the parents, the next parents
 * survive (`selectElite`). The trailing partial block is the generation in progress. This is a pure
 * function of the view, so seeded runs reproduce with any concurrency. Until the first block is full,
 * everything is sampled uniformly. Parents are chosen by Deb's crowded-comparison binary tournament
 * (rank, then crowding distance; Optuna uses plain dominance).
 */
import { InvalidOptionsError } from '../../errors.js';
import { isSingleValue, toExternal } from '../../distributions/distributions.js';
import type { ParamDistribution, ParamValue } from '../../distributions/distributions.js';
import { freshSeed } from '../../math/fresh-seed.js';
import { internalParam } from '../../math/internal-param.js';
import { createRng, deriveSeed } from '../../math/rng.js';
import type { Rng } from '../../math/rng.js';
import { intersectionSearchSpace } from '../../math/search-space-intersection.js';
import type { FrozenTrial, StudyDirection } from '../../trial/frozen-trial.js';
import { sampleUniform } from '../random.js';
import type { Sampler, StudyView } from '../sampler.js';
import { compareCrowding, rankPopulation, selectElite } from './elite-selection.js';
import type { RankedTrial } from './elite-selection.js';

/** Options of {@link createNsga2Sampler}. */
export interface Nsga2SamplerOptions {
  /** Seed of every draw. Default: a random seed drawn once at creation (runs then differ). */
  readonly seed?: number;
  /** Trials per generation (and parents kept). Default 50. */
  readonly populationSize?: number;
  /** Probability that a parameter is redrawn uniformly instead of inherited. Default 1 / (number of parameters). */
  readonly mutationProb?: number;
  /** Probability of crossover (else the child copies its first parent). Default 0.9. */
  readonly crossoverProb?: number;
  /** In uniform crossover, probability of taking a parameter from the second parent. Default 0.5. */
  readonly swappingProb?: number;
}

/** The NSGA-II sampler, with the seed it uses (drawn at creation when none was given). */
export interface Nsga2Sampler extends Sampler {
  readonly seed: number;
}

function checkProbability(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1)) {
    throw new InvalidOptionsError(`\`${name}\` must be a probability in [0, 1], got ${value}`);
  }
}

/** The parent population for the next child: elitist survival over the view's full generations. */
export function parentPopulation(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  populationSize: number,
): FrozenTrial[] | null {
  const complete = trials
    .filter((t) => t.state === 'complete' && t.values !== null && t.values.length === directions.length)
    .sort((a, b) => a.number - b.number);
  if (complete.length < populationSize) return null;
  let parents = complete.slice(0, populationSize);
  for (let start = populationSize; start + populationSize <= complete.length; start += populationSize) {
    parents = selectElite([...parents, ...complete.slice(start, start + populationSize)], directions, populationSize);
  }
  return parents;
}

function tournament(ranked: readonly RankedTrial[], rng: Rng): RankedTrial {
  const a = ranked[rng.int(0, ranked.length - 1)] as RankedTrial;
  const b = ranked[rng.int(0, ranked.length - 1)] as RankedTrial;
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  const c = compareCrowding(a.crowding, b.crowding);
  if (c !== 0) return c > 0 ? a : b;
  return rng.uniform() < 0.5 ? a : b;
}

/** Creates an NSGA-II sampler (any number of objectives). */
export function createNsga2Sampler(options: Nsga2SamplerOptions = {}): Nsga2Sampler {
  const populationSize = options.populationSize ?? 50;
  if (!(Number.isSafeInteger(populationSize) && populationSize >= 2)) {
    throw new InvalidOptionsError(`\`populationSize\` must be an integer >= 2, got ${populationSize}`);
  }
  checkProbability('mutationProb', options.mutationProb);
  checkProbability('crossoverProb', options.crossoverProb);
  checkProbability('swappingProb', options.swappingProb);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new InvalidOptionsError(`\`seed\` must be an integer, got ${options.seed}`);
  }
  const seed = options.seed ?? freshSeed();
  const crossoverProb = options.crossoverProb ?? 0.9;
  const swappingProb = options.swappingProb ?? 0.5;

  const completeTrials = (study: StudyView): FrozenTrial[] =>
    study.getTrials({ states: ['complete'] }).filter((t) => t.state === 'complete');

  return {
    name: 'nsga2',
    seed,
    inferRelativeSearchSpace(study) {
      const out: Record<string, ParamDistribution> = {};
      for (const [name, dist] of Object.entries(intersectionSearchSpace(completeTrials(study)))) {
        if (!isSingleValue(dist)) out[name] = dist;
      }
      return out;
    },
    sampleRelative(study, trial, space) {
      const names = Object.keys(space).sort();
      if (names.length === 0) return {};
      const parents = parentPopulation(completeTrials(study), study.directions, populationSize);
      if (parents === null) return {};
      const rng = createRng(deriveSeed(seed, 'nsga2-relative', trial.number));
      const ranked = rankPopulation(parents, study.directions);
      const first = tournament(ranked, rng).trial;
      const second = tournament(ranked, rng).trial;
      const crossover = rng.uniform() < crossoverProb;
      const mutationProb = options.mutationProb ?? 1 / Math.max(1, names.length);
      const out: Record<string, ParamValue> = {};
      for (const name of names) {
        const dist = space[name] as ParamDistribution;
        const fromSecond = crossover && rng.uniform() < swappingProb;
        const mutate = rng.uniform() < mutationProb;
        if (mutate) continue;
        const internal = internalParam(fromSecond ? second : first, name, dist);
        if (internal !== null) out[name] = toExternal(dist, internal);
      }
      return out;
    },
    sampleIndependent(_study, trial, name, distribution): ParamValue {
      // The random sampler's streams: start-up trials equal `createRandomSampler({ seed })`'s.
      return sampleUniform(createRng(deriveSeed(seed, 'random', trial.number, name)), distribution);
    },
  };
}
