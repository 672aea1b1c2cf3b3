/**
 * Gaussian-process regression with a Matern 5/2 ARD kernel (Rasmussen & Williams, "Gaussian Processes
 * for Machine Learning", 2006: posterior eq. 2.25-2.26, log marginal likelihood eq. 2.30, its gradient
 * eq. 5.9). Kernel hyperparameters are fit by maximum a posteriori estimation with the priors of
 * Optuna's `_gp/prior.py` (inverse squared length scales: -0.1/x - 0.1 x; kernel scale: Gamma(2, 1);
 * noise variance: Gamma(1.1, 30)), in log space, from (1, 1, 1), with L-BFGS stopped at gradient
 * norm 1e-2, as Optuna's `_gp/gp.py` does. Categorical inputs use the Hamming distance.
 *
 * Inputs are expected normalised to [0, 1] (categoricals as indices) and targets standardised.
 */
import {
  cholesky,
  invertLower,
  invertLowerTransposed,
  inverseFromTransposedFactorInverse,
  solveLower,
  solveLowerTransposed,
} from './linalg.js';
import { minimizeLbfgs } from './lbfgs.js';
import { matern52, matern52Grad } from './matern52.js';

/** Training set: `x` is row-major n x d. */
export interface GpTrainingData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly d: number;
  /** 1 where a column holds categorical indices (Hamming distance), else 0. */
  readonly isCategorical: Uint8Array;
}

/** Kernel hyperparameters: k(x, x') = kernelScale * matern52(sum_d ils_d dist_d^2), plus noise. */
export interface GpKernelParams {
  readonly inverseSquaredLengthscales: Float64Array;
  readonly kernelScale: number;
  readonly noiseVar: number;
}

/** Options of {@link fitGaussianProcess}. */
export interface GpFitOptions {
  /** Floor added to the fitted noise variance. Default 1e-6 (Optuna's). */
  readonly minimumNoise?: number;
  /** Fix the noise variance at `minimumNoise` (noise-free objective). Default false. */
  readonly deterministicObjective?: boolean;
  /** L-BFGS tolerance on the gradient's infinity norm. Default 1e-2 (Optuna's). */
  readonly gtol?: number;
  /** L-BFGS iteration limit. Default 300. */
  readonly maxIterations?: number;
}

/** A fitted GP, ready for posterior queries. */
export interface GaussianProcess {
  readonly data: GpTrainingData;
  readonly params: GpKernelParams;
  /** C^-1 y with C = K + noise I. */
  readonly alpha: Float64Array;
  /** inv(L) for C = L L^T (lower triangular, row-major). */
  readonly invL: Float64Array;
  /** Whether the hyperparameter fit converged (false: the defaults or the best point found were kept). */
  readonly converged: boolean;
}

/** Squared per-dimension distances of every pair i > j, row-major (pair, d). */
function pairwiseSquaredDistances(data: GpTrainingData): Float64Array {
  const { x, n, d, isCategorical } = data;
  const out = new Float64Array(((n * (n - 1)) / 2) * d);
  let p = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      for (let k = 0; k < d; k++) {
        const diff = x[i * d + k]! - x[j * d + k]!;
        out[p * d + k] = isCategorical[k] ? (diff !== 0 ? 1 : 0) : diff * diff;
      }
      p++;
    }
  }
  return out;
}

/** Scratch buffers and precomputed distances for repeated objective evaluations. */
interface FitWorkspace {
  readonly sq: Float64Array;
  readonly c: Float64Array;
  readonly l: Float64Array;
  readonly kGrad: Float64Array;
  readonly kVal: Float64Array;
  readonly tmp: Float64Array;
  readonly alpha: Float64Array;
}

function workspace(data: GpTrainingData): FitWorkspace {
  const n = data.n;
  const pairs = (n * (n - 1)) / 2;
  return {
    sq: pairwiseSquaredDistances(data),
    c: new Float64Array(n * n),
    l: new Float64Array(n * n),
    kGrad: new Float64Array(pairs),
    kVal: new Float64Array(pairs),
    tmp: new Float64Array(n),
    alpha: new Float64Array(n),
  };
}

/** Unpacks raw (log-space) parameters [log ils_1..d, log scale, log(noise - minimumNoise)]. */
export function unpackKernelParams(raw: ArrayLike<number>, d: number, minimumNoise: number, deterministic: boolean): GpKernelParams {
  const ils = new Float64Array(d);
  for (let k = 0; k < d; k++) ils[k] = Math.exp(raw[k]!);
  return {
    inverseSquaredLengthscales: ils,
    kernelScale: Math.exp(raw[d]!),
    noiseVar: deterministic ? minimumNoise : Math.exp(raw[d + 1]!) + minimumNoise,
  };
}

