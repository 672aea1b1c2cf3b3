import { describe, expect, it } from 'vitest';
import type { SplitLengths } from './jobs.js';
import {
  estimateWallTime,
  formatWallTime,
  formatWallTimeLine,
  type PlannedCell,
  type RunTimings,
  type WallTimeOptions,
} from './wall-time.js';

const same = (n: number, length: number): number[] => Array<number>(n).fill(length);
const task = (train: number, evaluation: number, length: number): SplitLengths => ({
  train: same(train, length),
  validation: same(evaluation, length),
  test: same(evaluation, length),
});

// Costs in round numbers: a step of 8 x 100 tokens takes 1 + 800/100 = 9 s, an evaluation batch of 64 x 100 takes 64 s / 10 = 6.4 s.
const timings: RunTimings = {
  train: { fixedSeconds: 1, secondsPerToken: 0.01 },
  forward: { fixedSeconds: 0, secondsPerToken: 0.001 },
  mlm: null,
  mlmLengths: [],
  loadSeconds: 2,
  lengths: { sst2: task(64, 64, 100), mrpc: task(32, 64, 100) },
};
const cellsOf = (methods: string[], seeds: number[]): PlannedCell[] =>
  seeds.flatMap((s) => methods.map((m) => ({ method: m, ewc: m === 'ewc', phaseA: `A${s}` })));
const options = (extra: Partial<WallTimeOptions> = {}): WallTimeOptions => ({
  taskA: 'sst2',
  taskB: 'mrpc',
  epochs: 3,
  batchSize: 8,
  jobs: 1,
  cores: 2,
  cells: cellsOf(['flat'], [0]),
  cachedPhaseA: new Set(),
  timings,
  ...extra,
});

describe('estimateWallTime', () => {
  it('adds phase A (load, 3 epochs, test and validation, save) and a cell (load, 3 epochs, two test sets)', () => {
    const e = estimateWallTime(options());
    // A: 2 x 2 s + 24 steps x 9 s + 2 x 6.4 s; B: 2 s + 12 steps x 9 s + 2 x 6.4 s.
    expect(e.seconds).toBeCloseTo(4 + 216 + 12.8 + 2 + 108 + 12.8, 9);
    expect(e.trainingSteps).toBe(36);
    expect(e.evaluationBatches).toBe(4);
    expect(e.secondsPerStep).toBeCloseTo(9, 12);
    expect(e.secondsPerEvaluationBatch).toBeCloseTo(6.4, 12);
    expect(e.meanStepTokens).toBe(800);
  });

  it('schedules like the pool: phase A first per seed, then its cells, on `jobs` workers', () => {
    const phaseA = 4 + 216 + 12.8;
    const cell = 2 + 108 + 12.8;
    const two = estimateWallTime(options({ jobs: 2, cells: cellsOf(['flat', 'llrd'], [0, 1]) }));
    // Both phase A in parallel, then the four cells two at a time.
    expect(two.seconds).toBeCloseTo(phaseA + 2 * cell, 9);
    const one = estimateWallTime(options({ jobs: 1, cells: cellsOf(['flat', 'llrd'], [0, 1]) }));
    expect(one.seconds).toBeCloseTo(2 * phaseA + 4 * cell, 9);
    // Three workers on two cores: each runs 1.5 times slower.
    const three = estimateWallTime(options({ jobs: 3, cores: 2, cells: cellsOf(['flat'], [0]) }));
    expect(three.seconds).toBeCloseTo(1.5 * (phaseA + cell), 9);
  });

  it('skips cached phase A, counts EWC Fisher passes and penalty, and the MLM probe', () => {
    const cached = estimateWallTime(options({ cachedPhaseA: new Set(['A0']) }));
    expect(cached.seconds).toBeCloseTo(2 + 108 + 12.8, 9);
    const ewc = estimateWallTime(options({ cachedPhaseA: new Set(['A0']), cells: cellsOf(['ewc'], [0]) }));
    // 8 Fisher batches over A's 64 examples, and a second update pass for each of 12 steps.
    expect(ewc.trainingSteps).toBe(8 + 12);
    expect(ewc.seconds).toBeCloseTo(2 + 20 * 9 + 12 * 1 + 12.8, 9);
    const mlm = estimateWallTime(
      options({ timings: { ...timings, mlm: { fixedSeconds: 0, secondsPerToken: 0.002 }, mlmLengths: same(128, 50) } }),
    );
    // Two 64-row MLM batches of 50 tokens at 6.4 s each: twice in phase A, once in the cell.
    expect(mlm.evaluationBatches).toBe(4 + 3 * 2);
    expect(mlm.seconds).toBeCloseTo(estimateWallTime(options()).seconds + 3 * 2 * 6.4, 9);
  });

  it('prints one line with the total, the step and batch times and the counts', () => {
    expect(formatWallTime(40)).toBe('about 40 s');
    expect(formatWallTime(12 * 60)).toBe('about 12 min');
    expect(formatWallTime(6.5 * 3600)).toBe('about 6.5 h');
    const line = formatWallTimeLine(estimateWallTime(options({ jobs: 2 })), { jobs: 2, batchSize: 8 });
    expect(line).toBe(
      'estimated wall time: about 6 min on this machine with --jobs 2 (9.0 s per training step, 8 x 100 tokens on average; ' +
        '6.4 s per evaluation batch of 64 x 100; 36 training steps and 4 evaluation batches in all)',
    );
  });
});
