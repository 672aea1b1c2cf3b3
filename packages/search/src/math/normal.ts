/**
 * The standard normal distribution to full double precision, including far tails in log space.
 *
 * erf/erfc follow Sun's fdlibm `s_erf.c` (FreeBSD msun; "Permission to use, copy, modify, and
 * distribute this software is freely granted"), whose rational approximations are accurate to about
 * one ulp; for x >= 1.25 the same approximation gives erfcx(x) = exp(x^2) erfc(x) without underflow,
 * which is what keeps log Phi(z) exact down to z = -1e150. The inverse CDF starts from P. J. Acklam's
 * rational approximation (relative error 1.15e-9) and refines it with one Halley step.
 */

const ERX = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;
const PP = [
  1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5,
] as const;
const QQ = [
  3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.9602282787753681232e-6,
] as const;
const PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1,
  3.54783043256182359371e-2, -2.166375594868790843e-3,
] as const;
const QA = [
  1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2,
  1.1984499846799107417e-2,
] as const;
const RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2,
  -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592,
] as const;
const SA = [
  1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2,
  1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2,
] as const;
const RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2,
  -1.02509513161107724954e3, -4.83519191608651397019e2,
] as const;
const SB = [
  3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3,
  4.74528541206955367215e2, -2.24409524465858183362e1,
] as const;

/** Horner evaluation of c[0] + c[1] s + ... */
function poly(c: readonly number[], s: number): number {
  let r = 0;
  for (let i = c.length - 1; i >= 0; i--) r = r * s + (c[i] as number);
  return r;
}

/** 1 + c[0] s + c[1] s^2 + ... */
function poly1(c: readonly number[], s: number): number {
  return 1 + s * poly(c, s);
}

/** log(x * erfc(x)) + x^2 for x >= 1.25, i.e. the fdlibm tail without the exp(-x^2) factor. */
function logScaledErfcTail(x: number): number {
  const s = 1 / (x * x);
  const rs = x < 1 / 0.35 ? poly(RA, s) / poly1(SA, s) : poly(RB, s) / poly1(SB, s);
  return -0.5625 + rs;
}

/** Complementary error function, about one ulp relative accuracy until it underflows (x ~ 26.5). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let r: number;
  if (a < 0.84375) {
    if (a < 2 ** -56) return 1 - x;
    const z = x * x;
    const y = poly(PP, z) / poly1(QQ, z);
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x - 0.5 + x * y);
  }
  if (a < 1.25) {
    const s = a - 1;
    const pq = poly(PA, s) / poly1(QA, s);
    return x >= 0 ? 1 - ERX - pq : 1 + ERX + pq;
  }
  if (a < 28) {
    // fdlibm's SET_LOW_WORD trick: z has few mantissa bits, so z*z is exact and exp(-x^2) keeps
    // full relative precision.
    const z = Math.fround(a);
    r = (Math.exp(-z * z - 0.5625) * Math.exp((z - a) * (z + a) + logScaledErfcTail(a) + 0.5625)) / a;
  } else {
    r = 0;
  }
  return x >= 0 ? r : 2 - r;
}

/** Error function, about one ulp. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -28) return x + EFX * x;
    const z = x * x;
    return x + x * (poly(PP, z) / poly1(QQ, z));
  }
  const sign = x < 0 ? -1 : 1;
  if (a < 1.25) return sign * (ERX + poly(PA, a - 1) / poly1(QA, a - 1));
  if (a >= 6) return sign;
  return sign * (1 - erfc(a));
}

/** Scaled complementary error function exp(x^2) erfc(x), finite for every x >= 0. */
export function erfcx(x: number): number {
  if (x < 1.25) return Math.exp(x * x) * erfc(x);
  return Math.exp(logScaledErfcTail(x)) / x;
}

/** log erfc(x), accurate also where erfc underflows. */
export function logErfc(x: number): number {
  if (x < 1.25) return Math.log(erfc(x));
  return -x * x + logScaledErfcTail(x) - Math.log(x);
}

const SQRT1_2 = Math.SQRT1_2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Standard normal density. */
export function normPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/** log of the standard normal density. */
export function logNormPdf(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

/** Standard normal CDF Phi(z); relative accuracy near one ulp in the left tail. */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z * SQRT1_2);
}

