import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';

describe('createRng', () => {
  it('repeats a stream for the same seed and label, and separates labels and seeds', () => {
    const take = (seed: number, stream?: string): number[] => {
      const rng = createRng(seed, stream);
      return Array.from({ length: 5 }, () => rng.nextUint32());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42, 'validation')).not.toEqual(take(42));
    expect(take(43)).not.toEqual(take(42));
    expect(take(2 ** 32)).not.toEqual(take(0));
  });

  it('keeps nextInt in range and nextFloat in [0, 1)', () => {
    const rng = createRng(7);
    const ints = Array.from({ length: 10_000 }, () => rng.nextInt(7));
    const floats = Array.from({ length: 10_000 }, () => rng.nextFloat());
    expect(ints.every((k) => Number.isInteger(k) && k >= 0 && k < 7)).toBe(true);
    expect(new Set(ints).size).toBe(7);
    expect(floats.every((f) => f >= 0 && f < 1)).toBe(true);
  });

  it('is close to uniform over 10 buckets (chi-square, 99.9% bound)', () => {
    const rng = createRng(2024);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const k = rng.nextInt(10);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(27.9); // chi-square, 9 degrees of freedom, p = 0.001
  });
});
