import { describe, expect, it } from 'vitest';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import { frozenTrial } from '../../test/helpers/trials.js';
import { ImportanceCache, type ImportanceFunction } from './dashboard-importance.js';

function trial(number: number, values: number[]): FrozenTrial {
  return frozenTrial({ number, values, completedAt: 1 });
}

describe('ImportanceCache', () => {
  it('computes once per objective and per set of complete trials, sorted descending', () => {
    const targets: number[][] = [];
    const compute: ImportanceFunction = (trials, { target }) => {
      targets.push(trials.map(target));
      return { a: 0.25, b: 0.75 };
    };
    let clock = 0;
    const cache = new ImportanceCache(compute, { now: () => clock, minIntervalMs: 1000 });
    const trials = [trial(0, [1, 10]), trial(2, [2, 20])];
    const first = cache.get('s', trials, ['minimize', 'maximize']);
    expect(first).toEqual({
      status: 'ok',
      completeTrials: 2,
      objectives: [
        {
          objective: 0,
          importances: [
            ['b', 0.75],
            ['a', 0.25],
          ],
        },
        {
          objective: 1,
          importances: [
            ['b', 0.75],
            ['a', 0.25],
          ],
        },
      ],
    });
    expect(targets).toEqual([
      [1, 2],
      [10, 20],
    ]);
    expect(cache.get('s', [...trials], ['minimize', 'maximize'])).toBe(first);
    expect(targets).toHaveLength(2);
    // A new complete trial within the interval keeps the last result; after it, recomputes.
    const more = [...trials, trial(3, [0, 0])];
    expect(cache.get('s', more, ['minimize', 'maximize'])).toBe(first);
    clock = 1000;
    expect(cache.get('s', more, ['minimize', 'maximize'])).toMatchObject({ completeTrials: 3 });
    expect(targets).toHaveLength(4);
  });

  it('turns errors and an empty study into a reason, refreshed at once', () => {
    const cache = new ImportanceCache(
      () => {
        throw new Error('needs 2 trials');
      },
      { now: () => 0 },
    );
    expect(cache.get('s', [], ['minimize'])).toEqual({ status: 'unavailable', reason: 'no complete trial yet' });
    expect(cache.get('s', [trial(0, [1])], ['minimize'])).toEqual({ status: 'unavailable', reason: 'needs 2 trials' });
  });
});