/** log Phi(z), exact in both tails (left: through erfcx; right: through log1p). */
export function logNormCdf(z: number): number {
  if (z > 0) return Math.log1p(-0.5 * erfc(z * SQRT1_2));
  return Math.log(0.5) + logErfc(-z * SQRT1_2);
}

/** Mills-type ratio Phi(z) / phi(z), stable for z <= 0 (where both underflow). */
export function cdfOverPdf(z: number): number {
  if (z <= 0) return Math.sqrt(Math.PI / 2) * erfcx(-z * SQRT1_2);
  return normCdf(z) / normPdf(z);
}

/** log(1 - exp(x)) for x <= 0 without cancellation (Maechler 2012). */
export function log1mexp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** log(exp(a) + exp(b)). */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * log(Phi(b) - Phi(a)) for a <= b: the log probability mass of [a, b], computed in the tail nearer
 * to the interval so that intervals far out (a = 30, b = 31) keep full relative precision.
 */
export function logGaussMass(a: number, b: number): number {
  if (!(a < b)) return -Infinity;
  if (b <= 0) {
    const lb = logNormCdf(b);
    return lb + log1mexp(logNormCdf(a) - lb);
  }
  if (a > 0) return logGaussMass(-b, -a);
  // Central: the two halves (erf is relatively exact near 0) while the mass is small, else
  // 1 - Phi(a) - Phi(-b) with both small terms exact.
  const mass = 0.5 * (erf(b * SQRT1_2) + erf(-a * SQRT1_2));
  if (mass < 0.5) return Math.log(mass);
  return Math.log1p(-normCdf(a) - normCdf(-b));
}

const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239,
] as const;
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783,
] as const;
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;

function hornerDesc(c: readonly number[], x: number): number {
  let r = 0;
  for (const v of c) r = r * x + v;
  return r;
}

function acklam(p: number): number {
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return hornerDesc(ACKLAM_C, q) / (hornerDesc(ACKLAM_D, q) * q + 1);
  }
  if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    return (hornerDesc(ACKLAM_A, r) * q) / (hornerDesc(ACKLAM_B, r) * r + 1);
  }
  const q = Math.sqrt(-2 * Math.log1p(-p));
  return -hornerDesc(ACKLAM_C, q) / (hornerDesc(ACKLAM_D, q) * q + 1);
}

/** Inverse standard normal CDF: Phi(normPpf(p)) = p; -Infinity at 0, Infinity at 1. */
export function normPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normPpf(1 - p);
  // Below ~1e-290 the density in the Halley step goes subnormal: refine in log space instead.
  if (p < 1e-290) return normPpfFromLog(Math.log(p));
  let x = acklam(p);
  // One Halley step on Phi(x) - p; the left-tail residual is computed relative to p.
  const e = normCdf(x) - p;
  const u = e / normPdf(x);
  x -= u / (1 + 0.5 * x * u);
  return x;
}

/**
 * Inverse of {@link logNormCdf}: the z with log Phi(z) = logP (logP <= 0). Works where exp(logP)
 * underflows, which truncated-normal sampling needs for intervals deep in a tail.
 */
export function normPpfFromLog(logP: number): number {
  if (Number.isNaN(logP) || logP > 0) return NaN;
  if (logP === 0) return Infinity;
  if (logP === -Infinity) return -Infinity;
  if (logP > -Math.LN2) return -normPpf(-Math.expm1(logP));
  if (logP > -660) return normPpf(Math.exp(logP));
  // Asymptotic start (log Phi(z) ~ -z^2/2 - log(-z) - log sqrt(2 pi)), then Newton on log Phi.
  const t = -2 * logP;
  let z = -Math.sqrt(t - Math.log(t) - Math.log(2 * Math.PI));
  for (let i = 0; i < 50; i++) {
    const f = logNormCdf(z) - logP;
    // d/dz log Phi(z) = phi(z) / Phi(z) = 1 / cdfOverPdf(z).
    const step = f * cdfOverPdf(z);
    z -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(z)) break;
  }
  return z;
}
