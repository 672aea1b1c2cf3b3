import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { flat } from './generators.js';
import { LrDistribution } from './lr-distribution.js';
import { paperCombined } from './paper-combined.js';
import { scale, shape, withScale } from './scale.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const d = new LrDistribution([
  { name: 'embeddings', depth: 0, lr: 1e-6 },
  { name: 'layer_0', depth: 0.5, lr: 1e-5, band: { gsd: 1.5 } },
  { name: 'head', depth: 1, lr: 1e-4 },
]);

describe('scale / shape / withScale', () => {
  it('scale is the geometric mean (by hand: (1e-6 * 1e-5 * 1e-4)^(1/3) = 1e-5; tolerance 1e-12 relative)', () => {
    expect(rel(scale(d), 1e-5)).toBeLessThan(1e-12);
  });

  it('shape has scale 1 and multipliers 0.1, 1, 10 (tolerance 1e-12 relative)', () => {
    const s = shape(d);
    expect(rel(scale(s), 1)).toBeLessThan(1e-12);
    [0.1, 1, 10].forEach((m, i) => expect(rel(s.lrs[i] as number, m)).toBeLessThan(1e-12));
    expect(s.group('layer_0')?.band?.gsd).toBe(1.5);
  });

  it('withScale(shape(d), scale(d)) gives d back (tolerance 1e-12 relative)', () => {
    for (const x of [d, paperCombined()]) {
      const back = withScale(shape(x), scale(x));
      back.lrs.forEach((lr, i) => expect(rel(lr, x.lrs[i] as number)).toBeLessThan(1e-12));
      expect(back.names).toEqual(x.names);
    }
  });

  it('flat-matched is flat(scale(d)) on the same groups', () => {
    const p = paperCombined();
    const matched = flat(scale(p), p.specs);
    expect(rel(scale(matched), scale(p))).toBeLessThan(1e-12);
    expect(new Set(matched.lrs).size).toBe(1);
  });

  it('rejects a bad scale', () => {
    expect(() => withScale(d, -1)).toThrow(InvalidOptionError);
  });
});
