import { describe, expect, it } from 'vitest';
import { cholesky, choleskyInverse, choleskyLogDet, choleskySolve, invertLower, solveLower, solveLowerTransposed } from './linalg.js';
import { createRng } from './rng.js';

// The textbook case: [[4, 12, -16], [12, 37, -43], [-16, -43, 98]] = L L^T with L = [[2,0,0],[6,1,0],[-8,5,3]].
const A = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
const L = [2, 0, 0, 6, 1, 0, -8, 5, 3];

function randomSpd(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const b = Float64Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += b[i * n + k]! * b[j * n + k]!;
      a[i * n + j] = s;
    }
  }
  return a;
}

describe('cholesky', () => {
  it('factorises the hand case exactly (tolerance 1e-15)', () => {
    const out = new Float64Array(9);
    expect(cholesky(A, 3, out)).toBe(true);
    out.forEach((v, i) => expect(Math.abs(v - L[i]!)).toBeLessThan(1e-15));
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
    expect(cholesky(Float64Array.from([0, 0, 0, 1]), 2)).toBe(false);
  });

  it('reconstructs a random 40 x 40 SPD matrix (tolerance 1e-10 relative to the diagonal)', () => {
    const n = 40;
    const a = randomSpd(n, 3);
    const l = new Float64Array(n * n);
    expect(cholesky(a, n, l)).toBe(true);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += l[i * n + k]! * l[j * n + k]!;
        expect(Math.abs(s - a[i * n + j]!)).toBeLessThan(1e-10 * a[i * n + i]!);
      }
    }
  });
});

describe('triangular solves, inverse and log-determinant', () => {
  const l = Float64Array.from(L);

  it('solve the hand case: L x = b and L^T x = b (tolerance 1e-14)', () => {
    // L [1, 2, 3] = [2, 8, 11]; L^T [1, 2, 3] = [2 + 12 - 24, 2 + 15, 9] = [-10, 17, 9].
    solveLower(l, 3, [2, 8, 11]).forEach((v, i) => expect(Math.abs(v - [1, 2, 3][i]!)).toBeLessThan(1e-14));
    solveLowerTransposed(l, 3, [-10, 17, 9]).forEach((v, i) => expect(Math.abs(v - [1, 2, 3][i]!)).toBeLessThan(1e-14));
  });

  it('solve A x = b through the factor (tolerance 1e-12)', () => {
    // A [1, 1, 1] = [0, 6, 39].
    choleskySolve(l, 3, [0, 6, 39]).forEach((v) => expect(Math.abs(v - 1)).toBeLessThan(1e-12));
  });

  it('log det A = log 36 (det L = 6; tolerance 1e-14)', () => {
    expect(Math.abs(choleskyLogDet(l, 3) - Math.log(36))).toBeLessThan(1e-14);
  });

  it('invert L and A: L inv(L) = I and A inv(A) = I (tolerance 1e-10) on a random 30 x 30 matrix', () => {
    const n = 30;
    const a = randomSpd(n, 4);
    const f = new Float64Array(n * n);
    cholesky(a, n, f);
    const m = invertLower(f, n);
    const inv = choleskyInverse(f, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s1 = 0;
        let s2 = 0;
        for (let k = 0; k < n; k++) {
          s1 += f[i * n + k]! * m[k * n + j]!;
          s2 += a[i * n + k]! * inv[k * n + j]!;
        }
        expect(Math.abs(s1 - (i === j ? 1 : 0))).toBeLessThan(1e-10);
        expect(Math.abs(s2 - (i === j ? 1 : 0))).toBeLessThan(1e-10);
      }
    }
  });
});
