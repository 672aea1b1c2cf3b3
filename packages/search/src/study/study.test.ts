import { describe, expect, it } from 'vitest';
import { defineSearchSpace } from '../distributions/search-space.js';
import { createMemoryStorage } from '../storages/memory.js';
import { MultiObjectiveError, NoCompletedTrialsError } from '../errors.js';
import { createStudy, loadStudy } from './create-study.js';

describe('ask / tell', () => {
  it('runs define-by-run trials: params kept locally, written at tell, conditional params allowed', async () => {
    const study = await createStudy({ seed: 3 });
    const trial = await study.ask();
    expect(trial.number).toBe(0);
    const kind = trial.suggestCategorical('kind', ['linear', 'tree']);
    const x = kind === 'linear' ? trial.suggestFloat('alpha', 1e-5, 1, { log: true }) : trial.suggestInt('depth', 1, 9, { step: 2 });
    expect(trial.suggestCategorical('kind', ['linear', 'tree'])).toBe(kind); // same name: same value
    expect((await study.getTrial(0)).params).toEqual({}); // nothing written before tell
    const done = await study.tell(trial, x);
    expect(done.state).toBe('complete');
    expect(done.values).toEqual([x]);
    expect(Object.keys(done.params)).toEqual(['kind', kind === 'linear' ? 'alpha' : 'depth']);
    expect(done.completedAt).not.toBeNull();
  });

  it('rejects a parameter name reused with another distribution, and suggestions after tell', async () => {
    const study = await createStudy();
    const trial = await study.ask();
    trial.suggestFloat('x', 0, 1);
    expect(() => trial.suggestFloat('x', 0, 2)).toThrow(/parameter 'x' was suggested from float\[0, 1\], got float\[0, 2\]/);
    expect(() => trial.suggestFloat('y', 1, 0)).toThrow(/`low` must be <= `high`, got low=1, high=0/);
    await study.tell(trial, 1);
    expect(() => trial.suggestFloat('z', 0, 1)).toThrow(/already finished/);
    await expect(study.tell(trial, 2)).rejects.toMatchObject({ code: 'TRIAL_FINISHED' });
  });

  it('records invalid values as a failed trial with the reason, then throws (or returns with throwOnInvalid false)', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'] });
    const a = await study.ask();
    await expect(study.tell(a, [1])).rejects.toMatchObject({ code: 'INVALID_VALUES' });
    const fa = await study.getTrial(a.number);
    expect(fa.state).toBe('failed');
    expect(fa.failReason).toMatch(/must return 2 value\(s\) \(one per direction\), got 1/);
    const b = await study.ask();
    const fb = await study.tell(b, [1, Number.NaN], { throwOnInvalid: false });
    expect(fb.state).toBe('failed');
    expect(fb.failReason).toMatch(/`values\[1\]` must be a finite number, got NaN/);
  });

  it('tells by number, pruned and failed states, with the reason kept', async () => {
    const study = await createStudy();
    const a = await study.ask();
    const b = await study.ask();
    await a.report(0, 0.5);
    expect((await study.tell(a.number, undefined, { state: 'pruned' })).state).toBe('pruned');
    const fb = await study.tell(b.number, undefined, { state: 'failed', failReason: 'out of memory' });
    expect(fb.failReason).toBe('out of memory');
    await expect(study.tell((await study.ask()).number, 1, { state: 'pruned' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('writes pending params with each report, so a crash loses only what came after', async () => {
    const study = await createStudy();
    const trial = await study.ask();
    trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
    await trial.report(1, 0.9);
    const stored = await study.getTrial(trial.number);
    expect(Object.keys(stored.params)).toEqual(['lr']);
    expect(stored.intermediateValues).toEqual([{ step: 1, values: [0.9] }]);
    await trial.setUserAttr('epoch', 1);
    trial.suggestInt('batch', 8, 64, { log: true });
    await trial.flush();
    const again = await study.getTrial(trial.number);
    expect(again.userAttrs).toEqual({ epoch: 1 });
    expect(Object.keys(again.params)).toEqual(['lr', 'batch']);
  });

  it('suggestAll samples a typed search space from a zod-validated definition', async () => {
    const space = defineSearchSpace({
      lr: { type: 'float', low: 1e-6, high: 1e-2, log: true },
      layers: { type: 'int', low: 1, high: 4 },
      act: { type: 'categorical', choices: ['relu', 'gelu'] },
    });
    const study = await createStudy({ seed: 1 });
    const trial = await study.ask();
    const p = trial.suggestAll(space);
    const act: 'relu' | 'gelu' = p.act;
    expect(['relu', 'gelu']).toContain(act);
    expect(p.lr).toBeGreaterThanOrEqual(1e-6);
    expect(Number.isInteger(p.layers)).toBe(true);
  });
});

describe('enqueueTrial', () => {
  it('the enqueued params come first and are returned by suggest; the rest is sampled', async () => {
    const study = await createStudy({ seed: 5 });
    await study.enqueueTrial({ lr: 2e-5, warmup: 0.1 }, { userAttrs: { baseline: true } });
    const t0 = await study.ask();
    expect(t0.number).toBe(0);
    expect(t0.suggestFloat('lr', 1e-7, 1e-3, { log: true })).toBe(2e-5);
    expect(t0.suggestFloat('warmup', 0, 0.5)).toBe(0.1);
    const other = t0.suggestInt('other', 0, 100);
    expect(other).toBeGreaterThanOrEqual(0);
    expect(t0.userAttrs).toEqual({ baseline: true });
    await study.tell(t0, 1);
    const t1 = await study.ask();
    expect(t1.suggestFloat('lr', 1e-7, 1e-3, { log: true })).not.toBe(2e-5);
  });

  it('an enqueued value outside the suggested distribution is an InvalidParamError naming both', async () => {
    const study = await createStudy();
    await study.enqueueTrial({ lr: 5 });
    const t = await study.ask();
    expect(() => t.suggestFloat('lr', 0, 1)).toThrow(/parameter 'lr' must lie in float\[0, 1\], got 5 from enqueued fixed params/);
  });

  it('skipIfExists returns the trial that already has these params (a resumed script enqueues once)', async () => {
    const study = await createStudy();
    const a = await study.enqueueTrial({ lr: 1 }, { skipIfExists: true });
    const b = await study.enqueueTrial({ lr: 1 }, { skipIfExists: true });
    expect(b.number).toBe(a.number);
    expect((await study.getTrials()).length).toBe(1);
  });
});

describe('best trial, Pareto front, attributes', () => {
  it('bestTrial follows the direction, lowest number on ties; none complete is NoCompletedTrialsError', async () => {
    const study = await createStudy({ direction: 'maximize' });
    await expect(study.bestTrial()).rejects.toMatchObject({ code: 'NO_COMPLETED_TRIALS' });
    for (const v of [1, 5, 3, 5]) await study.tell(await study.ask(), v);
    expect((await study.bestTrial()).number).toBe(1);
  });

  it('bestValue and bestParams are those of bestTrial; typed errors before a complete trial and with several objectives', async () => {
    const study = await createStudy({ direction: 'minimize' });
    await expect(study.bestValue()).rejects.toBeInstanceOf(NoCompletedTrialsError);
    await expect(study.bestParams()).rejects.toMatchObject({ code: 'NO_COMPLETED_TRIALS' });
    for (const [x, kind] of [
      [0.5, 'a'],
      [-0.25, 'b'],
      [2, 'a'],
    ] as const) {
      await study.enqueueTrial({ x, kind });
      const trial = await study.ask();
      const value = trial.suggestFloat('x', -3, 3);
      trial.suggestCategorical('kind', ['a', 'b']);
      await study.tell(trial, value);
    }
    expect(await study.bestValue()).toBe(-0.25);
    expect(await study.bestParams()).toEqual({ x: -0.25, kind: 'b' });
    // A copy: changing it leaves the study's trial alone.
    (await study.bestParams()).x = 99;
    expect((await study.bestTrial()).params).toEqual({ x: -0.25, kind: 'b' });

    const multi = await createStudy({ directions: ['minimize', 'minimize'] });
    await multi.tell(await multi.ask(), [1, 2]);
    await expect(multi.bestValue()).rejects.toBeInstanceOf(MultiObjectiveError);
    await expect(multi.bestParams()).rejects.toThrow(/has 2 objectives: use paretoFront\(\)/);
  });

  it('paretoFront keeps the non-dominated complete trials; bestTrial refuses several objectives', async () => {
    const study = await createStudy({ directions: ['maximize', 'minimize'] });
    const points = [
      [0.9, 5],
      [0.8, 1],
      [0.7, 2],
      [0.9, 6],
    ];
    for (const p of points) await study.tell(await study.ask(), p);
    await study.tell(await study.ask(), undefined, { state: 'failed' });
    expect((await study.paretoFront()).map((t) => t.number)).toEqual([0, 1]);
    await expect(study.bestTrial()).rejects.toThrow(MultiObjectiveError);
    await expect(study.bestTrial()).rejects.toThrow(/has 2 objectives: use paretoFront\(\)/);
  });

  it('stores study user attributes', async () => {
    const study = await createStudy({ userAttrs: { task: 'rte' } });
    await study.setUserAttr('seed', 7);
    expect(await study.userAttrs()).toEqual({ task: 'rte', seed: 7 });
  });
});

describe('createStudy / loadStudy', () => {
  it('loads by name with the stored directions and lag; mismatches are StudyMismatchError', async () => {
    const storage = createMemoryStorage();
    await createStudy({ storage, studyName: 's', directions: ['minimize', 'maximize'], deterministic: { lag: 3 } });
    await expect(createStudy({ storage, studyName: 's' })).rejects.toMatchObject({ code: 'STUDY_EXISTS' });
    const again = await createStudy({ storage, studyName: 's', directions: ['minimize', 'maximize'], loadIfExists: true });
    expect(again.deterministicLag).toBe(3);
    await expect(createStudy({ storage, studyName: 's', loadIfExists: true })).rejects.toThrow(
      /has directions \["minimize","maximize"\], got \["minimize"\]/,
    );
    await expect(
      createStudy({ storage, studyName: 's', directions: ['minimize', 'maximize'], loadIfExists: true, deterministic: { lag: 2 } }),
    ).rejects.toThrow(/has deterministic lag 3, got 2/);
    const loaded = await loadStudy({ storage, studyName: 's' });
    expect(loaded.directions).toEqual(['minimize', 'maximize']);
    await expect(loadStudy({ storage, studyName: 'nope' })).rejects.toMatchObject({ code: 'STUDY_NOT_FOUND' });
  });

  it('rejects bad options with the field and value', async () => {
    await expect(createStudy({ direction: 'minimize', directions: ['minimize'] })).rejects.toThrow(/either `direction` or `directions`/);
    await expect(createStudy({ directions: ['up' as never] })).rejects.toThrow(
      /`directions\[0\]` must be 'minimize' or 'maximize', got "up"/,
    );
    await expect(createStudy({ deterministic: { lag: 0 } })).rejects.toThrow(/`deterministic.lag` must be an integer >= 1, got 0/);
    await expect(createStudy({ heartbeat: { intervalMs: 100, staleAfterMs: 50 } })).rejects.toThrow(
      /`heartbeat.staleAfterMs` must be greater/,
    );
    await expect(createStudy({ seed: 1, sampler: { name: 'x' } as never })).rejects.toThrow(/give it to your `sampler`/);
  });
});
