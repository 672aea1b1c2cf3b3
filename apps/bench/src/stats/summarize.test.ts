import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from './student-t.js';
import { formatSummary, summarize } from './summarize.js';

describe('Student t', () => {
  // Reference values: scipy.stats.t.ppf(0.975, df) (SciPy).
  it.each([
    [1, 12.706204736174694],
    [2, 4.302652729749462],
    [4, 2.7764451051977934],
    [9, 2.262157162798205],
    [30, 2.0422724563012378],
    [1000, 1.9623390808264083],
  ])('0.975 quantile at df=%i matches SciPy to 1e-9', (df, expected) => {
    expect(Math.abs(studentTQuantile(0.975, df) - expected)).toBeLessThan(1e-9);
  });

  it('has a symmetric CDF with P(T <= 0) = 1/2 (tolerance 1e-12)', () => {
    for (const df of [1, 3, 7.5]) {
      expect(Math.abs(studentTCdf(0, df) - 0.5)).toBeLessThan(1e-12);
      expect(Math.abs(studentTCdf(1.3, df) + studentTCdf(-1.3, df) - 1)).toBeLessThan(1e-12);
    }
  });
});

describe('summarize', () => {
  it('gives mean, sample sd and the t half-width (tolerance 1e-12)', () => {
    const s = summarize([0.8, 0.82, 0.84]);
    expect(s.n).toBe(3);
    expect(Math.abs(s.mean - 0.82)).toBeLessThan(1e-12);
    expect(Math.abs(s.sd - 0.02)).toBeLessThan(1e-12);
    expect(Math.abs(s.halfWidth - (4.302652729749462 * 0.02) / Math.sqrt(3))).toBeLessThan(1e-12);
    expect(formatSummary(s)).toBe('82.0 ± 5.0');
  });

  it('leaves failed (non-finite) runs out and says n/a when nothing is left', () => {
    expect(summarize([0.5, Number.NaN]).n).toBe(1);
    expect(formatSummary(summarize([0.5]))).toBe('50.0');
    expect(formatSummary(summarize([Number.NaN]))).toBe('n/a');
  });
});
