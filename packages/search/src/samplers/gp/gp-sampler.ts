/**
 * Gaussian-process Bayesian optimisation, after Optuna's `GPSampler` (`samplers/_gp/sampler.py`,
 * v3.6-4.x): Matern 5/2 kernel with one length scale per parameter (ARD), hyperparameters fit by
 * maximising the marginal likelihood times Optuna's priors (`math/gaussian-process.ts`), log expected
 * improvement (Ament et al., NeurIPS 2023) maximised by a multi-start mixed local search
 * (`optimize-acquisition.ts`). Inputs: numeric parameters scaled to [0, 1] (log-scaled ones in log
 * space), categorical ones by Hamming distance; objective values sign-flipped to maximisation and
 * standardised. The first `nStartupTrials` trials and every parameter outside the intersection search
 * space of the complete trials are drawn uniformly at random.
 *
 * Several objectives: ParEGO (Knowles, "ParEGO: a hybrid algorithm with on-line landscape
 * approximation for expensive multiobjective optimization problems", IEEE TEC 2006): each trial
 * scalarises the objectives, normalised to [0, 1] over the complete trials, with its own random
 * weight vector through the augmented Chebyshev function max_k w_k f_k + 0.05 sum_k w_k f_k, and runs
 * single-objective GP-BO on that (Optuna uses log EHVI instead).
 *
 * Only complete trials inform the GP (as in Optuna); pruned, failed and running ones are ignored. Pure:
 * the draws of trial t come from (seed, t) and the view alone.
 */
import { InvalidOptionsError } from '../../errors.js';
import { isSingleValue } from '../../distributions/distributions.js';
import type { ParamDistribution, ParamValue } from '../../distributions/distributions.js';
import { freshSeed } from '../../math/fresh-seed.js';
import { fitGaussianProcess } from '../../math/gaussian-process.js';
import { internalParam } from '../../math/internal-param.js';
import { createRng, deriveSeed } from '../../math/rng.js';
import type { Rng } from '../../math/rng.js';
import { intersectionSearchSpace } from '../../math/search-space-intersection.js';
import type { FrozenTrial, StudyDirection } from '../../trial/frozen-trial.js';
import { sampleUniform } from '../random.js';
import type { Sampler, StudyView } from '../sampler.js';
import { denormalizePoint, gpParamsOf, normalizeParam } from './gp-search-space.js';
import { optimizeAcquisition } from './optimize-acquisition.js';

/** Options of {@link createGpSampler}. */
export interface GpSamplerOptions {
  /** Seed of every draw. Default: a random seed drawn once at creation (runs then differ). */
  readonly seed?: number;
  /** Complete trials before the GP takes over from uniform sampling. Default 10. */
  readonly nStartupTrials?: number;
  /** Treat the objective as noise-free (noise variance fixed at 1e-6). Default false. */
  readonly deterministicObjective?: boolean;
  /** Random points scoring the acquisition before the local searches. Default 2048 (Optuna's). */
  readonly nPreliminarySamples?: number;
  /** Local searches per decision, the best trial's warm start included. Default 10 (Optuna's). */
  readonly nLocalSearch?: number;
}

/** The GP sampler, with the seed it uses (drawn at creation when none was given). */
export interface GpSampler extends Sampler {
  readonly seed: number;
}

function checkInteger(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) {
    throw new InvalidOptionsError(`\`${name}\` must be an integer >= ${min}, got ${value}`);
  }
}

/** Mean 0, standard deviation 1 (a constant column becomes zeros). */
function standardize(values: Float64Array): Float64Array {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v / n;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2 / n;
  const std = Math.max(Math.sqrt(variance), 1e-10);
  return Float64Array.from(values, (v) => (v - mean) / std);
}

