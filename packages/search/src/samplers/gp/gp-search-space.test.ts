import { describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/distributions.js';
import { gpParamsOf, gridCoordinate, gridIndex, normalizeParam, unnormalizeParam } from './gp-search-space.js';

describe('GP search space', () => {
  const [lin, log, step, int, intLog, cat] = gpParamsOf({
    lin: floatDistribution(-2, 6),
    log: floatDistribution(1e-7, 1e-3, { log: true }),
    step: floatDistribution(0, 1, { step: 0.25 }),
    int: intDistribution(0, 9, { step: 3 }),
    intLog: intDistribution(1, 100, { log: true }),
    cat: categoricalDistribution(['a', 'b', 'c']),
  });

  it('classifies parameters and counts grid points', () => {
    expect([lin, log, step, int, intLog, cat].map((p) => [p!.kind, p!.size])).toEqual([
      ['continuous', 0],
      ['continuous', 0],
      ['discrete', 5],
      ['discrete', 4],
      ['discrete', 100],
      ['categorical', 3],
    ]);
  });

  it('maps log parameters through their logarithm: 1e-5 sits at the middle of [1e-7, 1e-3] (tolerance 1e-12)', () => {
    expect(normalizeParam(log!, 1e-5)).toBeCloseTo(0.5, 12);
    expect(unnormalizeParam(log!, 0.5)).toBeCloseTo(1e-5, 17);
  });

  it('gives every grid point an equal share of [0, 1] and snaps back onto the grid', () => {
    // int {0, 3, 6, 9} over [-1.5, 10.5]: centres at 1/8, 3/8, 5/8, 7/8.
    [0, 3, 6, 9].forEach((v, k) => expect(normalizeParam(int!, v)).toBeCloseTo((2 * k + 1) / 8, 12));
    expect(unnormalizeParam(int!, 0.3)).toBe(3);
    expect(unnormalizeParam(int!, 1)).toBe(9);
    expect(unnormalizeParam(step!, 0.55)).toBe(0.5);
    expect(gridIndex(intLog!, gridCoordinate(intLog!, 41))).toBe(41);
  });

  it('round-trips every kind (tolerance 1e-12 relative)', () => {
    for (const [p, v] of [
      [lin, 1.7],
      [log, 3e-6],
      [step, 0.75],
      [int, 6],
      [intLog, 37],
      [cat, 2],
    ] as const) {
      expect(Math.abs(unnormalizeParam(p!, normalizeParam(p!, v)) - v)).toBeLessThanOrEqual(1e-12 * Math.abs(v));
    }
  });
});
