/**
 * The contract every `Sampler` must keep (see `samplers/sampler.ts`), as framework-free checks that
 * throw `AssertionError` (node:assert) on a violation: run each case from any test runner, e.g.
 * `for (const c of samplerContractCases) it(c.name, () => c.run(factory))`.
 *
 * Checked: values inside their distributions for every kind (float, log, step, int, int step, int log,
 * categorical with mixed choice types, single-value); relative proposals only for names in the given
 * space; the relative space free of single-value and conditional parameters; the same values for the
 * same (seed, trial number, view, name) across instances, repeated calls and call orders, and
 * regardless of the running trial's other params; different seeds give different start-up values; no throw
 * for empty, tiny, failed-only, pruned-only or running-only histories, nor for several objectives;
 * maximising v proposes exactly what minimising -v does.
 */
import { strict as assert } from 'node:assert';
import {
  categoricalDistribution,
  containsInternal,
  floatDistribution,
  intDistribution,
  isSingleValue,
} from '../distributions/distributions.js';
import type { ParamDistribution, ParamValue } from '../distributions/distributions.js';
import { createRng } from '../math/rng.js';
import type { Sampler, StudyView } from '../samplers/sampler.js';
import type { FrozenTrial, StudyDirection, TrialState } from '../trial/frozen-trial.js';
import { makeStudyView, makeTrial } from './sampler-loop.js';

/** Builds the sampler under test for a seed (fix any other option, e.g. a small population). */
export type SamplerFactory = (seed: number) => Sampler;

/** One contract check. */
export interface SamplerContractCase {
  readonly name: string;
  run(factory: SamplerFactory): void;
}

/** A search space with every kind of distribution the library has. */
export const CONTRACT_SPACE: Readonly<Record<string, ParamDistribution>> = {
  a_float: floatDistribution(-3, 5),
  b_log: floatDistribution(1e-6, 1e-1, { log: true }),
  c_step: floatDistribution(0, 1, { step: 0.25 }),
  d_int: intDistribution(-4, 7),
  e_int_step: intDistribution(0, 30, { step: 3 }),
  f_int_log: intDistribution(1, 1024, { log: true }),
  g_cat: categoricalDistribution(['relu', 0.5, true, null, 'gelu']),
  h_single: floatDistribution(2, 2),
};

/** The value a `ParamValue` has in a distribution's internal representation, or null if illegal. */
function legalInternal(dist: ParamDistribution, value: ParamValue): number | null {
  if (dist.kind === 'categorical') {
    const i = dist.choices.findIndex((c) => c === value);
    return i < 0 ? null : i;
  }
  if (typeof value !== 'number' || !containsInternal(dist, value)) return null;
  if (dist.kind === 'int' && !Number.isInteger(value)) return null;
  return value;
}

function assertLegal(name: string, dist: ParamDistribution, value: ParamValue, where: string): void {
  assert.notEqual(
    legalInternal(dist, value),
    null,
    `${where}: '${name}' = ${JSON.stringify(value)} is not a legal value of ${JSON.stringify(dist)}`,
  );
}

/** Deterministic, seeded objective so histories are fixed across runs. */
function objectiveOf(params: Record<string, ParamValue>, k: number): number {
  let v = 0;
  for (const [name, value] of Object.entries(params)) {
    const x =
      typeof value === 'number' ? value : value === null ? 0.3 : typeof value === 'boolean' ? (value ? 0.7 : 0.1) : value.length / 10;
    v += Math.cos(x * (1 + name.length) + k) + 0.1 * x * x;
  }
  return v;
}

/**
 * A history of `n` trials over {@link CONTRACT_SPACE} (plus the conditional `z_cond` on odd trials),
 * drawn uniformly from `seed`; every seventh trial pruned (with reports), every eleventh failed.
 */
