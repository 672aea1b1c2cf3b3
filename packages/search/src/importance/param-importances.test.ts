import { describe, expect, it } from 'vitest';
import {
  categoricalDistribution,
  floatDistribution,
  intDistribution,
  type ParamDistribution,
  type ParamValue,
} from '../distributions/distributions.js';
import { ImportanceUndefinedError, InvalidOptionsError, InvalidParamError, NoCompletedTrialsError } from '../errors.js';
import { createRng } from '../math/rng.js';
import { createRandomSampler, sampleUniform } from '../samplers/random.js';
import { createStudy } from '../study/create-study.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import { frozenTrial } from '../../test/helpers/trials.js';
import { getParamImportances } from './param-importances.js';

function trial(
  number: number,
  params: Record<string, [ParamDistribution, ParamValue]>,
  values: readonly number[] | null,
  state: FrozenTrial['state'] = 'complete',
): FrozenTrial {
  return frozenTrial({
    number,
    state,
    values,
    params: Object.fromEntries(Object.entries(params).map(([k, [, v]]) => [k, v])),
    distributions: Object.fromEntries(Object.entries(params).map(([k, [d]]) => [k, d])),
  });
}

/** n uniformly sampled trials of `space`, valued by `f`. */
function sampled(
  n: number,
  space: Record<string, ParamDistribution>,
  f: (p: Record<string, ParamValue>) => number | number[],
  seed = 1,
): FrozenTrial[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const p = Object.fromEntries(Object.entries(space).map(([k, d]) => [k, sampleUniform(rng, d)]));
    const v = f(p);
    return trial(i, Object.fromEntries(Object.entries(space).map(([k, d]) => [k, [d, p[k] as ParamValue]])), Array.isArray(v) ? v : [v]);
  });
}

const unit = floatDistribution(0, 1);

