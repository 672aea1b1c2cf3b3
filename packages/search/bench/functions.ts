/** Test functions of the sampling-quality benchmark (minimisation), as in Optuna's anchor script. */

/** Branin on x1 in [-5, 10], x2 in [0, 15]; global minimum 0.397887. */
export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const H6A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];
const H6C = [1.0, 1.2, 3.0, 3.2];

/** Hartmann-6 on [0, 1]^6; global minimum -3.32237. */
export function hartmann6(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += H6A[i]![j]! * (x[j]! - H6P[i]![j]! * 1e-4) ** 2;
    s -= H6C[i]! * Math.exp(-inner);
  }
  return s;
}

const SPHERE_SHIFT = [1.5, -2.5, 0.5, 3.0, -1.0];

/** Shifted sphere on [-5, 5]^5: sum of (x_i - c_i)^2 with c = (1.5, -2.5, 0.5, 3, -1); minimum 0. */
export function shiftedSphere(x: readonly number[]): number {
  return x.reduce((s, v, i) => s + (v - SPHERE_SHIFT[i]!) ** 2, 0);
}

/** Rosenbrock on [-5, 10]^d; minimum 0 at (1, ..., 1). */
export function rosenbrock(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
  return s;
}

/** Styblinski-Tang on [-5, 5]^d; minimum -39.16617 d at x_i = -2.903534. */
export function styblinskiTang(x: readonly number[]): number {
  return 0.5 * x.reduce((s, v) => s + v ** 4 - 16 * v ** 2 + 5 * v, 0);
}
