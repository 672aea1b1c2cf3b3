import { describe, expect, it } from 'vitest';
import { EmptyInputError, InvalidOptionError, InvalidTrialError } from '../errors.js';
import { mulberry32, shuffled } from '../../test/seeded-rng.js';
import type { TrialRecord } from './rank-trials.js';
import { rankTrials } from './rank-trials.js';

const t = (number: number, values: number[] | null, state: TrialRecord['state'] = 'complete'): TrialRecord => ({
  number,
  params: { a: 1e-5 },
  values,
  state,
});

describe('rankTrials, objective sum', () => {
  it('ranks complete trials by p_o + p_s with weight 1.8^-rank, ignoring the others (tolerance 1e-15)', () => {
    const ranked = rankTrials([
      t(0, [0.8, 0.7]), // 1.5 -> rank 1
      t(1, null, 'pruned'),
      t(2, [0.9, 0.8]), // 1.7 -> rank 0
      t(3, null, 'failed'),
      t(4, [0.5, 0.6]), // 1.1 -> rank 2
      t(5, null, 'running'),
      t(6, null, 'waiting'),
    ]);
    expect(ranked.map((r) => r.trial.number)).toEqual([2, 0, 4]);
    expect(ranked.map((r) => r.rank)).toEqual([0, 1, 2]);
    [1, 1 / 1.8, 1 / 3.24].forEach((w, i) => expect(Math.abs((ranked[i]?.weight ?? 0) - w)).toBeLessThan(1e-15));
    expect(ranked.map((r) => r.index)).toEqual([2, 0, 4]);
  });

  it('gives tied trials the mean weight of the ranks they span (tolerance 1e-15)', () => {
    const ranked = rankTrials([t(0, [0.9, 0.5]), t(1, [0.5, 0.9]), t(2, [1, 1])]);
    expect(ranked.map((r) => r.rank)).toEqual([0, 1, 1]);
    const shared = (1 / 1.8 + 1 / 3.24) / 2;
    expect(ranked[1]?.weight).toBeCloseTo(shared, 15);
    expect(ranked[2]?.weight).toBeCloseTo(shared, 15);
  });

  it('does not depend on input order (seeded shuffles, exact weights per trial)', () => {
    const random = mulberry32(7);
    const trials = Array.from({ length: 30 }, (_, n) => t(n, [Math.round(random() * 10) / 10, Math.round(random() * 10) / 10]));
    const byNumber = (ranked: ReturnType<typeof rankTrials>): Map<number | undefined, number> =>
      new Map(ranked.map((r) => [r.trial.number, r.weight]));
    const reference = byNumber(rankTrials(trials));
    for (let k = 0; k < 5; k++) expect(byNumber(rankTrials(shuffled(trials, random)))).toEqual(reference);
  });

  it('accepts a single scalar objective, another base, a weight function and topK', () => {
    const trials = [t(0, [0.1]), t(1, [0.3]), t(2, [0.2])];
    expect(rankTrials(trials).map((r) => r.trial.number)).toEqual([1, 2, 0]);
    expect(rankTrials(trials, { weight: 2 }).map((r) => r.weight)).toEqual([1, 0.5, 0.25]);
    expect(rankTrials(trials, { weight: (r) => (r === 0 ? 1 : 0) }).map((r) => r.weight)).toEqual([1, 0, 0]);
    expect(rankTrials(trials, { topK: 2 }).map((r) => r.trial.number)).toEqual([1, 2]);
  });

  it('keeps a tie block that straddles topK whole', () => {
    const ranked = rankTrials([t(0, [1]), t(1, [0.5]), t(2, [0.5]), t(3, [0.1])], { topK: 2 });
    expect(ranked.map((r) => r.trial.number)).toEqual([0, 1, 2]);
  });
});

describe('rankTrials, objective pareto', () => {
  it('keeps the non-dominated trials with equal weights', () => {
    const ranked = rankTrials(
      [
        t(0, [0.9, 0.5]), // front
        t(1, [0.5, 0.9]), // front
        t(2, [0.7, 0.7]), // front
        t(3, [0.6, 0.6]), // dominated by 2
        t(4, [0.9, 0.4]), // dominated by 0
        t(5, [0.7, 0.7]), // equal to 2: not dominated
      ],
      { objective: 'pareto' },
    );
    expect(ranked.map((r) => r.trial.number).sort()).toEqual([0, 1, 2, 5]);
    expect(new Set(ranked.map((r) => r.weight))).toEqual(new Set([1]));
  });

  it('keeps the best trial(s) for a single objective', () => {
    expect(rankTrials([t(0, [0.2]), t(1, [0.4]), t(2, [0.4])], { objective: 'pareto' }).map((r) => r.trial.number)).toEqual([1, 2]);
  });
});

describe('rankTrials errors', () => {
  it('throws EmptyInputError without a complete trial', () => {
    expect(() => rankTrials([])).toThrow(EmptyInputError);
    expect(() => rankTrials([t(0, null, 'pruned'), t(1, null, 'failed')])).toThrow(
      '`trials` must contain at least one complete trial, got 2 trial(s) and none complete',
    );
  });

  it('names the trial whose values are unusable', () => {
    expect(() => rankTrials([t(4, [0.1, 0.2]), t(9, [0.1])])).toThrow(/`trials\[1\].values` must have 2 entries.*\(trial 9\)/);
    try {
      rankTrials([t(3, [Number.NaN, 1])]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTrialError);
      expect((error as InvalidTrialError).trial).toBe(3);
    }
    expect(() => rankTrials([t(3, null)])).toThrow(InvalidTrialError);
  });

  it('rejects bad options', () => {
    const trials = [t(0, [1])];
    expect(() => rankTrials(trials, { weight: 0 })).toThrow(InvalidOptionError);
    expect(() => rankTrials(trials, { weight: () => -1 })).toThrow(/`weight` must give a finite weight >= 0, got -1/);
    expect(() => rankTrials(trials, { weight: () => 0 })).toThrow(/all zero/);
    expect(() => rankTrials(trials, { topK: 0 })).toThrow(InvalidOptionError);
    expect(() => rankTrials(trials, { objective: 'max' as 'sum' })).toThrow(InvalidOptionError);
  });
});
