import { describe, expect, it } from 'vitest';
import type { ParamDistribution, ParamValue } from '../distributions/distributions.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import { frozenTrial } from '../../test/helpers/trials.js';
import { paramColumns } from './dashboard-data.js';

function trial(number: number, params: Record<string, [ParamValue, ParamDistribution]>): FrozenTrial {
  return frozenTrial({
    number,
    values: [0],
    params: Object.fromEntries(Object.entries(params).map(([k, [v]]) => [k, v])),
    distributions: Object.fromEntries(Object.entries(params).map(([k, [, d]]) => [k, d])),
    completedAt: 1,
  });
}

describe('paramColumns', () => {
  it('keeps first-appearance order and widens ranges and choices to cover every trial', () => {
    const columns = paramColumns([
      trial(0, {
        lr: [1e-3, { kind: 'float', low: 1e-4, high: 1e-2, log: true, step: null }],
        opt: ['adam', { kind: 'categorical', choices: ['adam', 'sgd'] }],
      }),
      trial(1, {
        depth: [3, { kind: 'int', low: 1, high: 8, log: false, step: 1 }],
        lr: [1e-5, { kind: 'float', low: 1e-6, high: 1e-3, log: true, step: null }],
        opt: [null, { kind: 'categorical', choices: [null, 'adam'] }],
      }),
    ]);
    expect(columns).toEqual([
      { name: 'lr', distribution: { kind: 'float', low: 1e-6, high: 1e-2, log: true, step: null } },
      { name: 'opt', distribution: { kind: 'categorical', choices: ['adam', 'sgd', null] } },
      { name: 'depth', distribution: { kind: 'int', low: 1, high: 8, log: false, step: 1 } },
    ]);
  });

  it('takes the newest distribution when a parameter changed kind, and is linear once any range is', () => {
    const columns = paramColumns([
      trial(0, { x: ['a', { kind: 'categorical', choices: ['a'] }], y: [2, { kind: 'float', low: 1, high: 10, log: true, step: null }] }),
      trial(1, {
        x: [0.5, { kind: 'float', low: 0, high: 1, log: false, step: null }],
        y: [0, { kind: 'float', low: 0, high: 5, log: false, step: null }],
      }),
    ]);
    expect(columns.map((c) => c.distribution)).toEqual([
      { kind: 'float', low: 0, high: 1, log: false, step: null },
      { kind: 'float', low: 0, high: 10, log: false, step: null },
    ]);
  });
});
