import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStudyView } from '../study/study-view.js';
import type { FrozenTrial, StudyDirection } from '../trial/frozen-trial.js';
import { createHyperbandPruner } from './hyperband.js';
import { createMedianPruner, createPercentilePruner } from './percentile.js';
import { createParetoRankPruner } from './pareto-rank.js';
import type { Pruner } from './pruner.js';
import { createSuccessiveHalvingPruner } from './successive-halving.js';

// Made by test/fixtures/make_pruner_decisions.py with Optuna 3.1: Optuna's decision at every report of
// fixed learning curves, one sequential worker. Our pruners must decide exactly the same.
interface Scenario {
  name: string;
  pruner: 'median' | 'percentile' | 'successive-halving' | 'hyperband';
  options: Record<string, number | string>;
  direction: StudyDirection;
  studyName: string;
  trials: { steps: number[]; values: (number | 'NaN')[]; decisions: boolean[] }[];
}
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/pruner-decisions.json', import.meta.url), 'utf8')) as {
  optunaVersion: string;
  scenarios: Scenario[];
};

function makePruner(s: Scenario): Pruner {
  const o = s.options as never;
  switch (s.pruner) {
    case 'median':
      return createMedianPruner(o);
    case 'percentile':
      return createPercentilePruner(o);
    case 'successive-halving':
      return createSuccessiveHalvingPruner(o);
    case 'hyperband':
      return createHyperbandPruner(o);
  }
}

function frozen(
  number: number,
  state: FrozenTrial['state'],
  reports: { step: number; values: number[] }[],
  values: number[] | null,
): FrozenTrial {
  return {
    number,
    state,
    values,
    params: {},
    distributions: {},
    intermediateValues: reports,
    userAttrs: {},
    systemAttrs: {},
    startedAt: 0,
    completedAt: null,
    failReason: null,
    heartbeatAt: null,
    workerId: null,
  };
}

function replay(s: Scenario, pruner: Pruner): void {
  const done: FrozenTrial[] = [];
  let checked = 0;
  s.trials.forEach((t, number) => {
    const reports: { step: number; values: number[] }[] = [];
    const view = createStudyView(s.studyName, [s.direction], done);
    t.steps.forEach((step, i) => {
      const v = t.values[i];
      reports.push({ step, values: [v === 'NaN' ? Number.NaN : (v as number)] });
      const decision = pruner.prune(view, frozen(number, 'running', [...reports], null));
      expect(decision, `trial ${number} step ${step}`).toBe(t.decisions[i]);
      checked++;
    });
    const pruned = t.decisions.at(-1) === true;
    const last = reports.at(-1)?.values[0] as number;
    done.push(frozen(number, pruned ? 'pruned' : 'complete', reports, pruned ? null : [Number.isNaN(last) ? 1e9 : last]));
  });
  expect(checked).toBeGreaterThan(s.trials.length);
}

describe(`pruners take Optuna ${fixture.optunaVersion}'s decisions`, () => {
  for (const s of fixture.scenarios) it(s.name, () => replay(s, makePruner(s)));
});

describe('the Pareto-rank pruner with one objective is successive halving', () => {
  for (const s of fixture.scenarios.filter((x) => x.pruner === 'successive-halving')) {
    it(s.name, () => replay(s, createParetoRankPruner(s.options as never)));
  }
});
