/**
 * The normal distribution truncated to [a, b], in standardised units (inverse-CDF sampling in log
 * space, so that intervals deep in a tail stay exact; the same approach as Optuna's
 * `samplers/_tpe/_truncnorm.py`, itself after SciPy's `truncnorm`).
 */
import { logAddExp, logGaussMass, logNormCdf, normPpfFromLog } from './normal.js';

/**
 * The quantile `u` in (0, 1) of N(0, 1) truncated to [a, b]: used with a uniform `u` it draws a
 * sample. Flips to the left tail so that the CDF values never round to one.
 */
export function truncatedNormalPpf(u: number, a: number, b: number): number {
  if (a > 0) return -truncatedNormalPpf(1 - u, -b, -a);
  const logMass = logGaussMass(a, b);
  const logP = logAddExp(logNormCdf(a), Math.log(u) + logMass);
  const z = normPpfFromLog(Math.min(0, logP));
  return Math.min(Math.max(z, a), b);
}

/** log density at z of N(0, 1) truncated to [a, b]; -Infinity outside. */
export function truncatedNormalLogPdf(z: number, a: number, b: number): number {
  if (z < a || z > b) return -Infinity;
  return -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - logGaussMass(a, b);
}