export function contractHistory(
  n: number,
  options: { seed?: number; objectives?: number; states?: readonly TrialState[] } = {},
): FrozenTrial[] {
  const rng = createRng(options.seed ?? 12345);
  const m = options.objectives ?? 1;
  const trials: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) {
    const params: Record<string, ParamValue> = {};
    const distributions: Record<string, ParamDistribution> = {};
    for (const [name, dist] of Object.entries(CONTRACT_SPACE)) {
      let value: ParamValue;
      if (dist.kind === 'categorical') value = dist.choices[rng.int(0, dist.choices.length - 1)] as ParamValue;
      else if (dist.kind === 'int') value = dist.low + dist.step * rng.int(0, Math.round((dist.high - dist.low) / dist.step));
      else if (dist.log) value = Math.exp(Math.log(dist.low) + rng.uniform() * (Math.log(dist.high) - Math.log(dist.low)));
      else if (dist.step !== null) value = dist.low + dist.step * rng.int(0, Math.round((dist.high - dist.low) / dist.step));
      else value = dist.low + rng.uniform() * (dist.high - dist.low);
      if (dist.kind === 'int' && dist.log) value = Math.round(value as number);
      params[name] = value;
      distributions[name] = dist;
    }
    if (i % 2 === 1) {
      params.z_cond = rng.uniform();
      distributions.z_cond = floatDistribution(0, 1);
    }
    const state: TrialState =
      options.states?.[i % options.states.length] ?? (i % 11 === 10 ? 'failed' : i % 7 === 6 ? 'pruned' : 'complete');
    const values = state === 'complete' ? Array.from({ length: m }, (_, k) => objectiveOf(params, k)) : null;
    const intermediateValues =
      state === 'pruned'
        ? [1, 2].map((step) => ({ step, values: Array.from({ length: m }, (_, k) => objectiveOf(params, k) + 1 / step) }))
        : [];
    trials.push(makeTrial({ number: i, state, values, params, distributions, intermediateValues }));
  }
  return trials;
}

/** Everything a sampler proposes for trial `number`, relative first, then each name independently. */
export function proposeAll(
  sampler: Sampler,
  view: StudyView,
  number: number,
  options: { order?: readonly string[]; space?: Readonly<Record<string, ParamDistribution>> } = {},
): Record<string, ParamValue> {
  const full = options.space ?? CONTRACT_SPACE;
  const running = makeTrial({ number, state: 'running' });
  const relSpace = sampler.inferRelativeSearchSpace(view, running);
  const relative = sampler.sampleRelative(view, running, relSpace);
  for (const name of Object.keys(relative)) {
    assert.ok(name in relSpace, `sampleRelative returned '${name}', which is not in the relative space`);
  }
  const out: Record<string, ParamValue> = {};
  for (const name of options.order ?? Object.keys(full)) {
    const dist = full[name] as ParamDistribution;
    const rel = relative[name];
    out[name] = name in relSpace && rel !== undefined ? rel : sampler.sampleIndependent(view, running, name, dist);
    assertLegal(name, dist, out[name] as ParamValue, `trial ${number}`);
  }
  return out;
}

const MIXED_SIZES = [0, 1, 3, 9, 10, 11, 24, 60];

