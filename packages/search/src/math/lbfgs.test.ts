import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './lbfgs.js';

function rosenbrock(x: Float64Array, g: Float64Array): number {
  let f = 0;
  g.fill(0);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    f += 100 * a * a + b * b;
    g[i]! += -400 * x[i]! * a - 2 * b;
    g[i + 1]! += 200 * a;
  }
  return f;
}

describe('minimizeLbfgs', () => {
  it('finds the 2-D Rosenbrock minimum (1, 1) from (-1.2, 1) (tolerance 1e-5)', () => {
    const r = minimizeLbfgs(rosenbrock, [-1.2, 1], { pgtol: 1e-10, ftol: 0, maxIterations: 500 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0]! - 1)).toBeLessThan(1e-5);
    expect(Math.abs(r.x[1]! - 1)).toBeLessThan(1e-5);
    expect(r.iterations).toBeLessThan(200);
  });

  it('finds the 10-D Rosenbrock minimum from x_i = -1 (tolerance 1e-4)', () => {
    const r = minimizeLbfgs(rosenbrock, new Array(10).fill(-1), { pgtol: 1e-9, ftol: 0, maxIterations: 2000 });
    r.x.forEach((v) => expect(Math.abs(v - 1)).toBeLessThan(1e-4));
  });

  it('respects bounds: min (x - 2)^2 + (y + 1)^2 on [0, 1] x [-0.5, 3] is at (1, -0.5) (tolerance 1e-8)', () => {
    const r = minimizeLbfgs(
      (x, g) => {
        g[0] = 2 * (x[0]! - 2);
        g[1] = 2 * (x[1]! + 1);
        return (x[0]! - 2) ** 2 + (x[1]! + 1) ** 2;
      },
      [0.5, 2],
      { lower: Float64Array.from([0, -0.5]), upper: Float64Array.from([1, 3]) },
    );
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0]! - 1)).toBeLessThan(1e-8);
    expect(Math.abs(r.x[1]! + 0.5)).toBeLessThan(1e-8);
  });

  it('stops without throwing when f is not finite at the start', () => {
    const r = minimizeLbfgs(
      (_x, g) => {
        g.fill(0);
        return NaN;
      },
      [1],
    );
    expect(r.converged).toBe(false);
  });
});
