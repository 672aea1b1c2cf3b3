import { describe, expect, it } from 'vitest';
import { geometricMean, logStats } from './log-stats.js';

describe('logStats', () => {
  it('computes the weighted geometric mean and GSD (hand-checked, tolerance 1e-12)', () => {
    // ln-space: values e^0, e^2 with weights 1, 3: mean (0 + 6) / 4 = 1.5; variance (1 x 2.25 + 3 x 0.25) / 4 = 0.75.
    const { geometricMean: g, gsd } = logStats([1, Math.exp(2)], [1, 3]);
    expect(Math.abs(Math.log(g) - 1.5)).toBeLessThan(1e-12);
    expect(Math.abs(Math.log(gsd) - Math.sqrt(0.75))).toBeLessThan(1e-12);
  });

  it('returns equal values unchanged with gsd 1, and skips zero weights', () => {
    expect(logStats([3.3e-6, 3.3e-6, 3.3e-6])).toEqual({ geometricMean: 3.3e-6, gsd: 1 });
    expect(logStats([3.3e-6, 5, 3.3e-6], [1, 0, 2])).toEqual({ geometricMean: 3.3e-6, gsd: 1 });
    expect(Math.abs(geometricMean([1e-6, 1e-4]) / 1e-5 - 1)).toBeLessThan(1e-12);
  });
});
