import {
  bertGroups,
  flat,
  LrDistribution,
  paperCombined,
  parseDistribution,
  resample,
  scale,
  serializeDistribution,
} from '@lrdist/combine';
import { resolveParamGroups } from '@lrdist/model';
import { describe, expect, it } from 'vitest';
import { MethodPlanError } from './errors.js';
import { lrRecord, planMethods } from './methods.js';

const base = { layers: 4, flatLr: 1e-4, llrdXi: 0.8, ewcLambda: 100, combined: null } as const;

describe('planMethods', () => {
  it("gives every method one LR per group of the model's six groups", () => {
    const plans = planMethods({ ...base, methods: ['flat', 'flat-matched', 'llrd', 'ewc', 'paper-combined'] });
    for (const p of plans) expect(Object.keys(p.lrs)).toEqual(['embeddings', 'layer_0', 'layer_1', 'layer_2', 'layer_3', 'head']);
    const byName = Object.fromEntries(plans.map((p) => [p.name, p]));
    expect(Object.values(byName['flat']!.lrs).every((lr) => lr === 1e-4)).toBe(true);
    expect(byName['ewc']!.ewcLambda).toBe(100);
    expect(byName['ewc']!.ewcFisher).toBe('example');
    expect(planMethods({ ...base, methods: ['ewc'], ewcFisher: 'batch' })[0]!.ewcFisher).toBe('batch');
    expect(byName['flat']!.ewcFisher).toBeUndefined();
    // LLRD: the top layer and the head keep lr; each layer down is multiplied by xi (tolerance 1e-12 relative).
    const l = byName['llrd']!.lrs;
    expect(l['head']).toBe(1e-4);
    expect(Math.abs(l['layer_2']! / l['layer_3']! - 0.8)).toBeLessThan(1e-12);
    expect(Math.abs(l['embeddings']! / 1e-4 - 0.8 ** 4)).toBeLessThan(1e-12);
  });

  it("places the pooler at the head's LR by default, at the top layer's with `top`, at 0 with `frozen`", () => {
    const methods = ['llrd', 'paper-combined'] as const;
    for (const p of planMethods({ ...base, methods: [...methods] })) expect(p.lrs['pooler']).toBeUndefined();
    for (const p of planMethods({ ...base, methods: [...methods], pooler: 'top' })) {
      expect(p.lrs['pooler']).toBe(p.lrs['layer_3']);
      expect(p.description).toMatch(/pooler at the top layer's LR$/);
    }
    for (const p of planMethods({ ...base, methods: [...methods], pooler: 'frozen' })) expect(p.lrs['pooler']).toBe(0);
  });

  it("transfers the paper's distribution by depth and matches flat-matched to its scale without a combined one", () => {
    const plans = planMethods({ ...base, methods: ['paper-combined', 'flat-matched'] });
    const paper = resample(paperCombined(), bertGroups(4));
    expect(plans[0]!.lrs).toEqual(Object.fromEntries(paper.groups.map((g) => [g.name, g.lr])));
    const s = scale(paper);
    for (const lr of Object.values(plans[1]!.lrs)) expect(Math.abs(lr / s - 1)).toBeLessThan(1e-12);
  });

  it('matches flat-matched to the combined distribution when there is one, and needs it for `combined`', () => {
    const combined = resample(flat(3e-5, bertGroups(4)), bertGroups(4));
    const plans = planMethods({ ...base, combined, methods: ['combined', 'flat-matched'] });
    expect(Object.values(plans[1]!.lrs).every((lr) => Math.abs(lr / 3e-5 - 1) < 1e-12)).toBe(true);
    expect(() => planMethods({ ...base, methods: ['combined'] })).toThrow(MethodPlanError);
    expect(() => planMethods({ ...base, methods: ['searched'] })).toThrow(/--distribution/);
  });

  it('plans l2sp as the flat rates with its strength, and needs the strength', () => {
    const [plan] = planMethods({ ...base, methods: ['l2sp'], l2spAlpha: 0.1 });
    expect(Object.values(plan!.lrs).every((lr) => lr === 1e-4)).toBe(true);
    expect(plan!.l2spAlpha).toBe(0.1);
    expect(plan!.ewcLambda).toBeUndefined();
    expect(planMethods({ ...base, methods: ['flat'], l2spAlpha: 0.1 })[0]!.l2spAlpha).toBeUndefined();
    expect(() => planMethods({ ...base, methods: ['l2sp'] })).toThrow(
      new MethodPlanError('--methods l2sp needs its strength: pass --l2sp-alpha (or use a model with a tuned default)'),
    );
  });

  it('plans the searched controls from their distributions (resampled to the model), and says how to make a missing one', () => {
    const flatSearched = flat(2e-4, bertGroups(2));
    const encoderHead = new LrDistribution(flat(1e-5, bertGroups(4)).groups.map((g) => ({ ...g, lr: g.name === 'head' ? 1e-3 : g.lr })));
    const plans = planMethods({
      ...base,
      methods: ['flat-searched', 'two-group'],
      controls: { 'flat-searched': flatSearched, 'two-group': encoderHead },
    });
    expect(Object.values(plans[0]!.lrs).every((lr) => Math.abs(lr / 2e-4 - 1) < 1e-12)).toBe(true);
    expect(plans[1]!.lrs['head']).toBeCloseTo(1e-3, 15);
    expect(plans[1]!.lrs['layer_2']).toBeCloseTo(1e-5, 15);
    expect(plans[1]!.description).toMatch(/^encoder 1\.00e-5, head 1\.00e-3/);
    expect(() => planMethods({ ...base, methods: ['two-group'] })).toThrow(/pnpm bench search --space two-group/);
  });

  describe('hands the model the distribution as it is', () => {
    // One variable of every kind of a 4-layer model with one task head.
    const variables = [
      'embeddings.word_embeddings.weight',
      ...[0, 1, 2, 3].map((i) => `encoder.layer.${i}.attention.self.query.weight`),
      'pooler.dense.weight',
      'heads.mrpc.weight',
    ];
    const combined = resample(paperCombined(), bertGroups(4));
    const every = {
      ...base,
      methods: ['flat', 'flat-matched', 'llrd', 'ewc', 'paper-combined', 'combined', 'searched', 'flat-searched', 'two-group'] as const,
      combined,
      searched: flat(3e-5, bertGroups(12)),
      controls: { 'flat-searched': flat(2e-4, bertGroups(2)), 'two-group': flat(1e-5, bertGroups(4)) },
    };

    it.each(['head', 'top', 'frozen'] as const)('with the pooler at %s: the same groups and rates as the record', (pooler) => {
      for (const plan of planMethods({ ...every, methods: [...every.methods], pooler })) {
        if (pooler === 'head') expect(plan.lr).toBe(plan.distribution);
        const fromRecord = resolveParamGroups(variables, 4, plan.lrs);
        expect(resolveParamGroups(variables, 4, plan.lr)).toEqual(fromRecord);
        expect(resolveParamGroups(variables, 4, plan.distribution)).toEqual(
          resolveParamGroups(variables, 4, Object.fromEntries(plan.distribution.groups.map((g) => [g.name, g.lr]))),
        );
        // What a worker thread receives (postMessage clones the value; a class's methods do not travel).
        expect(resolveParamGroups(variables, 4, structuredClone(plan.lr))).toEqual(fromRecord);
        expect(fromRecord.find((g) => g.variables.includes('pooler.dense.weight'))!.name).toBe(pooler === 'head' ? 'head' : 'pooler');
      }
    });

    it('keeps the record results.json configs and phase-A keys were written in, byte for byte', () => {
      const [flatPlan, llrdPlan] = planMethods({ ...base, methods: ['flat', 'llrd'], pooler: 'top' });
      expect(JSON.stringify(flatPlan!.lrs)).toBe(
        '{"embeddings":0.0001,"layer_0":0.0001,"layer_1":0.0001,"layer_2":0.0001,"layer_3":0.0001,"head":0.0001,"pooler":0.0001}',
      );
      expect(Object.keys(llrdPlan!.lrs)).toEqual(['embeddings', 'layer_0', 'layer_1', 'layer_2', 'layer_3', 'head', 'pooler']);
      expect(lrRecord(llrdPlan!.distribution)).toEqual(Object.fromEntries(llrdPlan!.distribution.groups.map((g) => [g.name, g.lr])));
    });

    it('walks a distribution file into the optimiser with no converter between', () => {
      const file = serializeDistribution(paperCombined());
      const [plan] = planMethods({ ...base, methods: ['combined'], combined: parseDistribution(file) });
      const groups = resolveParamGroups(variables, 4, plan!.lr);
      expect(groups.map((g) => [g.name, g.lr])).toEqual(combined.groups.map((g) => [g.name, g.lr]));
    });
  });
});
