import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { erf, erfc, erfcx, logGaussMass, logNormCdf, normCdf, normPpf, normPpfFromLog } from './normal.js';

// Ground truth from mpmath at 60 digits (and SciPy's ndtri_exp for normPpfFromLog), written by
// test/fixtures/make_normal_reference.py.
const ref = JSON.parse(readFileSync(new URL('../../test/fixtures/normal-reference.json', import.meta.url), 'utf8')) as Record<
  string,
  number[][]
>;

function relErr(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('erfc', () => {
  it('matches mpmath to 1e-14 relative from -3 to 26, where it is about 6e-296', () => {
    for (const [x, want] of ref.erfc as [number, number][]) expect(relErr(erfc(x), want), `erfc(${x})`).toBeLessThan(1e-14);
  });

  it('agrees with 1 - erf and with erfcx exp(-x^2) (tolerance 1e-15 absolute / 1e-13 relative)', () => {
    for (const x of [-2, -0.7, 0, 0.3, 1, 1.3, 3]) expect(Math.abs(erfc(x) - (1 - erf(x)))).toBeLessThan(1e-15);
    for (const x of [0, 0.5, 1.3, 2, 4, 8]) expect(relErr(erfcx(x) * Math.exp(-x * x), erfc(x))).toBeLessThan(1e-13);
  });

  it('gives erfcx ~ 1 / (x sqrt(pi)) far out, where erfc underflows (tolerance 1e-12 relative)', () => {
    const x = 1e5;
    expect(relErr(erfcx(x), (1 / (x * Math.sqrt(Math.PI))) * (1 - 1 / (2 * x * x)))).toBeLessThan(1e-12);
  });
});

describe('logNormCdf', () => {
  it('matches mpmath to 1e-13 relative, down to z = -1e150 and up to z = 40', () => {
    for (const [z, want] of ref.logNormCdf as [number, number][]) {
      const got = logNormCdf(z);
      if (want === 0) expect(Math.abs(got)).toBe(0);
      else expect(relErr(got, want), `logNormCdf(${z})`).toBeLessThan(1e-13);
    }
  });

  it('is log of normCdf where that does not underflow (tolerance 1e-14 absolute)', () => {
    for (const z of [-8, -3, -0.5, 0, 2, 6]) expect(Math.abs(logNormCdf(z) - Math.log(normCdf(z)))).toBeLessThan(1e-14);
  });
});

describe('normPpf and normPpfFromLog', () => {
  it('invert the CDF to 1e-13 relative against mpmath, from p = 1e-300 to 1 - 1e-10', () => {
    for (const [p, want] of ref.normPpf as [number, number][]) {
      const got = normPpf(p);
      if (want === 0) expect(Math.abs(got)).toBeLessThan(1e-15);
      else expect(relErr(got, want), `normPpf(${p})`).toBeLessThan(1e-13);
    }
    expect(normPpf(0)).toBe(-Infinity);
    expect(normPpf(1)).toBe(Infinity);
  });

  it('invert log Phi to 1e-12 relative against SciPy ndtri_exp, down to log p = -1e4', () => {
    for (const [lp, want] of ref.normPpfFromLog as [number, number][]) {
      expect(relErr(normPpfFromLog(lp), want), `normPpfFromLog(${lp})`).toBeLessThan(1e-12);
    }
  });

  it('round-trips Phi(normPpf(p)) = p over 12 orders of magnitude (tolerance 1e-13 relative)', () => {
    for (let e = -12; e <= 0; e++) {
      const p = 0.37 * 10 ** e;
      expect(relErr(normCdf(normPpf(p)), p)).toBeLessThan(1e-13);
    }
  });
});

describe('logGaussMass', () => {
  it('matches mpmath to 1e-12 relative for central, tiny and far-tail intervals', () => {
    for (const [a, b, want] of ref.logGaussMass as [number, number, number][]) {
      expect(relErr(logGaussMass(a, b), want), `logGaussMass(${a}, ${b})`).toBeLessThan(1e-12);
    }
  });

  it('is -Infinity for an empty interval', () => {
    expect(logGaussMass(1, 1)).toBe(-Infinity);
    expect(logGaussMass(2, 1)).toBe(-Infinity);
  });
});