/**
 * Negative log marginal likelihood minus the log prior of the raw parameters, and its gradient
 * (written to `grad`). Returns Infinity when the kernel matrix is not numerically positive definite.
 */
export function gpNegLogPosterior(
  data: GpTrainingData,
  raw: Float64Array,
  grad: Float64Array,
  options: { minimumNoise: number; deterministicObjective: boolean },
  ws: FitWorkspace = workspace(data),
): number {
  const { n, d, y } = data;
  const { minimumNoise, deterministicObjective } = options;
  const params = unpackKernelParams(raw, d, minimumNoise, deterministicObjective);
  const ils = params.inverseSquaredLengthscales;
  const scale = params.kernelScale;
  const noise = params.noiseVar;
  const { sq, c, l, kGrad, kVal, tmp, alpha } = ws;

  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      const base = p * d;
      for (let k = 0; k < d; k++) r2 += ils[k]! * sq[base + k]!;
      // matern52 and matern52Grad share sqrt(5 r2) and its exponential.
      const s5 = Math.sqrt(5 * r2);
      const e = Math.exp(-s5);
      const kv = (1 + s5 + (5 / 3) * r2) * e;
      kVal[p] = kv;
      kGrad[p] = (-5 / 6) * (1 + s5) * e;
      c[i * n + j] = c[j * n + i] = scale * kv;
      p++;
    }
    c[i * n + i] = scale + noise;
  }
  if (!cholesky(c, n, l)) {
    grad.fill(0);
    return Infinity;
  }
  solveLower(l, n, y, tmp);
  let quad = 0;
  for (let i = 0; i < n; i++) quad += tmp[i]! * tmp[i]!;
  solveLowerTransposed(l, n, tmp, alpha);
  let logDetHalf = 0;
  for (let i = 0; i < n; i++) logDetHalf += Math.log(l[i * n + i]!);
  const nll = 0.5 * quad + logDetHalf + 0.5 * n * Math.log(2 * Math.PI);

  // d nll / d theta = -1/2 tr((alpha alpha^T - C^-1) dC/dtheta); W = alpha alpha^T - C^-1.
  const cInv = inverseFromTransposedFactorInverse(invertLowerTransposed(l, n, c), n, l);
  grad.fill(0);
  let dScale = 0;
  let traceW = 0;
  p = 0;
  for (let i = 0; i < n; i++) {
    const ai = alpha[i]!;
    traceW += ai * ai - cInv[i * n + i]!;
    for (let j = 0; j < i; j++) {
      const w = ai * alpha[j]! - cInv[i * n + j]!;
      dScale += 2 * w * kVal[p]!;
      const wg = 2 * w * kGrad[p]!;
      const base = p * d;
      for (let k = 0; k < d; k++) grad[k]! += wg * sq[base + k]!;
      p++;
    }
  }
  dScale += traceW;
  for (let k = 0; k < d; k++) grad[k] = -0.5 * grad[k]! * scale * ils[k]!;
  grad[d] = -0.5 * dScale * scale;
  grad[d + 1] = deterministicObjective ? 0 : -0.5 * traceW * (noise - minimumNoise);

  // Log prior (constants dropped) and its gradient in raw coordinates.
  let logPrior = 0;
  for (let k = 0; k < d; k++) {
    const v = ils[k]!;
    logPrior -= 0.1 / v + 0.1 * v;
    grad[k]! -= 0.1 / v - 0.1 * v;
  }
  logPrior += Math.log(scale) - scale;
  grad[d]! -= 1 - scale;
  logPrior += 0.1 * Math.log(noise) - 30 * noise;
  if (!deterministicObjective) grad[d + 1]! -= (0.1 / noise - 30) * (noise - minimumNoise);
  return nll - logPrior;
}

/** Fits the kernel hyperparameters (MAP) and caches what posterior queries need. */
export function fitGaussianProcess(data: GpTrainingData, options: GpFitOptions = {}): GaussianProcess {
  const minimumNoise = options.minimumNoise ?? 1e-6;
  const deterministicObjective = options.deterministicObjective ?? false;
  const d = data.d;
  const ws = workspace(data);
  const objOptions = { minimumNoise, deterministicObjective };
  // Optuna starts from ils = 1, scale = 1, noise = 1 (raw noise log(1 - 0.99 minimumNoise)).
  const initial = new Float64Array(d + 2);
  initial[d + 1] = Math.log(1 - 0.99 * minimumNoise);
  const result = minimizeLbfgs((raw, grad) => gpNegLogPosterior(data, raw, grad, objOptions, ws), initial, {
    pgtol: options.gtol ?? 1e-2,
    maxIterations: options.maxIterations ?? 300,
  });
  const raw = Number.isFinite(result.f) ? result.x : initial;
  const params = unpackKernelParams(raw, d, minimumNoise, deterministicObjective);
  return conditionGaussianProcess(data, params, result.converged && Number.isFinite(result.f));
}