/** One scalar per trial, larger is better: the objective, or ParEGO's scalarisation for several. */
function scalarTargets(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], rng: Rng): Float64Array {
  const m = directions.length;
  const losses = trials.map((t) => directions.map((d, k) => (d === 'maximize' ? -1 : 1) * (t.values?.[k] ?? 0)));
  if (m === 1) return Float64Array.from(losses, (l) => -(l[0] as number));
  const lo = new Array<number>(m).fill(Infinity);
  const hi = new Array<number>(m).fill(-Infinity);
  for (const l of losses) {
    for (let k = 0; k < m; k++) {
      lo[k] = Math.min(lo[k]!, l[k]!);
      hi[k] = Math.max(hi[k]!, l[k]!);
    }
  }
  // A uniform weight vector on the simplex from normalised exponential spacings.
  const w = Array.from({ length: m }, () => -Math.log(1 - rng.uniform()));
  const sum = w.reduce((a, b) => a + b, 0);
  for (let k = 0; k < m; k++) w[k] = w[k]! / sum;
  return Float64Array.from(losses, (l) => {
    let max = -Infinity;
    let total = 0;
    for (let k = 0; k < m; k++) {
      const range = hi[k]! - lo[k]!;
      const f = range > 0 ? (l[k]! - lo[k]!) / range : 0;
      max = Math.max(max, w[k]! * f);
      total += w[k]! * f;
    }
    return -(max + 0.05 * total);
  });
}

/** Creates a GP Bayesian-optimisation sampler. */
export function createGpSampler(options: GpSamplerOptions = {}): GpSampler {
  checkInteger('nStartupTrials', options.nStartupTrials, 0);
  checkInteger('nPreliminarySamples', options.nPreliminarySamples, 1);
  checkInteger('nLocalSearch', options.nLocalSearch, 1);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new InvalidOptionsError(`\`seed\` must be an integer, got ${options.seed}`);
  }
  const seed = options.seed ?? freshSeed();
  const nStartup = options.nStartupTrials ?? 10;
  const deterministicObjective = options.deterministicObjective ?? false;
  const search = {
    nPreliminarySamples: options.nPreliminarySamples ?? 2048,
    nLocalSearch: options.nLocalSearch ?? 10,
    tol: 1e-4,
  };

  const completeTrials = (study: StudyView): FrozenTrial[] =>
    study.getTrials({ states: ['complete'] }).filter((t) => t.state === 'complete' && t.values !== null);

  return {
    name: 'gp',
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
      const params = gpParamsOf(Object.fromEntries(names.map((n) => [n, space[n] as ParamDistribution])));
      const trials = completeTrials(study).filter((t) => params.every((p) => internalParam(t, p.name, p.dist) !== null));
      if (trials.length < nStartup || trials.length === 0) return {};
      const rng = createRng(deriveSeed(seed, 'gp-relative', trial.number));
      const n = trials.length;
      const d = params.length;
      const x = new Float64Array(n * d);
      trials.forEach((t, i) => {
        params.forEach((p, k) => {
          x[i * d + k] = normalizeParam(p, internalParam(t, p.name, p.dist) as number);
        });
      });
      const y = standardize(scalarTargets(trials, study.directions, rng));
      const isCategorical = Uint8Array.from(params, (p) => (p.kind === 'categorical' ? 1 : 0));
      const gp = fitGaussianProcess({ x, y, n, d, isCategorical }, { deterministicObjective });
      let bestI = 0;
      for (let i = 1; i < n; i++) if (y[i]! > y[bestI]!) bestI = i;
      const warm = [x.slice(bestI * d, bestI * d + d)];
      const point = optimizeAcquisition({ gp, best: y[bestI]!, params, stabilizingNoise: 1e-12 }, rng, warm, search);
      // A numerically broken fit must not leak NaN into a trial: fall back to independent sampling.
      if (!point.every(Number.isFinite)) return {};
      return denormalizePoint(params, point);
    },
    sampleIndependent(_study, trial, name, distribution): ParamValue {
      // The random sampler's streams: start-up trials equal `createRandomSampler({ seed })`'s.
      return sampleUniform(createRng(deriveSeed(seed, 'random', trial.number, name)), distribution);
    },
  };
}
