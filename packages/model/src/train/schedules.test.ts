import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../errors.js';
import { lrFactor, validateSchedule } from './schedules.js';

describe('LR schedules (Hugging Face formulas)', () => {
  it('constant is 1', () => {
    expect([0, 5, 1000].map((s) => lrFactor({ kind: 'constant' }, s))).toEqual([1, 1, 1]);
  });

  it('linear warms up from 0 then decays to 0', () => {
    const s = { kind: 'linear', warmupSteps: 4, totalSteps: 12 } as const;
    expect([0, 2, 4, 8, 12, 20].map((k) => lrFactor(s, k))).toEqual([0, 0.5, 1, 0.5, 0, 0]);
  });

  it('cosine warms up then follows half a cosine (tolerance 1e-12)', () => {
    const s = { kind: 'cosine', warmupSteps: 2, totalSteps: 10 } as const;
    expect(lrFactor(s, 1)).toBe(0.5);
    expect(lrFactor(s, 2)).toBe(1);
    expect(Math.abs(lrFactor(s, 6) - 0.5)).toBeLessThan(1e-12);
    expect(lrFactor(s, 10)).toBeLessThan(1e-12);
  });

  it('rejects warm-up beyond the total', () => {
    expect(() => validateSchedule({ kind: 'linear', warmupSteps: 5, totalSteps: 4 })).toThrow(InvalidOptionsError);
  });
});