describe('getParamImportances', () => {
  it('gives ~all importance to the only parameter that matters (f = x)', () => {
    const trials = sampled(80, { x: unit, y: unit, z: intDistribution(0, 5) }, (p) => p.x as number);
    const imp = getParamImportances(trials);
    expect(Object.keys(imp)[0]).toBe('x');
    expect(imp.x).toBeGreaterThan(0.95);
    expect(Object.values(imp).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('recovers the variance shares of an additive function (tolerance 0.05)', () => {
    // f = 3a + b on the unit square: Var(3a) : Var(b) = 9 : 1.
    const trials = sampled(200, { a: unit, b: unit }, (p) => 3 * (p.a as number) + (p.b as number));
    const imp = getParamImportances(trials);
    expect(Object.keys(imp)).toEqual(['a', 'b']);
    expect(imp.a).toBeCloseTo(0.9, 1);
    expect(Math.abs((imp.a as number) - 0.9)).toBeLessThan(0.05);
    expect(Math.abs((imp.b as number) - 0.1)).toBeLessThan(0.05);
  });

  it('is reproducible for a seed, depends on it, and is sorted descending', () => {
    const cat = categoricalDistribution(['a', 'b', 'c']);
    const trials = sampled(
      60,
      { x: unit, c: cat, n: intDistribution(1, 9) },
      (p) => (p.x as number) + (p.c === 'b' ? 0.5 : 0) + 0.01 * (p.n as number),
    );
    const a = getParamImportances(trials, { seed: 3 });
    expect(getParamImportances(trials, { seed: 3 })).toEqual(a);
    expect(getParamImportances(trials, { seed: 4 })).not.toEqual(a);
    const values = Object.values(a);
    expect(values).toEqual([...values].sort((p, q) => q - p));
    expect(Object.keys(a)).toEqual(['x', 'c', 'n']);
  });

  it('uses only complete trials with a finite target, and `target` picks the value', () => {
    const trials = sampled(50, { x: unit, y: unit }, (p) => [p.x as number, p.y as number]);
    const extra = [
      trial(50, { x: [unit, 0.5], y: [unit, 0.5] }, null, 'running'),
      trial(51, { x: [unit, 0.5], y: [unit, 0.5] }, null, 'failed'),
      trial(52, { x: [unit, 0.5], y: [unit, 0.5] }, [Number.NaN, Number.NaN]),
    ];
    const byY = getParamImportances([...trials, ...extra], { target: (t) => t.values?.[1] ?? Number.NaN });
    expect(Object.keys(byY)[0]).toBe('y');
    expect(byY.y).toBeGreaterThan(0.9);
  });

  it('defaults to the parameters every complete trial has; `params` takes the trials that have them', () => {
    const sgd = categoricalDistribution(['sgd', 'adam']);
    const momentum = floatDistribution(0, 0.99);
    const rng = createRng(5);
    const trials = Array.from({ length: 60 }, (_, i) => {
      const opt = i % 2 === 0 ? 'sgd' : 'adam';
      const lr = rng.uniform();
      const m = rng.uniform() * 0.99;
      return opt === 'sgd'
        ? trial(i, { lr: [unit, lr], opt: [sgd, opt], momentum: [momentum, m] }, [lr + 2 * m])
        : trial(i, { lr: [unit, lr], opt: [sgd, opt] }, [lr]);
    });
    expect(Object.keys(getParamImportances(trials)).sort()).toEqual(['lr', 'opt']);
    const conditional = getParamImportances(trials, { params: ['momentum', 'lr'] });
    expect(Object.keys(conditional)).toEqual(['momentum', 'lr']);
  });

  it('gives 0 to single-value parameters and {} when nothing can vary', () => {
    const fixed = floatDistribution(2, 2);
    const trials = sampled(30, { x: unit, k: fixed }, (p) => p.x as number);
    const imp = getParamImportances(trials);
    expect(Object.keys(imp)).toEqual(['x', 'k']);
    expect(imp).toMatchObject({ x: 1, k: 0 });
    expect(getParamImportances(trials, { params: ['k'] })).toEqual({});
  });

  it('throws typed errors that say what is missing', () => {
    const ok = sampled(10, { x: unit }, (p) => p.x as number);
    expect(() => getParamImportances([])).toThrow(NoCompletedTrialsError);
    expect(() => getParamImportances([trial(0, { x: [unit, 0.1] }, null, 'pruned')])).toThrow(NoCompletedTrialsError);
    expect(() => getParamImportances(ok, { target: () => Number.NaN })).toThrow(NoCompletedTrialsError);
    expect(() => getParamImportances(ok, { params: ['x', 'nope'] })).toThrow(
      /`params` must name parameters of the complete trials, got 'nope'/,
    );
    expect(() => getParamImportances(ok, { params: ['nope'] })).toThrow(InvalidOptionsError);
    const two = sampled(10, { x: unit }, (p) => [p.x as number, 1 - (p.x as number)]);
    expect(() => getParamImportances(two)).toThrow(/`target` is required with several objectives/);
    expect(() => getParamImportances(two)).toThrow(InvalidOptionsError);
    expect(() => getParamImportances(ok.slice(0, 1))).toThrow(ImportanceUndefinedError);
    expect(() => getParamImportances(ok, { target: () => 3 })).toThrow(/a target that varies, got 3 in all 10 trials/);
    const dynamic = [trial(0, { x: [unit, 0.2] }, [0.2]), trial(1, { x: [floatDistribution(0, 2), 1.5] }, [1.5])];
    expect(() => getParamImportances(dynamic, { params: ['x'] })).toThrow(InvalidParamError);
    expect(() => getParamImportances(ok, { nTrees: 0 })).toThrow(/`nTrees` must be a positive integer, got 0/);
    expect(() => getParamImportances(ok, { maxDepth: 1.5 })).toThrow(InvalidOptionsError);
    expect(() => getParamImportances(ok, { seed: Number.NaN })).toThrow(InvalidOptionsError);
  });

  it('does not depend on the magnitude of the objective', () => {
    // Powers of two scale exactly, so the standardised targets (and importances) are identical; an
    // unscaled 1e-12 objective would fall under the trees' purity threshold and find no split.
    const space = { a: unit, b: unit };
    const f = (p: Record<string, ParamValue>): number => 2 * (p.a as number) + (p.b as number);
    const small = getParamImportances(sampled(60, space, (p) => 2 ** -40 * f(p)));
    const large = getParamImportances(sampled(60, space, (p) => 2 ** 30 * f(p)));
    expect(small).toEqual(large);
    expect(small.a).toBeGreaterThan(0.6);
  });

  it('is available on a study, which asks for `target` when it has several objectives', async () => {
    const study = await createStudy({ sampler: createRandomSampler({ seed: 2 }) });
    await study.optimize((t) => t.suggestFloat('x', 0, 1) + 0.1 * t.suggestFloat('y', 0, 1), { trials: 40 });
    await study.tell(await study.ask(), undefined, { state: 'failed', failReason: 'ignored' });
    const imp = await study.getParamImportances();
    expect(imp).toEqual(getParamImportances(await study.getTrials()));
    expect(Object.keys(imp)).toEqual(['x', 'y']);
    const multi = await createStudy({ directions: ['minimize', 'maximize'], sampler: createRandomSampler({ seed: 2 }) });
    await multi.optimize((t) => [t.suggestFloat('x', 0, 1), t.suggestFloat('y', 0, 1)], { trials: 30 });
    await expect(multi.getParamImportances()).rejects.toThrow(/has 2 objectives: pass `target`/);
    expect(Object.keys(await multi.getParamImportances({ target: (t) => t.values?.[1] ?? Number.NaN }))[0]).toBe('y');
  });

  it('assesses 64 trees on 200 trials x 10 params well within a second', () => {
    const space = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        `p${i}`,
        i % 3 === 2 ? categoricalDistribution(['a', 'b', 'c']) : floatDistribution(1e-5, 1, { log: i % 3 === 1 }),
      ]),
    );
    const trials = sampled(
      200,
      space,
      (p) => (p.p0 as number) + Math.log((p.p1 as number) * 2) / 10 + (p.p2 === 'a' ? 0.3 : 0) + (p.p3 as number) * (p.p4 as number),
    );
    const started = performance.now();
    getParamImportances(trials);
    // Generous for a loaded CI machine; it takes about 0.2 s on one core.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
