import { describe, expect, it } from 'vitest';
import { EmptyInputError } from '../errors.js';
import { LrDistribution } from '../distribution/lr-distribution.js';
import { paperCombined } from '../distribution/paper-combined.js';
import { leaveOneOut } from './leave-one-out.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const two = (emb: number, head: number, pair: string): LrDistribution =>
  new LrDistribution(
    [
      { name: 'embeddings', depth: 0, lr: emb },
      { name: 'head', depth: 1, lr: head },
    ],
    { provenance: { model: 'mini', pairs: [pair], studies: [`study-${pair}`], trials: 5 } },
  );

describe('leaveOneOut', () => {
  it('combines all studies but one, for each study (tolerance 1e-12 relative)', () => {
    const studies = [two(1e-6, 1e-5, 'a->b'), two(1e-5, 1e-5, 'b->a'), two(1e-4, 1e-3, 'c->d')];
    const folds = leaveOneOut(studies);
    expect(folds.map((f) => f.heldOutIndex)).toEqual([0, 1, 2]);
    expect(folds.map((f) => f.heldOut)).toEqual(studies);
    // Fold 0: sqrt(1e-5 * 1e-4); fold 1: sqrt(1e-6 * 1e-4) = 1e-5; fold 2: sqrt(1e-6 * 1e-5).
    const expected = [10 ** -4.5, 1e-5, 10 ** -5.5];
    folds.forEach((f, i) => expect(rel(f.combined.lr('embeddings'), expected[i] as number)).toBeLessThan(1e-12));
    expect(folds[2]?.combined.provenance.pairs).toEqual(['a->b', 'b->a']);
  });

  it('drops the held-out weight', () => {
    const studies = [two(1e-6, 1e-5, 'a->b'), two(1e-5, 1e-5, 'b->a'), two(1e-4, 1e-3, 'c->d')];
    const folds = leaveOneOut(studies, { weights: [1, 3, 1] });
    // Fold 2 combines the first two with weights 1 and 3: 10^((1 x -6 + 3 x -5) / 4) = 10^-5.25.
    expect(Math.abs(Math.log10(folds[2]?.combined.lr('embeddings') ?? 0) + 5.25)).toBeLessThan(1e-12);
    expect(() => leaveOneOut(studies, { weights: [1, 1] })).toThrow(/one entry per study \(3\)/);
  });

  it('needs at least two studies', () => {
    expect(() => leaveOneOut([paperCombined()])).toThrow(EmptyInputError);
  });
});
