import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logEi, standardLogEi, standardLogEiGrad } from './log-ei.js';
import { normCdf, normPdf } from './normal.js';

// log h(z) = log(z Phi(z) + phi(z)) and its derivative from mpmath at 60 digits
// (test/fixtures/make_normal_reference.py).
const ref = JSON.parse(readFileSync(new URL('../../test/fixtures/normal-reference.json', import.meta.url), 'utf8')) as Record<
  string,
  number[][]
>;

describe('standardLogEi', () => {
  it('matches mpmath to 1e-12 relative from z = -1e6 (EI ~ exp(-5e11)) to z = 30', () => {
    for (const [z, want, wantGrad] of ref.standardLogEi as [number, number, number][]) {
      expect(Math.abs(standardLogEi(z) - want) / Math.max(1, Math.abs(want)), `log h(${z})`).toBeLessThan(1e-12);
      expect(Math.abs(standardLogEiGrad(z) - wantGrad) / Math.abs(wantGrad), `d log h(${z})`).toBeLessThan(1e-9);
    }
  });

  it('is continuous across its regime switches at z = -1 and z = -5 (tolerance 1e-12 relative)', () => {
    for (const z0 of [-1, -5]) {
      const a = standardLogEi(z0 * (1 - 1e-15));
      const b = standardLogEi(z0 * (1 + 1e-15));
      expect(Math.abs(a - b) / Math.abs(a)).toBeLessThan(1e-12);
    }
  });

  it('gives log EI = log(sigma h(z)) on ordinary inputs (tolerance 1e-14 absolute)', () => {
    const mean = 0.3;
    const variance = 0.25;
    const best = 0.5;
    const z = (mean - best) / 0.5;
    expect(Math.abs(logEi(mean, variance, best) - Math.log(0.5 * (z * normCdf(z) + normPdf(z))))).toBeLessThan(1e-14);
  });
});
