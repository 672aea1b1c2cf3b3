import { describe, expect, it } from 'vitest';
import { makeTrial } from '../../testing/sampler-loop.js';
import { multiObjectiveBelowWeights, splitTrials } from './split-trials.js';

const numbers = (ts: readonly { number: number }[]): number[] => ts.map((t) => t.number);

describe('splitTrials', () => {
  it('takes the best complete trials by value, in either direction, and returns both groups by number', () => {
    const trials = [5, 1, 4, 2, 3].map((v, i) => makeTrial({ number: i, values: [v] }));
    expect(numbers(splitTrials(trials, ['minimize'], 2).below)).toEqual([1, 3]);
    expect(numbers(splitTrials(trials, ['minimize'], 2).above)).toEqual([0, 2, 4]);
    expect(numbers(splitTrials(trials, ['maximize'], 2).below)).toEqual([0, 2]);
  });

  it('ranks pruned trials below complete ones: further step first, then the value there, no report last', () => {
    const trials = [
      makeTrial({ number: 0, values: [10] }),
      makeTrial({ number: 1, state: 'pruned', intermediateValues: [{ step: 1, values: [0.1] }] }),
      makeTrial({
        number: 2,
        state: 'pruned',
        intermediateValues: [
          { step: 1, values: [5] },
          { step: 3, values: [7] },
        ],
      }),
      makeTrial({ number: 3, state: 'pruned' }),
      makeTrial({ number: 4, state: 'pruned', intermediateValues: [{ step: 3, values: [6] }] }),
      makeTrial({ number: 5, state: 'failed' }),
    ];
    expect(numbers(splitTrials(trials, ['minimize'], 1).below)).toEqual([0]);
    expect(numbers(splitTrials(trials, ['minimize'], 2).below)).toEqual([0, 4]);
    expect(numbers(splitTrials(trials, ['minimize'], 3).below)).toEqual([0, 2, 4]);
    expect(numbers(splitTrials(trials, ['minimize'], 4).below)).toEqual([0, 1, 2, 4]);
    expect(numbers(splitTrials(trials, ['minimize'], 4).above)).toEqual([3]);
  });

  it('splits several objectives by non-dominated rank, thinning the last front by hypervolume', () => {
    // Front 0: (1,4), (2,2), (4,1); front 1: (3,3) and (5,5) behind it.
    const values = [
      [1, 4],
      [2, 2],
      [4, 1],
      [3, 3],
      [5, 5],
    ];
    const trials = values.map((v, i) => makeTrial({ number: i, values: v }));
    expect(numbers(splitTrials(trials, ['minimize', 'minimize'], 3).below)).toEqual([0, 1, 2]);
    expect(numbers(splitTrials(trials, ['minimize', 'minimize'], 4).below)).toEqual([0, 1, 2, 3]);
    // Two of the front: (2,2) first (largest box), then the larger of (1,4) and (4,1)'s gains.
    expect(splitTrials(trials, ['minimize', 'minimize'], 2).below).toHaveLength(2);
    expect(numbers(splitTrials(trials, ['minimize', 'minimize'], 2).below)).toContain(1);
  });
});

describe('multiObjectiveBelowWeights', () => {
  it('weights by hypervolume contribution relative to the largest, 1e-12 for pruned trials', () => {
    const below = [
      makeTrial({ number: 0, values: [1, 3] }),
      makeTrial({ number: 1, values: [2, 2] }),
      makeTrial({ number: 2, values: [3, 1] }),
      makeTrial({ number: 3, state: 'pruned' }),
    ];
    const w = multiObjectiveBelowWeights(below, ['minimize', 'minimize']);
    // Reference (3.3, 3.3): contributions (0.3 * 1, 1 * 1, 1 * 0.3) -> relative 0.3, 1, 0.3.
    expect(w[0]).toBeCloseTo(0.3, 9);
    expect(w[1]).toBeCloseTo(1, 9);
    expect(w[2]).toBeCloseTo(0.3, 9);
    expect(w[3]).toBe(1e-12);
  });
});
