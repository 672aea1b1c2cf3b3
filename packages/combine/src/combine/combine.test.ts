import { describe, expect, it } from 'vitest';
import { EmptyInputError, InvalidGroupsError, InvalidOptionError } from '../errors.js';
import { bertGroups } from '../groups/bert-groups.js';
import { flat, llrd } from '../distribution/generators.js';
import { LrDistribution } from '../distribution/lr-distribution.js';
import { paperCombined } from '../distribution/paper-combined.js';
import { resample } from '../transfer/resample.js';
import { combine } from './combine.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const two = (emb: number, head: number, pair: string, trials = 5): LrDistribution =>
  new LrDistribution(
    [
      { name: 'embeddings', depth: 0, lr: emb },
      { name: 'head', depth: 1, lr: head },
    ],
    { provenance: { model: 'mini', pairs: [pair], studies: [`study-${pair}`], trials } },
  );

describe('combine', () => {
  it('takes the geometric mean per group and the geometric SD as band (hand-checked, tolerance 1e-12 relative)', () => {
    // embeddings: sqrt(1e-6 * 1e-4) = 1e-5, log10 spread +-1 decade -> gsd 10.
    // head: sqrt(4e-5 * 1e-5) = 2e-5, log10 spread +-log10(2) -> gsd 2.
    const c = combine([two(1e-6, 4e-5, 'a->b'), two(1e-4, 1e-5, 'b->a')]);
    expect(rel(c.lr('embeddings'), 1e-5)).toBeLessThan(1e-12);
    expect(rel(c.lr('head'), 2e-5)).toBeLessThan(1e-12);
    expect(rel(c.group('embeddings')?.band?.gsd ?? 0, 10)).toBeLessThan(1e-12);
    expect(rel(c.group('head')?.band?.gsd ?? 0, 2)).toBeLessThan(1e-12);
    expect(c.provenance).toMatchObject({
      model: 'mini',
      pairs: ['a->b', 'b->a'],
      studies: ['study-a->b', 'study-b->a'],
      trials: 10,
      method: 'geometric-mean',
    });
  });

  it('weights the inputs (hand-checked: weights 3 and 1 give 10^((3 x -6 + 1 x -4) / 4) = 10^-5.5)', () => {
    const c = combine([two(1e-6, 1e-5, 'a->b'), two(1e-4, 1e-5, 'b->a')], { weights: [3, 1] });
    expect(Math.abs(Math.log10(c.lr('embeddings')) + 5.5)).toBeLessThan(1e-12);
    // Weighted SD of exponents -6, -4 around -5.5 with weights 3, 1: sqrt((3 x 0.25 + 2.25) / 4) = sqrt(0.75).
    expect(Math.abs(Math.log10(c.group('embeddings')?.band?.gsd ?? 0) - Math.sqrt(0.75))).toBeLessThan(1e-12);
    // A weight of 0 leaves an input out, provenance included.
    const only = combine([two(1e-6, 1e-5, 'a->b'), two(1e-4, 1e-5, 'b->a')], { weights: [0, 1] });
    expect(rel(only.lr('embeddings'), 1e-4)).toBeLessThan(1e-12);
    expect(only.provenance.pairs).toEqual(['b->a']);
  });

  it('of one distribution, or of copies, is that distribution exactly, with gsd 1 (tolerance 0)', () => {
    const p = paperCombined();
    for (const c of [combine([p]), combine([p, p, p])]) {
      expect(c.lrs).toEqual(p.lrs);
      expect(c.groups.map((g) => g.band?.gsd)).toEqual(p.groups.map(() => 1));
    }
  });

  it('resamples inputs of different depths onto the common grid', () => {
    // llrd on 12 layers and on 4 layers, combined on 4 layers: the 12-layer one is resampled first.
    const a = llrd(1e-4, 0.8, 12);
    const b = llrd(1e-4, 0.8, 4);
    const c = combine([b, a], { groups: 4 });
    const aOn4 = resample(a, 4);
    c.lrs.forEach((lr, i) => expect(rel(lr, Math.sqrt((b.lrs[i] as number) * (aOn4.lrs[i] as number)))).toBeLessThan(1e-12));
    expect(c.names).toEqual(bertGroups(4).map((g) => g.name));
    // Default grid: the first distribution's groups.
    expect(combine([paperCombined(), flat(2e-5)]).names).toEqual(paperCombined().names);
  });

  it('throws typed errors', () => {
    expect(() => combine([])).toThrow(EmptyInputError);
    expect(() => combine([paperCombined()], { weights: [1, 2] })).toThrow(/`weights` must have one entry per distribution \(1\)/);
    expect(() => combine([paperCombined(), flat(1e-5)], { weights: [1, -1] })).toThrow(
      /`weights\[1\]` must be a finite number >= 0, got -1/,
    );
    expect(() => combine([paperCombined()], { weights: [0] })).toThrow(InvalidOptionError);
    expect(() => combine([paperCombined()], { groups: [] })).toThrow(InvalidGroupsError);
    expect(() => combine([{ lrs: [1] } as unknown as LrDistribution])).toThrow(InvalidOptionError);
  });
});
