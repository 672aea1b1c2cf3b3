/**
 * The Matern 5/2 correlation as a function of the squared scaled distance r2 = sum_d (dx_d / l_d)^2:
 * k(r2) = (1 + sqrt(5 r2) + 5/3 r2) exp(-sqrt(5 r2)) (Rasmussen & Williams, "Gaussian Processes for
 * Machine Learning", 2006, eq. 4.17). Parameterised by r2 as in Optuna's `_gp/gp.py`, because the
 * derivative with respect to r2, -5/6 (1 + sqrt(5 r2)) exp(-sqrt(5 r2)), is finite at r2 = 0 where the
 * derivative with respect to r is not.
 */

/** k(r2) for r2 >= 0. */
export function matern52(r2: number): number {
  const s = Math.sqrt(5 * r2);
  return (1 + s + (5 / 3) * r2) * Math.exp(-s);
}

/** dk/d(r2) for r2 >= 0. */
export function matern52Grad(r2: number): number {
  const s = Math.sqrt(5 * r2);
  return (-5 / 6) * (1 + s) * Math.exp(-s);
}
