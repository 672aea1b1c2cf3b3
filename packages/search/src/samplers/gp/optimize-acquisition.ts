/**
 * Maximises log EI over a mixed space, after Optuna's `_gp/optim_mixed.py`: score many random points,
 * start local searches from the best one, from points drawn by a roulette on exp(logEI - max) and from
 * the warm starts (the best trial so far); each local search alternates L-BFGS-B on the continuous
 * coordinates (preconditioned by the length scales: the kernel sees x / l, so optimising z = x / l is
 * isotropic) with a search over each discrete coordinate (exhaustive up to 16 grid points, else a coarse
 * grid scan refined by hill climbing on neighbours, where Optuna uses Brent's method on the
 * interpolated acquisition), until a full round changes nothing.
 */
import { gpPosterior, gpPosteriorWithGrad } from '../../math/gaussian-process.js';
import type { GaussianProcess } from '../../math/gaussian-process.js';
import { minimizeLbfgs } from '../../math/lbfgs.js';
import { standardLogEi, standardLogEiGrad } from '../../math/log-ei.js';
import type { Rng } from '../../math/rng.js';
import { gridCoordinate, gridIndex } from './gp-search-space.js';
import type { GpParam } from './gp-search-space.js';

/** What log EI needs: the GP (targets maximised), the incumbent and the parameter layout. */
export interface AcquisitionContext {
  readonly gp: GaussianProcess;
  readonly best: number;
  readonly params: readonly GpParam[];
  /** Added to the posterior variance before log EI, for stability. Default in Optuna: 1e-12. */
  readonly stabilizingNoise: number;
}

/** Options of {@link optimizeAcquisition}. */
export interface AcquisitionSearchOptions {
  /** Random points scored first. Optuna: 2048. */
  readonly nPreliminarySamples: number;
  /** Local searches, warm starts included. Optuna: 10. */
  readonly nLocalSearch: number;
  /** Tolerance; L-BFGS stops at projected gradient sqrt(tol). Optuna: 1e-4. */
  readonly tol: number;
}

/** log EI at a GP point. */
export function logEiAt(ctx: AcquisitionContext, x: ArrayLike<number>, scratch?: Float64Array): number {
  const { mean, variance } = gpPosterior(ctx.gp, x, scratch);
  const v = variance + ctx.stabilizingNoise;
  const sigma = Math.sqrt(v);
  return Math.log(sigma) + standardLogEi((mean - ctx.best) / sigma);
}

/** log EI and its gradient (written to `grad`) at a GP point. */
export function logEiWithGrad(
  ctx: AcquisitionContext,
  x: ArrayLike<number>,
  grad: Float64Array,
  scratchMean: Float64Array,
  scratchVar: Float64Array,
): number {
  const { mean, variance } = gpPosteriorWithGrad(ctx.gp, x, scratchMean, scratchVar);
  const v = variance + ctx.stabilizingNoise;
  const sigma = Math.sqrt(v);
  const z = (mean - ctx.best) / sigma;
  const h = standardLogEiGrad(z);
  for (let k = 0; k < grad.length; k++) {
    const dSigma = scratchVar[k]! / (2 * sigma);
    const dz = scratchMean[k]! / sigma - (z * dSigma) / sigma;
    grad[k] = dSigma / sigma + h * dz;
  }
  return Math.log(sigma) + standardLogEi(z);
}

/** A uniformly random point of the GP space (grid points for discrete, indices for categorical). */
function randomPoint(params: readonly GpParam[], rng: Rng): Float64Array {
  const x = new Float64Array(params.length);
  params.forEach((p, k) => {
    x[k] = p.kind === 'continuous' ? rng.uniform() : gridCoordinate(p, rng.int(0, p.size - 1));
  });
  return x;
}

function gradientAscent(
  ctx: AcquisitionContext,
  x: Float64Array,
  fx: number,
  continuous: readonly number[],
  tol: number,
): [Float64Array, number, boolean] {
  if (continuous.length === 0) return [x, fx, false];
  const ils = ctx.gp.params.inverseSquaredLengthscales;
  const scales = continuous.map((k) => 1 / Math.sqrt(ils[k]!));
  const point = Float64Array.from(x);
  const full = new Float64Array(x.length);
  const gm = new Float64Array(x.length);
  const gv = new Float64Array(x.length);
  const z0 = Float64Array.from(continuous, (k, i) => x[k]! / scales[i]!);
  const lower = new Float64Array(continuous.length);
  const upper = Float64Array.from(scales, (s) => 1 / s);
  const result = minimizeLbfgs(
    (z, grad) => {
      continuous.forEach((k, i) => (point[k] = z[i]! * scales[i]!));
      const f = logEiWithGrad(ctx, point, full, gm, gv);
      continuous.forEach((k, i) => (grad[i] = -full[k]! * scales[i]!));
      return -f;
    },
    z0,
    { lower, upper, pgtol: Math.sqrt(tol), maxIterations: 200 },
  );
  if (-result.f > fx && result.iterations > 0) {
    const out = Float64Array.from(x);
    continuous.forEach((k, i) => (out[k] = result.x[i]! * scales[i]!));
    return [out, -result.f, true];
  }
  return [x, fx, false];
}

