import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TaskStreamError } from './errors.js';
import { streamMetrics, type StreamMetrics } from './stream-metrics.js';

const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/stream-metrics.json', import.meta.url), 'utf8')) as {
  r: number[][];
  before: number[];
  expected: StreamMetrics;
};

describe('streamMetrics', () => {
  it('matches the hand-worked fixture: ACC, BWT, FWT, Chaudhry forgetting and Avalanche forgetting', () => {
    const m = streamMetrics(fixture.r, { before: fixture.before });
    const { forgettingPerTask, ...scalars } = fixture.expected;
    for (const [key, value] of Object.entries(scalars)) expect(m[key as keyof typeof scalars], key).toBeCloseTo(value as number, 12);
    forgettingPerTask.forEach((f, j) => expect(m.forgettingPerTask[j]).toBeCloseTo(f, 12));
    expect(m.forgettingPerTask).toHaveLength(2);
  });

  it('has no transfer, forgetting or FWT where they are undefined (one task; no baseline row)', () => {
    expect(streamMetrics([[0.7]])).toEqual({
      tasks: 1,
      averageAccuracy: 0.7,
      backwardTransfer: null,
      forwardTransfer: null,
      averageForgetting: null,
      forgettingFromLearnt: null,
      forgettingPerTask: [],
    });
    expect(streamMetrics(fixture.r).forwardTransfer).toBeNull();
  });

  it('gives zero transfer and forgetting to a stream that never changes a learnt score', () => {
    const m = streamMetrics([
      [0.9, 0.5],
      [0.9, 0.8],
    ]);
    expect([m.backwardTransfer, m.averageForgetting, m.forgettingFromLearnt]).toEqual([0, 0, 0]);
  });

  it('refuses a matrix that is not square and finite, naming the row or cell', () => {
    expect(() => streamMetrics([])).toThrow(TaskStreamError);
    expect(() => streamMetrics([[0.1, 0.2], [0.3]])).toThrow('row 1 of the accuracy matrix has 1 scores, expected 2 (one per task)');
    expect(() => streamMetrics([[Number.NaN]])).toThrow('R[0][0] must be a finite score, got NaN');
    expect(() => streamMetrics([[0.5]], { before: [0.1, 0.2] })).toThrow('`before` has 2 scores, expected 1 (one per task)');
  });
});
