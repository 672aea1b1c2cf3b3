/**
 * Limited-memory BFGS with optional box constraints: the two-loop recursion of Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., algorithm 7.4, restricted to the variables not held at a bound,
 * with a backtracking Armijo search along the projected path x(t) = P(x + t d) (the projected
 * L-BFGS simplification of Byrd, Lu, Nocedal & Zhu's L-BFGS-B, SIAM J. Sci. Comput. 1995: no Cauchy
 * point, which is fine for the smooth, low-dimensional problems here). Stops, as SciPy's L-BFGS-B does,
 * on the infinity norm of the projected gradient (`pgtol`) or a small relative decrease (`ftol`).
 */

/** Evaluates f at x and writes its gradient into `grad`. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Lower bounds (-Infinity for none). Default: unbounded. */
  readonly lower?: Float64Array;
  /** Upper bounds (Infinity for none). Default: unbounded. */
  readonly upper?: Float64Array;
  /** Number of correction pairs kept. Default 10 (SciPy's default). */
  readonly memory?: number;
  /** Iteration limit. Default 200. */
  readonly maxIterations?: number;
  /** Stop when the projected gradient's infinity norm is at most this. Default 1e-5 (SciPy). */
  readonly pgtol?: number;
  /** Stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol. Default 2.2e-9 (SciPy's factr 1e7). */
  readonly ftol?: number;
}

/** Outcome of {@link minimizeLbfgs}: the best point seen and why it stopped. */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** True when a tolerance was met (false: iteration limit, failed line search or non-finite f). */
  readonly converged: boolean;
}

/** Minimises `fn` from `x0` (which is first projected into the box). */
export function minimizeLbfgs(fn: ObjectiveWithGradient, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const n = x0.length;
  const lower = options.lower;
  const upper = options.upper;
  const m = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 200;
  const pgtol = options.pgtol ?? 1e-5;
  const ftol = options.ftol ?? 2.2e-9;

  const clampInto = (v: Float64Array): void => {
    if (!lower && !upper) return;
    for (let i = 0; i < n; i++) {
      if (lower && v[i]! < lower[i]!) v[i] = lower[i]!;
      if (upper && v[i]! > upper[i]!) v[i] = upper[i]!;
    }
  };
  const x = Float64Array.from(x0);
  clampInto(x);
  const g = new Float64Array(n);
  let f = fn(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f) || g.some((v) => !Number.isFinite(v))) {
    return { x, f, iterations: 0, evaluations, converged: false };
  }

  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  const free = new Uint8Array(n);
  const xt = new Float64Array(n);
  const gt = new Float64Array(n);

  const projectedGradientNorm = (): number => {
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let v = x[i]! - g[i]!;
      if (lower && v < lower[i]!) v = lower[i]!;
      if (upper && v > upper[i]!) v = upper[i]!;
      norm = Math.max(norm, Math.abs(v - x[i]!));
    }
    return norm;
  };

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    if (projectedGradientNorm() <= pgtol) {
      converged = true;
      break;
    }
    for (let i = 0; i < n; i++) {
      const atLow = lower !== undefined && x[i]! <= lower[i]! && g[i]! > 0;
      const atHigh = upper !== undefined && x[i]! >= upper[i]! && g[i]! < 0;
      free[i] = atLow || atHigh ? 0 : 1;
    }
    // Two-loop recursion on the free variables.
    for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i]! : 0;
    const k = sList.length;
    for (let j = k - 1; j >= 0; j--) {
      const s = sList[j]!;
      const y = yList[j]!;
      let a = 0;
      for (let i = 0; i < n; i++) if (free[i]) a += s[i]! * d[i]!;
      a *= rhoList[j]!;
      alpha[j] = a;
      for (let i = 0; i < n; i++) if (free[i]) d[i]! -= a * y[i]!;
    }
    if (k > 0) {
      const s = sList[k - 1]!;
      const y = yList[k - 1]!;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += s[i]! * y[i]!;
        yy += y[i]! * y[i]!;
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    }
    for (let j = 0; j < k; j++) {
      const s = sList[j]!;
      const y = yList[j]!;
      let b = 0;
      for (let i = 0; i < n; i++) if (free[i]) b += y[i]! * d[i]!;
      b *= rhoList[j]!;
      for (let i = 0; i < n; i++) if (free[i]) d[i]! += (alpha[j]! - b) * s[i]!;
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i]! * d[i]!;
    if (!(slope < 0)) {
      // Curvature information went stale: restart from steepest descent.
      sList.length = yList.length = rhoList.length = 0;
      slope = 0;
      for (let i = 0; i < n; i++) {
        d[i] = free[i] ? -g[i]! : 0;
        slope -= d[i]! * d[i]!;
      }
      if (!(slope < 0)) {
        converged = true;
        break;
      }
    }
    let t = 1;
    if (sList.length === 0) {
      let dn = 0;
      for (let i = 0; i < n; i++) dn += d[i]! * d[i]!;
      t = Math.min(1, 1 / Math.sqrt(dn));
    }
    let ft = NaN;
    let accepted = false;
    for (let tries = 0; tries < 40; tries++) {
      let decrease = 0;
      for (let i = 0; i < n; i++) xt[i] = x[i]! + t * d[i]!;
      clampInto(xt);
      for (let i = 0; i < n; i++) decrease += g[i]! * (xt[i]! - x[i]!);
      ft = fn(xt, gt);
      evaluations++;
      if (Number.isFinite(ft) && ft <= f + 1e-4 * decrease && gt.every(Number.isFinite)) {
        accepted = true;
        break;
      }
      t *= Number.isFinite(ft) ? 0.5 : 0.1;
    }
    iterations++;
    if (!accepted) {
      if (sList.length > 0) {
        sList.length = yList.length = rhoList.length = 0;
        continue;
      }
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xt[i]! - x[i]!;
      y[i] = gt[i]! - g[i]!;
      sy += s[i]! * y[i]!;
      yy += y[i]! * y[i]!;
    }
    if (sy > 1e-10 * yy && sy > 0) {
      if (sList.length === m) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
      sList.push(s);
      yList.push(y);
      rhoList.push(1 / sy);
    }
    const fOld = f;
    x.set(xt);
    g.set(gt);
    f = ft;
    if (fOld - f <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) {
      converged = true;
      break;
    }
  }
  return { x, f, iterations, evaluations, converged };
}
