import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createStudyView } from '../study/study-view.js';
import { createHyperbandPruner, hyperbandBracket } from './hyperband.js';
import { createNopPruner } from './nop.js';
import { createParetoRankPruner } from './pareto-rank.js';
import { createMedianPruner, createPercentilePruner, nanPercentile } from './percentile.js';
import { estimateMinResource } from './rungs.js';
import { createSuccessiveHalvingPruner } from './successive-halving.js';
import { trialWithReports as tr } from '../../test/helpers/trials.js';

describe('crc32 (node:zlib, which Hyperband assigns brackets with)', () => {
  it("matches Python's binascii.crc32 on ASCII and multi-byte UTF-8 (values from CPython 3.11)", () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect([0, 1, 2, 3, 4].map((n) => crc32(`hb-study_${n}`))).toEqual([3116587573, 3468978851, 1473067801, 550112143, 3199114796]);
    expect(crc32('ü€')).toBe(1132496368);
  });
});

describe('nanPercentile', () => {
  it("matches NumPy's nanpercentile (linear interpolation, NaN ignored; exact to 1e-12)", () => {
    const xs = [3, 1, Number.NaN, 4, 1.5, 9];
    const expected = [1, 1.5, 3, 4, 9, 1.998];
    [0, 25, 50, 75, 100, 33.3].forEach((q, i) => expect(nanPercentile(xs, q)).toBeCloseTo(expected[i] as number, 12));
    expect(nanPercentile([Number.NaN], 50)).toBeNaN();
  });
});

describe('option validation', () => {
  it('rejects impossible settings with the field and value', () => {
    expect(() => createPercentilePruner({ percentile: 101 })).toThrow(/`percentile` must be in \[0, 100\], got 101/);
    expect(() => createMedianPruner({ intervalSteps: 0 })).toThrow(/`intervalSteps` must be an integer >= 1, got 0/);
    expect(() => createSuccessiveHalvingPruner({ reductionFactor: 1 })).toThrow(/`reductionFactor` must be an integer >= 2/);
    expect(() => createSuccessiveHalvingPruner({ minResource: 0 })).toThrow(/`minResource` must be an integer >= 1 or 'auto', got 0/);
    expect(() => createSuccessiveHalvingPruner({ bootstrapCount: 1 })).toThrow(/`bootstrapCount` > 0 needs a numeric `minResource`/);
    expect(() => createHyperbandPruner({ minResource: 5, maxResource: 3 })).toThrow(/`maxResource` must be an integer >= minResource/);
  });

  it('single-objective pruners refuse a multi-objective study, naming the alternative', () => {
    const view = createStudyView('mo', ['minimize', 'maximize'], []);
    const t = tr(0, 'running', [[1, [1, 2]]]);
    for (const p of [createMedianPruner(), createSuccessiveHalvingPruner({ minResource: 1 })]) {
      expect(() => p.prune(view, t)).toThrow(/needs a single-objective study.*createParetoRankPruner/);
    }
  });
});

describe('successive halving', () => {
  it("'auto' min resource is max(1, floor(longest complete trial's last step / 100)), and waits for one", () => {
    const none = createStudyView('s', ['minimize'], [tr(0, 'pruned', [[900, [1]]])]);
    expect(estimateMinResource(none)).toBeNull();
    expect(createSuccessiveHalvingPruner().prune(none, tr(1, 'running', [[1, [99]]]))).toBe(false);
    const done = createStudyView(
      's',
      ['minimize'],
      [
        tr(
          0,
          'complete',
          [
            [1, [0.1]],
            [2, [0.1]],
            [250, [0.1]],
          ],
          [0.1],
        ),
      ],
    );
    expect(estimateMinResource(done)).toBe(2);
    // Rung 0 is at step 2: trial 0 had 0.1 there; a worse value at step 2 is pruned (quota max(1, 2 // 4) = 1).
    expect(createSuccessiveHalvingPruner().prune(done, tr(1, 'running', [[1, [5]]]))).toBe(false);
    expect(
      createSuccessiveHalvingPruner().prune(
        done,
        tr(1, 'running', [
          [1, [5]],
          [2, [5]],
        ]),
      ),
    ).toBe(true);
    expect(
      createSuccessiveHalvingPruner().prune(
        done,
        tr(1, 'running', [
          [1, [5]],
          [2, [0.05]],
        ]),
      ),
    ).toBe(false);
  });

  it('judges a rung once, at the report that reaches it, with the value of that report', () => {
    const view = createStudyView(
      's',
      ['minimize'],
      [
        tr(
          0,
          'complete',
          [
            [1, [1]],
            [4, [1]],
          ],
          [1],
        ),
      ],
    );
    // Rungs at steps 1, 4, 16.
    const p = createSuccessiveHalvingPruner({ minResource: 1, reductionFactor: 4 });
    expect(p.prune(view, tr(1, 'running', [[1, [3]]]))).toBe(true);
    // Past rung 0 without being pruned there (the caller ignored it): steps 2 and 3 judge no rung.
    expect(
      p.prune(
        view,
        tr(1, 'running', [
          [1, [3]],
          [2, [3]],
        ]),
      ),
    ).toBe(false);
    expect(
      p.prune(
        view,
        tr(1, 'running', [
          [1, [3]],
          [2, [3]],
          [3, [3]],
        ]),
      ),
    ).toBe(false);
    // Rung 1 (step 4): trial 0 had 1 there.
    expect(
      p.prune(
        view,
        tr(1, 'running', [
          [1, [3]],
          [4, [2]],
        ]),
      ),
    ).toBe(true);
    expect(
      p.prune(
        view,
        tr(1, 'running', [
          [1, [3]],
          [4, [0.5]],
        ]),
      ),
    ).toBe(false);
    // A report jumping over rungs 1 and 2 is judged at both with its value (trial 0 has no rung 2 value).
    expect(
      p.prune(
        view,
        tr(1, 'running', [
          [1, [3]],
          [20, [0.5]],
        ]),
      ),
    ).toBe(false);
    expect(
      p.prune(
        view,
        tr(1, 'running', [
          [1, [3]],
          [20, [2]],
        ]),
      ),
    ).toBe(true);
  });
});

