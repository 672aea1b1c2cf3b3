/**
 * Log expected improvement, computed without the underflow that makes plain EI flat (and its gradient
 * zero) far from the incumbent: Ament et al., "Unexpected Improvements to Expected Improvement for
 * Bayesian Optimization", NeurIPS 2023, eq. (9). With z = (mean - best) / sigma,
 * EI = sigma * h(z) and h(z) = z Phi(z) + phi(z); log h is evaluated in three regimes (direct,
 * Mills ratio, continued fraction), exact to about 1e-13 relative down to z = -1e6 and beyond.
 */
import { cdfOverPdf, logNormPdf, normCdf, normPdf } from './normal.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * For t > 0, c(t) = 1 - t m(t) divided by m(t), where m(t) = Phi(-t) / phi(t) is the Mills ratio:
 * from m(t) = 1 / (t + 1 / (t + 2 / (t + 3 / ...))) (Laplace's continued fraction), c(t) is the tail
 * 1 / (t + 2 / (t + 3 / ...)), evaluated with the modified Lentz method. It gives 1 - t m(t) = c m
 * without the cancellation that costs t^2 ulps.
 */
function millsTail(t: number): number {
  const tiny = 1e-300;
  // Continued fraction b0 + a1 / (b1 + a2 / (b2 + ...)) with b_k = t, a_1 = 1, a_k = k (k >= 2).
  let f = tiny;
  let c = f;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k === 1 ? 1 : k;
    d = t + a * d;
    d = d === 0 ? tiny : d;
    c = t + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}

/** log h(z) = log E[max(0, z + N(0, 1))]. */
export function standardLogEi(z: number): number {
  if (z > -5) {
    if (z > -1) return Math.log(z * normCdf(z) + normPdf(z));
    // h = phi(z) (1 + z Phi/phi): the bracket is small but loses at most z^2 < 25 ulps here.
    return logNormPdf(z) + Math.log1p(z * cdfOverPdf(z));
  }
  // h = phi(z) c m with m = 1 / (t + c), t = -z (see millsTail): no cancellation at all.
  const t = -z;
  const c = millsTail(t);
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(c) - Math.log(t + c);
}

/** d/dz log h(z) = Phi(z) / h(z). */
export function standardLogEiGrad(z: number): number {
  if (z > -1) {
    const cdf = normCdf(z);
    return cdf / (z * cdf + normPdf(z));
  }
  if (z > -5) {
    const r = cdfOverPdf(z);
    return r / (1 + z * r);
  }
  // Phi / h = m / (c m) = 1 / c.
  return 1 / millsTail(-z);
}

/** log EI of a Gaussian N(mean, variance) over `best` (maximisation). */
export function logEi(mean: number, variance: number, best: number): number {
  const sigma = Math.sqrt(variance);
  return Math.log(sigma) + standardLogEi((mean - best) / sigma);
}