function discreteSearch(ctx: AcquisitionContext, x: Float64Array, fx: number, k: number): [Float64Array, number, boolean] {
  const p = ctx.params[k] as GpParam;
  if (p.size <= 1) return [x, fx, false];
  const trial = Float64Array.from(x);
  const cache = new Map<number, number>();
  const current = gridIndex(p, x[k]!);
  cache.set(current, fx);
  const at = (i: number): number => {
    const hit = cache.get(i);
    if (hit !== undefined) return hit;
    trial[k] = gridCoordinate(p, i);
    const f = logEiAt(ctx, trial);
    cache.set(i, f);
    return f;
  };
  let best = current;
  let bestF = fx;
  const consider = (i: number): void => {
    if (i < 0 || i >= p.size) return;
    const f = at(i);
    if (f > bestF) {
      bestF = f;
      best = i;
    }
  };
  if (p.kind === 'categorical' || p.size <= 16) {
    for (let i = 0; i < p.size; i++) consider(i);
  } else {
    const coarse = 16;
    for (let j = 0; j < coarse; j++) consider(Math.round((j * (p.size - 1)) / (coarse - 1)));
    consider(current - 1);
    consider(current + 1);
    for (let steps = 0; steps < 64; steps++) {
      const before = best;
      consider(best - 1);
      consider(best + 1);
      if (best === before) break;
    }
  }
  if (best !== current && bestF > fx) {
    const out = Float64Array.from(x);
    out[k] = gridCoordinate(p, best);
    return [out, bestF, true];
  }
  return [x, fx, false];
}

/** Local search from `start`: alternate continuous and per-coordinate discrete moves until stable. */
export function localSearch(ctx: AcquisitionContext, start: Float64Array, tol: number): [Float64Array, number] {
  const continuous = ctx.params.flatMap((p, k) => (p.kind === 'continuous' ? [k] : []));
  const discrete = ctx.params.flatMap((p, k) => (p.kind === 'continuous' ? [] : [k]));
  let x = start;
  let fx = logEiAt(ctx, x);
  const CONTINUOUS = -1;
  let lastChanged: number | null = null;
  for (let iter = 0; iter < 100; iter++) {
    if (lastChanged === CONTINUOUS) return [x, fx];
    let updated: boolean;
    [x, fx, updated] = gradientAscent(ctx, x, fx, continuous, tol);
    if (updated) lastChanged = CONTINUOUS;
    for (const k of discrete) {
      if (lastChanged === k) return [x, fx];
      [x, fx, updated] = discreteSearch(ctx, x, fx, k);
      if (updated) lastChanged = k;
    }
    if (lastChanged === null) return [x, fx];
  }
  return [x, fx];
}

/** The maximiser of log EI found by the multi-start search. */
export function optimizeAcquisition(
  ctx: AcquisitionContext,
  rng: Rng,
  warmStarts: readonly Float64Array[],
  options: AcquisitionSearchOptions,
): Float64Array {
  const n = Math.max(1, options.nPreliminarySamples);
  const samples: Float64Array[] = [];
  const values = new Float64Array(n);
  const scratch = new Float64Array(ctx.gp.data.n);
  let maxI = 0;
  for (let i = 0; i < n; i++) {
    const x = randomPoint(ctx.params, rng);
    samples.push(x);
    values[i] = logEiAt(ctx, x, scratch);
    if (values[i]! > values[maxI]!) maxI = i;
  }
  // Roulette on exp(f - max) without replacement, the best point excluded (it starts anyway).
  const weights = Float64Array.from(values, (f, i) => (i === maxI ? 0 : Math.exp(f - values[maxI]!)));
  const starts: Float64Array[] = [samples[maxI] as Float64Array];
  const nExtra = Math.max(0, options.nLocalSearch - 1 - warmStarts.length);
  let total = weights.reduce((a, b) => a + b, 0);
  for (let j = 0; j < nExtra && total > 0; j++) {
    let u = rng.uniform() * total;
    let pick = -1;
    for (let i = 0; i < n; i++) {
      if (weights[i]! <= 0) continue;
      pick = i;
      u -= weights[i]!;
      if (u < 0) break;
    }
    if (pick < 0) break;
    starts.push(samples[pick] as Float64Array);
    total -= weights[pick]!;
    weights[pick] = 0;
  }
  starts.push(...warmStarts);
  let bestX = samples[maxI] as Float64Array;
  let bestF = values[maxI]!;
  for (const start of starts) {
    const [x, f] = localSearch(ctx, Float64Array.from(start), options.tol);
    if (f > bestF) {
      bestF = f;
      bestX = x;
    }
  }
  return bestX;
}
