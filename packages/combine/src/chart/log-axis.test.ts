import { describe, expect, it } from 'vitest';
import { logDomain, logTicks } from './log-axis.js';

describe('log axis', () => {
  it('pads the data range and keeps a minimum span', () => {
    const [a, b] = logDomain(1e-6, 1e-4);
    expect(a).toBeLessThan(-6);
    expect(b).toBeGreaterThan(-4);
    const [c, d] = logDomain(2e-5, 2e-5);
    expect(d - c).toBeGreaterThanOrEqual(0.6);
  });

  it('puts a major tick on every decade inside, minors on the multiples', () => {
    const ticks = logTicks(-6.2, -3.9);
    expect(ticks.filter((t) => t.major).map((t) => t.exponent)).toEqual([-6, -5, -4]);
    expect(ticks.filter((t) => t.major).every((t) => t.mantissa === 1)).toBe(true);
    // 10^-6.2 = 6.3e-7 .. 10^-3.9 = 1.26e-4: minors 7e-7..9e-7 (3), 2e-6..9e-6 (8), 2e-5..9e-5 (8).
    expect(ticks.filter((t) => !t.major).length).toBe(3 + 8 + 8);
  });

  it('labels 2x and 5x when fewer than three decades show', () => {
    // 10^-5.9 = 1.26e-6 .. 10^-4.2 = 6.3e-5 holds one decade tick (1e-5).
    const majors = logTicks(-5.9, -4.2).filter((t) => t.major);
    expect(majors.map((t) => `${t.mantissa}e${t.exponent}`)).toEqual(['2e-6', '5e-6', '1e-5', '2e-5', '5e-5']);
  });
});
