import { describe, expect, it } from 'vitest';
import { TrialPrunedError } from '../errors.js';
import { createParetoRankPruner } from '../pruners/pareto-rank.js';
import { createMedianPruner } from '../pruners/percentile.js';
import { createStudy } from './create-study.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('optimize', () => {
  it('an objective that throws, returns NaN or the wrong number of values fails its trial with the reason; the study goes on', async () => {
    const study = await createStudy({ directions: ['minimize', 'minimize'], seed: 2 });
    const result = await study.optimize(
      (trial) => {
        const x = trial.suggestFloat('x', 0, 1);
        switch (trial.number % 4) {
          case 0:
            throw new RangeError(`diverged at x=${x.toFixed(2)}`);
          case 1:
            return [Number.NaN, x];
          case 2:
            return [x];
          default:
            return [x, 1 - x];
        }
      },
      { trials: 8 },
    );
    expect(result.trials).toHaveLength(8);
    expect(result.stoppedBy).toBe('trials');
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['failed', 'failed', 'failed', 'complete', 'failed', 'failed', 'failed', 'complete']);
    expect(trials[0]?.failReason).toMatch(/^RangeError: diverged at x=/);
    expect(trials[1]?.failReason).toMatch(/`values\[0\]` must be a finite number, got NaN/);
    expect(trials[2]?.failReason).toMatch(/must return 2 value\(s\) \(one per direction\), got 1/);
    expect(Object.keys(trials[0]?.params ?? {})).toEqual(['x']); // params survive a failure
  });

  it('a TrialPrunedError (after shouldPrune) records a pruned trial with its reports', async () => {
    const study = await createStudy({ seed: 4, pruner: createMedianPruner({ nStartupTrials: 2 }) });
    await study.optimize(
      async (trial) => {
        const x = trial.suggestFloat('x', 0, 10);
        for (let step = 0; step < 5; step++) {
          await trial.report(step, x + step);
          if (trial.shouldPrune()) trial.prune();
        }
        return x;
      },
      { trials: 20 },
    );
    const pruned = await study.getTrials({ states: ['pruned'] });
    expect(pruned.length).toBeGreaterThan(0);
    expect(pruned[0]?.intermediateValues.length).toBeGreaterThan(0);
    expect(pruned[0]?.values).toBeNull();
  });

  it('prunes a multi-objective study by non-dominated rank at the rungs (reports carry both objectives)', async () => {
    const study = await createStudy({
      directions: ['maximize', 'minimize'],
      seed: 8,
      pruner: createParetoRankPruner({ minResource: 1, reductionFactor: 3 }),
    });
    await study.optimize(
      async (trial) => {
        const quality = trial.suggestFloat('quality', 0, 1);
        const cost = trial.suggestFloat('cost', 0, 1);
        for (let step = 1; step <= 9; step++) {
          await trial.report(step, [quality * (1 - 1 / (step + 1)), cost]);
          if (trial.shouldPrune()) trial.prune();
        }
        return [quality, cost];
      },
      { trials: 30 },
    );
    const trials = await study.getTrials();
    const pruned = trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(5);
    expect(trials.filter((t) => t.state === 'complete').length).toBeGreaterThan(2);
    expect(pruned.every((t) => t.intermediateValues.every((r) => r.values.length === 2))).toBe(true);
    expect((await study.paretoFront()).length).toBeGreaterThan(0);
  });

  it('an error `catch` rejects fails the trial, lets running trials finish, then is rethrown', async () => {
    const study = await createStudy();
    const run = study.optimize(
      async (trial) => {
        await sleep(trial.number === 1 ? 1 : 20);
        if (trial.number === 1) throw new TypeError('bug in objective');
        return 1;
      },
      { trials: 10, concurrency: 3, catch: (e) => !(e instanceof TypeError) },
    );
    await expect(run).rejects.toThrow('bug in objective');
    const trials = await study.getTrials();
    expect(trials.every((t) => t.state === 'complete' || t.state === 'failed')).toBe(true);
    expect(trials.length).toBeLessThan(10);
    expect(trials[1]?.failReason).toBe('TypeError: bug in objective');
  });

  it('stops on timeout, on stop() and on an aborted signal, letting running trials finish', async () => {
    const study = await createStudy();
    const timed = await study.optimize(async () => (await sleep(15), 1), { timeoutMs: 40 });
    expect(timed.stoppedBy).toBe('timeout');
    // About 3 trials of 15 ms fit in 40 ms; a loaded machine may fit fewer, never more than 40 / 15 + 1.
    expect(timed.trials.length).toBeGreaterThanOrEqual(1);
    expect(timed.trials.length).toBeLessThanOrEqual(4);

    const stopped = await study.optimize(
      (trial) => {
        if (trial.number >= 7) study.stop();
        return 1;
      },
      { trials: 100 },
    );
    expect(stopped.stoppedBy).toBe('stop');

    const controller = new AbortController();
    const aborted = await study.optimize(
      () => {
        controller.abort();
        return 1;
      },
      { signal: controller.signal },
    );
    expect(aborted).toMatchObject({ stoppedBy: 'signal' });
    expect(aborted.trials).toHaveLength(1);
    expect((await study.getTrials()).every((t) => t.state === 'complete')).toBe(true);
  });

  it('runs `concurrency` objectives at once and calls onTrialFinished for each trial', async () => {
    const study = await createStudy();
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await study.optimize(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(10);
        running--;
        return 0;
      },
      { trials: 12, concurrency: 4, deterministic: false, onTrialFinished: (t) => void seen.push(t.number) },
    );
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('rejects bad options with the field and value', async () => {
    const study = await createStudy();
    await expect(study.optimize(() => 1, { concurrency: 0 })).rejects.toThrow(/`concurrency` must be an integer >= 1, got 0/);
    await expect(study.optimize(() => 1, { trials: -1 })).rejects.toThrow(/`trials` must be an integer >= 0, got -1/);
  });

  it('exports the pruning signal as an error class with its own code', () => {
    expect(new TrialPrunedError().code).toBe('TRIAL_PRUNED');
  });
});