/** The cases of the sampler contract. */
export const samplerContractCases: readonly SamplerContractCase[] = [
  {
    name: 'returns values inside their distributions for every kind, at every history size',
    run(factory) {
      for (const size of MIXED_SIZES) {
        const sampler = factory(1);
        const view = makeStudyView(contractHistory(size));
        for (const number of [size, size + 1, size + 5]) proposeAll(sampler, view, number);
      }
    },
  },
  {
    name: 'keeps single-value and conditional parameters out of the relative space',
    run(factory) {
      const sampler = factory(2);
      const history = contractHistory(60);
      const view = makeStudyView(history);
      const space = sampler.inferRelativeSearchSpace(view, makeTrial({ number: 60, state: 'running' }));
      for (const [name, dist] of Object.entries(space)) {
        assert.ok(!isSingleValue(dist), `relative space holds the single-value parameter '${name}'`);
        assert.notEqual(name, 'z_cond', 'relative space holds a parameter missing from some finished trials');
      }
      // The conditional parameter is still sampled inside its range.
      const value = sampler.sampleIndependent(view, makeTrial({ number: 60, state: 'running' }), 'z_cond', floatDistribution(0, 1));
      assertLegal('z_cond', floatDistribution(0, 1), value, 'trial 60');
    },
  },
  {
    name: 'is reproducible for the same seed, trial number and view (new instance, repeated call)',
    run(factory) {
      const view = makeStudyView(contractHistory(60));
      for (const number of [60, 61]) {
        const a = proposeAll(factory(3), view, number);
        const sampler = factory(3);
        assert.deepEqual(proposeAll(sampler, view, number), a);
        assert.deepEqual(proposeAll(sampler, view, number), a, 'a second call with the same inputs differs');
      }
    },
  },
  {
    name: 'does not depend on the order of calls for other trials or other parameters',
    run(factory) {
      const view = makeStudyView(contractHistory(60));
      const forward = factory(4);
      const p60 = proposeAll(forward, view, 60);
      const p61 = proposeAll(forward, view, 61);
      const backward = factory(4);
      const names = Object.keys(CONTRACT_SPACE).reverse();
      assert.deepEqual(proposeAll(backward, view, 61, { order: names }), p61);
      assert.deepEqual(proposeAll(backward, view, 60, { order: names }), p60);
    },
  },
  {
    name: "does not depend on the running trial's other parameters",
    run(factory) {
      const sampler = factory(5);
      const view = makeStudyView(contractHistory(60));
      const dist = CONTRACT_SPACE.a_float as ParamDistribution;
      const bare = sampler.sampleIndependent(view, makeTrial({ number: 60, state: 'running' }), 'a_float', dist);
      const withParams = makeTrial({
        number: 60,
        state: 'running',
        params: { d_int: 3 },
        distributions: { d_int: CONTRACT_SPACE.d_int as ParamDistribution },
      });
      assert.deepEqual(sampler.sampleIndependent(view, withParams, 'a_float', dist), bare);
    },
  },
  {
    // Only where the proposal is random: a model's argmax (GP's) may rightly not depend on the seed.
    name: 'gives different values for different seeds before a model takes over',
    run(factory) {
      for (const size of [0, 3]) {
        const view = makeStudyView(contractHistory(size));
        const a = [60, 61, 62].map((n) => proposeAll(factory(6), view, n));
        const b = [60, 61, 62].map((n) => proposeAll(factory(7), view, n));
        assert.notDeepEqual(a, b, `seeds 6 and 7 gave the same proposals with ${size} trials`);
      }
    },
  },
  {
    name: 'never throws for degenerate histories (failed, pruned without reports, running, waiting only)',
    run(factory) {
      const histories: FrozenTrial[][] = [
        contractHistory(15, { states: ['failed'] }),
        contractHistory(15, { states: ['running'] }),
        contractHistory(15, { states: ['waiting'] }),
        contractHistory(15, { states: ['pruned'] }).map((t) => ({ ...t, intermediateValues: [] })),
        contractHistory(15, { states: ['pruned'] }),
        // Identical objective values: a flat landscape.
        contractHistory(15).map((t) => (t.values === null ? t : { ...t, values: [1] })),
      ];
      for (const history of histories) proposeAll(factory(8), makeStudyView(history), history.length);
    },
  },
  {
    name: 'works with several objectives in either direction',
    run(factory) {
      const directions: StudyDirection[] = ['minimize', 'maximize'];
      for (const size of [5, 30, 60]) {
        const view = makeStudyView(contractHistory(size, { objectives: 2 }), directions);
        proposeAll(factory(9), view, size);
      }
    },
  },
  {
    name: 'treats maximising v exactly as minimising -v (single and several objectives)',
    run(factory) {
      const negate = (ts: FrozenTrial[], k: number): FrozenTrial[] =>
        ts.map((t) => ({
          ...t,
          values: t.values === null ? null : t.values.map((v, j) => (j === k ? -v : v)),
          intermediateValues: t.intermediateValues.map((iv) => ({ ...iv, values: iv.values.map((v, j) => (j === k ? -v : v)) })),
        }));
      const single = contractHistory(40);
      assert.deepEqual(
        proposeAll(factory(11), makeStudyView(negate(single, 0), ['maximize']), 40),
        proposeAll(factory(11), makeStudyView(single, ['minimize']), 40),
      );
      const multi = contractHistory(40, { objectives: 2 });
      assert.deepEqual(
        proposeAll(factory(11), makeStudyView(negate(multi, 1), ['minimize', 'maximize']), 40),
        proposeAll(factory(11), makeStudyView(multi, ['minimize', 'minimize']), 40),
      );
    },
  },
  {
    name: 'learns from parameters whose distribution changed only where the old values are still legal',
    run(factory) {
      // Trials that drew `a_float` from [-3, 5] now meet a narrower [0, 1]: no value outside it.
      const view = makeStudyView(contractHistory(30));
      const narrow = floatDistribution(0, 1);
      const sampler = factory(10);
      const value = sampler.sampleIndependent(view, makeTrial({ number: 30, state: 'running' }), 'a_float', narrow);
      assertLegal('a_float', narrow, value, 'trial 30');
    },
  },
];
