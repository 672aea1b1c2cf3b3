/**
 * The GP's view of a search space, after Optuna's `_gp/search_space.py`: every numeric parameter is
 * mapped to [0, 1] (log-scaled ones through their logarithm, so length scales act on orders of
 * magnitude; stepped and integer ones over [low - step/2, high + step/2], so each grid point owns an
 * equal share), categorical ones stay choice indices (the kernel uses the Hamming distance on them).
 */
import { toExternal } from '../../distributions/distributions.js';
import type { ParamDistribution, ParamValue, SearchSpace } from '../../distributions/distributions.js';

/** How one parameter is represented in the GP's input space. */
export interface GpParam {
  readonly name: string;
  readonly dist: ParamDistribution;
  /** `continuous`: optimised by gradient; `discrete`: on a grid of `size` points; `categorical`: indices. */
  readonly kind: 'continuous' | 'discrete' | 'categorical';
  /** Grid points (discrete) or choices (categorical); 0 for continuous. */
  readonly size: number;
}

/** The parameters of `space` in the order given. */
export function gpParamsOf(space: SearchSpace): GpParam[] {
  return Object.entries(space).map(([name, dist]) => {
    if (dist.kind === 'categorical') return { name, dist, kind: 'categorical', size: dist.choices.length };
    const step = dist.step;
    if (step === null) return { name, dist, kind: 'continuous', size: 0 };
    return { name, dist, kind: 'discrete', size: Math.round((dist.high - dist.low) / step) + 1 };
  });
}

function stepOf(dist: ParamDistribution): number {
  return dist.kind === 'categorical' ? 1 : (dist.step ?? 0);
}

/** Transformed bounds [lo, hi] of a numeric parameter (log space for log ones, half-step margins). */
function boundsOf(dist: Exclude<ParamDistribution, { kind: 'categorical' }>): [number, number] {
  const half = 0.5 * stepOf(dist);
  const lo = dist.low - half;
  const hi = dist.high + half;
  return dist.log ? [Math.log(lo), Math.log(hi)] : [lo, hi];
}

/** Internal value -> GP coordinate. */
export function normalizeParam(p: GpParam, internal: number): number {
  if (p.dist.kind === 'categorical') return internal;
  const [lo, hi] = boundsOf(p.dist);
  if (hi === lo) return 0.5;
  const v = p.dist.log ? Math.log(internal) : internal;
  return (v - lo) / (hi - lo);
}

/** GP coordinate -> internal value (clipped into the distribution, snapped onto its grid). */
export function unnormalizeParam(p: GpParam, x: number): number {
  const dist = p.dist;
  if (dist.kind === 'categorical') return Math.min(Math.max(Math.round(x), 0), dist.choices.length - 1);
  const [lo, hi] = boundsOf(dist);
  let v = lo + x * (hi - lo);
  if (dist.log) v = Math.exp(v);
  const step = stepOf(dist);
  if (step > 0) v = dist.low + Math.round((v - dist.low) / step) * step;
  if (dist.kind === 'int') v = Math.round(v);
  return Math.min(Math.max(v, dist.low), dist.high);
}

/** The GP coordinate of grid point `k` of a discrete parameter. */
export function gridCoordinate(p: GpParam, k: number): number {
  if (p.dist.kind === 'categorical') return k;
  return normalizeParam(p, p.dist.low + k * stepOf(p.dist));
}

/** The grid index nearest to a GP coordinate of a discrete parameter. */
export function gridIndex(p: GpParam, x: number): number {
  if (p.dist.kind === 'categorical') return Math.round(x);
  const v = unnormalizeParam(p, x);
  return Math.round((v - p.dist.low) / stepOf(p.dist));
}

/** Converts a GP point back to the objective's parameter values. */
export function denormalizePoint(params: readonly GpParam[], x: ArrayLike<number>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  params.forEach((p, k) => {
    out[p.name] = toExternal(p.dist, unnormalizeParam(p, x[k]!));
  });
  return out;
}
