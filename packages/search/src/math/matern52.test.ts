import { describe, expect, it } from 'vitest';
import { matern52, matern52Grad } from './matern52.js';

describe('matern52', () => {
  it('is 1 at distance 0 and matches the closed form at r = 1 (tolerance 1e-15)', () => {
    expect(matern52(0)).toBe(1);
    const s5 = Math.sqrt(5);
    expect(Math.abs(matern52(1) - (1 + s5 + 5 / 3) * Math.exp(-s5))).toBeLessThan(1e-15);
  });

  it('has the derivative of central finite differences, step 1e-6 (tolerance 1e-8 absolute)', () => {
    for (const r2 of [1e-3, 0.01, 0.3, 1, 2.5, 10]) {
      const h = 1e-6;
      const fd = (matern52(r2 + h) - matern52(r2 - h)) / (2 * h);
      expect(Math.abs(matern52Grad(r2) - fd)).toBeLessThan(1e-8);
    }
    // The one-sided limit at 0: -5/6.
    expect(matern52Grad(0)).toBeCloseTo(-5 / 6, 15);
  });
});