describe('Pareto-rank pruner', () => {
  const others = [
    [1, 5],
    [5, 1],
    [3, 3],
    [4, 4],
  ];
  const view = (directions: ('minimize' | 'maximize')[], points: number[][]) =>
    createStudyView(
      'mo',
      directions,
      points.map((p, i) => tr(i, 'complete', [[1, p]], p)),
    );

  it('promotes a trial when fewer than max(1, floor(N / eta)) rung trials lie in strictly better fronts', () => {
    const p = createParetoRankPruner({ minResource: 1, reductionFactor: 2 });
    const v = view(['minimize', 'minimize'], others);
    // N = 5, quota 2. Fronts without the newcomer: {(1,5), (5,1), (3,3)} then {(4,4)}.
    const decide = (point: number[]) => p.prune(v, tr(9, 'running', [[1, point]]));
    expect(decide([2, 2])).toBe(false); // front 0 (dominates (3,3) and (4,4))
    expect(decide([0.5, 6])).toBe(false); // front 0, a new trade-off
    expect(decide([3.5, 3.5])).toBe(true); // front 1 behind 3 trials
    expect(decide([6, 6])).toBe(true); // front 2 behind 4 trials
    expect(decide([Number.NaN, 0])).toBe(true); // NaN at a rung is pruned, as in ASHA
  });

  it('follows each objective’s direction', () => {
    const p = createParetoRankPruner({ minResource: 1, reductionFactor: 2 });
    const flipped = others.map(([a, b]) => [-(a as number), b as number]);
    const v = view(['maximize', 'minimize'], flipped);
    expect(p.prune(v, tr(9, 'running', [[1, [-2, 2]]]))).toBe(false);
    expect(p.prune(v, tr(9, 'running', [[1, [-6, 6]]]))).toBe(true);
  });

  it('needs one value per objective in each report', () => {
    const p = createParetoRankPruner({ minResource: 1 });
    expect(() => p.prune(view(['minimize', 'minimize'], others), tr(9, 'running', [[1, [1]]]))).toThrow(/one value per objective/);
  });
});

describe('Hyperband', () => {
  it('assigns brackets by crc32("<study>_<number>") modulo the total budget, as Optuna', () => {
    // maxResource 27, minResource 1, eta 3: 4 brackets with budgets 27, 12, 6, 4 (total 49).
    // crc32 mod 49 of hb-study_0..4 is 1, 37, 9, 21, 3 -> brackets 0, 1, 0, 0, 0.
    expect([0, 1, 2, 3, 4].map((n) => hyperbandBracket('hb-study', n, [27, 12, 6, 4]))).toEqual([0, 1, 0, 0, 0]);
  });

  it("with 'auto' max resource, never prunes before a trial completes", () => {
    const p = createHyperbandPruner();
    expect(p.prune(createStudyView('h', ['minimize'], []), tr(0, 'running', [[1, [Number.NaN]]]))).toBe(false);
  });
});

describe('nop pruner', () => {
  it('never prunes', () => {
    expect(createNopPruner().prune(createStudyView('n', ['minimize'], []), tr(0, 'running', [[1, [Number.NaN]]]))).toBe(false);
  });
});
