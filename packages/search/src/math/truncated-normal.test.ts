import { describe, expect, it } from 'vitest';
import { logGaussMass, normCdf } from './normal.js';
import { truncatedNormalLogPdf, truncatedNormalPpf } from './truncated-normal.js';

describe('truncatedNormalPpf', () => {
  it('inverts the truncated CDF: (Phi(x) - Phi(a)) / (Phi(b) - Phi(a)) = u (tolerance 1e-12)', () => {
    for (const [a, b] of [
      [-1, 2],
      [-3, -0.5],
      [0.2, 4],
    ] as const) {
      for (const u of [1e-6, 0.1, 0.5, 0.9, 1 - 1e-9]) {
        const x = truncatedNormalPpf(u, a, b);
        expect(Math.abs((normCdf(x) - normCdf(a)) / (normCdf(b) - normCdf(a)) - u)).toBeLessThan(1e-12);
      }
    }
  });

  it('stays inside [a, b] and ordered deep in a tail (a = 30, b = 31; a = -60, b = -59.9)', () => {
    for (const [a, b] of [
      [30, 31],
      [-60, -59.9],
    ] as const) {
      let last = -Infinity;
      for (const u of [1e-12, 0.25, 0.5, 0.75, 1 - 1e-12]) {
        const x = truncatedNormalPpf(u, a, b);
        expect(x >= a && x <= b).toBe(true);
        expect(x).toBeGreaterThan(last);
        last = x;
      }
    }
  });
});

describe('truncatedNormalLogPdf', () => {
  it('integrates to 1 over [a, b] (Simpson, 2000 panels, tolerance 1e-8) and is -Infinity outside', () => {
    for (const [a, b] of [
      [-1, 2],
      [2, 5],
      [-0.1, 0.1],
    ] as const) {
      const n = 2000;
      const h = (b - a) / n;
      let s = 0;
      for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp(truncatedNormalLogPdf(a + i * h, a, b));
      expect(Math.abs((s * h) / 3 - 1)).toBeLessThan(1e-8);
    }
    expect(truncatedNormalLogPdf(3, -1, 2)).toBe(-Infinity);
    expect(Number.isFinite(logGaussMass(30, 31))).toBe(true);
  });
});