/** Builds the posterior cache for given hyperparameters (adding jitter if C is not numerically SPD). */
export function conditionGaussianProcess(data: GpTrainingData, params: GpKernelParams, converged = true): GaussianProcess {
  const { n, d, x, y, isCategorical } = data;
  const c = new Float64Array(n * n);
  const ils = params.inverseSquaredLengthscales;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const diff = x[i * d + k]! - x[j * d + k]!;
        r2 += ils[k]! * (isCategorical[k] ? (diff !== 0 ? 1 : 0) : diff * diff);
      }
      c[i * n + j] = c[j * n + i] = params.kernelScale * matern52(r2);
    }
  }
  const l = new Float64Array(n * n);
  let jitter = 0;
  for (let attempt = 0; attempt < 10; attempt++) {
    for (let i = 0; i < n; i++) c[i * n + i] = params.kernelScale + params.noiseVar + jitter;
    if (cholesky(c, n, l)) break;
    jitter = jitter === 0 ? 1e-10 * params.kernelScale : jitter * 10;
  }
  const alpha = solveLowerTransposed(l, n, solveLower(l, n, y));
  return { data, params, alpha, invL: invertLower(l, n), converged };
}

/** Posterior mean and variance at one point (variance clamped at 0); `scratch` must hold n numbers. */
export function gpPosterior(
  gp: GaussianProcess,
  point: ArrayLike<number>,
  scratch: Float64Array = new Float64Array(gp.data.n),
): { mean: number; variance: number } {
  const { n, d, x, isCategorical } = gp.data;
  const ils = gp.params.inverseSquaredLengthscales;
  const s = gp.params.kernelScale;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    const base = i * d;
    for (let k = 0; k < d; k++) {
      const diff = point[k]! - x[base + k]!;
      r2 += ils[k]! * (isCategorical[k] ? (diff !== 0 ? 1 : 0) : diff * diff);
    }
    const kv = s * matern52(r2);
    scratch[i] = kv;
    mean += kv * gp.alpha[i]!;
  }
  // variance = s - |inv(L) k|^2
  const m = gp.invL;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let u = 0;
    for (let j = 0; j <= i; j++) u += m[ri + j]! * scratch[j]!;
    q += u * u;
  }
  return { mean, variance: Math.max(s - q, 0) };
}

/**
 * Posterior mean and variance with their gradients with respect to the continuous coordinates
 * (`gradMean`, `gradVariance`, length d; categorical coordinates get 0).
 */
export function gpPosteriorWithGrad(
  gp: GaussianProcess,
  point: ArrayLike<number>,
  gradMean: Float64Array,
  gradVariance: Float64Array,
): { mean: number; variance: number } {
  const { n, d, x, isCategorical } = gp.data;
  const ils = gp.params.inverseSquaredLengthscales;
  const s = gp.params.kernelScale;
  const k = new Float64Array(n);
  const kg = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    const base = i * d;
    for (let c = 0; c < d; c++) {
      const diff = point[c]! - x[base + c]!;
      r2 += ils[c]! * (isCategorical[c] ? (diff !== 0 ? 1 : 0) : diff * diff);
    }
    k[i] = s * matern52(r2);
    kg[i] = s * matern52Grad(r2);
    mean += k[i]! * gp.alpha[i]!;
  }
  // u = inv(L) k, v = inv(L)^T u = C^-1 k.
  const m = gp.invL;
  const u = new Float64Array(n);
  let q = 0;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let acc = 0;
    for (let j = 0; j <= i; j++) acc += m[ri + j]! * k[j]!;
    u[i] = acc;
    q += acc * acc;
  }
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ui = u[i]!;
    if (ui === 0) continue;
    const ri = i * n;
    for (let j = 0; j <= i; j++) v[j]! += m[ri + j]! * ui;
  }
  gradMean.fill(0);
  gradVariance.fill(0);
  for (let i = 0; i < n; i++) {
    const a = gp.alpha[i]!;
    const b = -2 * v[i]!;
    const base = i * d;
    for (let c = 0; c < d; c++) {
      if (isCategorical[c]) continue;
      // dk_i/dx_c = s k'(r2) * 2 ils_c (x_c - X_ic)
      const dk = kg[i]! * 2 * ils[c]! * (point[c]! - x[base + c]!);
      gradMean[c]! += a * dk;
      gradVariance[c]! += b * dk;
    }
  }
  return { mean, variance: Math.max(s - q, 0) };
}
