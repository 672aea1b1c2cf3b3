/**
 * Dense symmetric positive-definite linear algebra on row-major Float64Arrays: Cholesky factorisation
 * (Golub & Van Loan, "Matrix Computations", 4th ed., algorithm 4.2.1, the row-oriented "Cholesky-
 * Banachiewicz" order, which walks memory contiguously in row-major storage), triangular solves and the
 * inverse from the factor. Small and allocation-light, for Gaussian-process sizes (n up to a few
 * thousand).
 */

/** sum_{t < len} a[ai + t] * b[bi + t], four accumulators (about 1.7x faster than one in V8). */
function dot(a: Float64Array, ai: number, b: Float64Array, bi: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    s0 += a[ai + t]! * b[bi + t]!;
    s1 += a[ai + t + 1]! * b[bi + t + 1]!;
    s2 += a[ai + t + 2]! * b[bi + t + 2]!;
    s3 += a[ai + t + 3]! * b[bi + t + 3]!;
  }
  for (; t < len; t++) s0 += a[ai + t]! * b[bi + t]!;
  return s0 + s1 + s2 + s3;
}

/**
 * Factorises the n x n SPD matrix `a` into L L^T, writing L into `out` (lower triangle; the upper
 * triangle is zeroed). Returns false when a pivot is not positive (matrix not numerically SPD).
 */
export function cholesky(a: Float64Array, n: number, out: Float64Array = new Float64Array(n * n)): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      const sum = a[ri + j]! - dot(out, ri, out, rj, j);
      if (i === j) {
        if (!(sum > 0)) return false;
        out[ri + i] = Math.sqrt(sum);
      } else {
        out[ri + j] = sum / out[rj + j]!;
      }
    }
    for (let j = i + 1; j < n; j++) out[ri + j] = 0;
  }
  return true;
}

/** Solves L x = b for lower-triangular L (forward substitution); writes into `out`. */
export function solveLower(l: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[ri + k]! * out[k]!;
    out[i] = sum / l[ri + i]!;
  }
  return out;
}

/** Solves L^T x = b for lower-triangular L (back substitution); writes into `out`. */
export function solveLowerTransposed(
  l: Float64Array,
  n: number,
  b: ArrayLike<number>,
  out: Float64Array = new Float64Array(n),
): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * out[k]!;
    out[i] = sum / l[i * n + i]!;
  }
  return out;
}

/** Solves (L L^T) x = b given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  return solveLowerTransposed(l, n, solveLower(l, n, b));
}

/** log det(L L^T) = 2 sum log L_ii. */
export function choleskyLogDet(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]!);
  return 2 * s;
}

/**
 * inv(L)^T for lower-triangular L (upper triangular, row-major), about n^3 / 6 multiply-adds: row j
 * is column j of inv(L), the forward substitution L m = e_j, so every inner loop is a contiguous dot.
 */
export function invertLowerTransposed(l: Float64Array, n: number, out: Float64Array = new Float64Array(n * n)): Float64Array {
  out.fill(0);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    out[rj + j] = 1 / l[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      // m_i = -(sum_{k=j}^{i-1} L_ik m_k) / L_ii with m_k = out[j][k].
      out[rj + i] = -dot(l, i * n + j, out, rj + j, i - j) / l[i * n + i]!;
    }
  }
  return out;
}

/** inv(L) for lower-triangular L (lower triangular, row-major). */
export function invertLower(l: Float64Array, n: number, out: Float64Array = new Float64Array(n * n)): Float64Array {
  const t = invertLowerTransposed(l, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = t[j * n + i]!;
  return out;
}

/** The full (symmetric) inverse of L L^T from the factor L: inv(L)^T inv(L), about n^3 / 3 multiply-adds. */
export function choleskyInverse(l: Float64Array, n: number, out: Float64Array = new Float64Array(n * n)): Float64Array {
  return inverseFromTransposedFactorInverse(invertLowerTransposed(l, n), n, out);
}

/**
 * inv(L L^T) given T = inv(L)^T (upper triangular): entry (i, j) is the dot of rows i and j of T from
 * column max(i, j) on, contiguous in memory.
 */
export function inverseFromTransposedFactorInverse(t: Float64Array, n: number, out: Float64Array = new Float64Array(n * n)): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const v = dot(t, ri + i, t, j * n + i, n - i);
      out[ri + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}
