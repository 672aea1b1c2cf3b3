import { describe, expect, it } from 'vitest';
import { EmptyInputError, InvalidGroupsError, InvalidTrialError } from '../errors.js';
import { mulberry32, shuffled } from '../../test/seeded-rng.js';
import type { TrialRecord } from './rank-trials.js';
import { fromTrials } from './from-trials.js';

const groups = [
  { name: 'embeddings', depth: 0 },
  { name: 'head', depth: 1 },
];
const trial = (
  number: number,
  emb: number,
  head: number,
  values: number[] | null,
  state: TrialRecord['state'] = 'complete',
): TrialRecord => ({
  number,
  params: { embeddings: emb, head, seed: 1 },
  values,
  state,
});

describe('fromTrials', () => {
  it('takes the rank-weighted geometric mean (hand-checked, tolerance 1e-12 relative)', () => {
    // Ranks: #1 (1.6) weight 1, #0 (1.5) weight 1/1.8, #2 (1.3) weight 1/3.24; times 3.24: 3.24, 1.8, 1.
    // embeddings: 10^((3.24 x -6 + 1.8 x -5 + 1 x -4) / 6.04) = 10^(-32.44 / 6.04) = 10^-5.370861 = 4.2573e-6
    // head:       10^((3.24 x -4 + 1.8 x -4 + 1 x -3) / 6.04) = 10^(-23.16 / 6.04) = 10^-3.834437
    const d = fromTrials(
      [
        trial(0, 1e-5, 1e-4, [0.8, 0.7]),
        trial(1, 1e-6, 1e-4, [0.85, 0.75]),
        trial(2, 1e-4, 1e-3, [0.6, 0.7]),
        trial(3, 1, 1, null, 'pruned'),
      ],
      { groups },
    );
    expect(Math.abs(Math.log10(d.lr('embeddings')) - -32.44 / 6.04)).toBeLessThan(1e-12);
    expect(Math.abs(d.lr('embeddings') / 4.2573e-6 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(Math.log10(d.lr('head')) - -23.16 / 6.04)).toBeLessThan(1e-12);
    // Band: weighted SD of the exponents -6, -5, -4 around -5.370861 with weights 3.24, 1.8, 1:
    // sqrt((3.24 x 0.629139^2 + 1.8 x 0.370861^2 + 1 x 1.370861^2) / 6.04) = sqrt(3.409273 / 6.04) = 0.751298 decades.
    const gsd = d.group('embeddings')?.band?.gsd ?? 0;
    expect(Math.abs(Math.log10(gsd) - 0.751298)).toBeLessThan(1e-6);
    expect(d.provenance).toMatchObject({ trials: 3, method: 'rank-weighted' });
    expect(d.provenance.notes).toContain('1.8^-rank over 3 trial(s)');
  });

  it('takes the plain geometric mean of the Pareto front (tolerance 1e-12 relative)', () => {
    const d = fromTrials([trial(0, 1e-6, 1e-4, [0.9, 0.5]), trial(1, 1e-4, 1e-4, [0.5, 0.9]), trial(2, 1, 1, [0.4, 0.4])], {
      groups,
      objective: 'pareto',
      provenance: { pairs: ['rte->mrpc'], studies: ['s1'] },
    });
    expect(Math.abs(d.lr('embeddings') / 1e-5 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(d.lr('head') / 1e-4 - 1)).toBeLessThan(1e-12);
    expect(d.provenance).toMatchObject({ method: 'pareto-front', trials: 2, pairs: ['rte->mrpc'], studies: ['s1'] });
  });

  it('is reproducible and independent of trial order (seeded, tolerance 1e-12 relative)', () => {
    const random = mulberry32(2024);
    const trials = Array.from({ length: 50 }, (_, n) =>
      trial(n, 10 ** (-7 + 4 * random()), 10 ** (-7 + 4 * random()), [random(), random()]),
    );
    const a = fromTrials(trials, { groups });
    const b = fromTrials(shuffled(trials, mulberry32(5)), { groups });
    a.lrs.forEach((lr, i) => expect(Math.abs((b.lrs[i] as number) / lr - 1)).toBeLessThan(1e-12));
    expect(fromTrials(trials, { groups }).lrs).toEqual(a.lrs);
  });

  it('accepts a layer count for the groups', () => {
    const params = { embeddings: 1e-5, layer_0: 2e-5, head: 3e-5 };
    const d = fromTrials([{ params, values: [1], state: 'complete' }], { groups: 1 });
    expect(d.lrs).toEqual([1e-5, 2e-5, 3e-5]);
  });

  it('throws typed errors', () => {
    expect(() => fromTrials([], { groups })).toThrow(EmptyInputError);
    expect(() => fromTrials([trial(7, 1e-5, -1, [1, 1])], { groups })).toThrow(
      '`trials[0].params.head` must be a positive finite learning rate, got -1 (trial 7)',
    );
    expect(() => fromTrials([{ params: {}, values: [1], state: 'complete' }], { groups })).toThrow(InvalidTrialError);
    expect(() => fromTrials([trial(0, 1, 1, [1])], { groups: [] })).toThrow(InvalidGroupsError);
  });
});
