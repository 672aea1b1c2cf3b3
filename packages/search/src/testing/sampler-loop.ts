/**
 * A minimal ask/tell loop over the `Sampler` interface alone, for the sampler contract suite, sampler
 * tests and the sampling-quality benchmark: it builds `FrozenTrial` snapshots and study views the way
 * a study does (relative proposal first, then independent draws as the objective asks, define-by-run),
 * without storage or a `Study`.
 */
import type { ParamDistribution, ParamValue } from '../distributions/distributions.js';
import type { Sampler, StudyView } from '../samplers/sampler.js';
import type { FrozenTrial, IntermediateValue, StudyDirection, TrialState } from '../trial/frozen-trial.js';

/** Fields of a trial a test cares about; the rest get neutral defaults. */
export interface TrialInit {
  readonly number: number;
  readonly state?: TrialState;
  readonly values?: readonly number[] | null;
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly distributions?: Readonly<Record<string, ParamDistribution>>;
  readonly intermediateValues?: readonly IntermediateValue[];
}

/** A complete `FrozenTrial` from the fields given (state default `complete`). */
export function makeTrial(init: TrialInit): FrozenTrial {
  const state = init.state ?? 'complete';
  return {
    number: init.number,
    state,
    values: init.values ?? null,
    params: init.params ?? {},
    distributions: init.distributions ?? {},
    intermediateValues: init.intermediateValues ?? [],
    userAttrs: {},
    systemAttrs: {},
    startedAt: state === 'waiting' ? null : 0,
    completedAt: state === 'complete' || state === 'pruned' || state === 'failed' ? 0 : null,
    failReason: state === 'failed' ? 'failed in a test' : null,
    heartbeatAt: null,
    workerId: null,
  };
}

/** A fixed study view over `trials` (sorted by number). */
export function makeStudyView(trials: readonly FrozenTrial[], directions: readonly StudyDirection[] = ['minimize']): StudyView {
  const sorted = [...trials].sort((a, b) => a.number - b.number);
  return {
    studyName: 'test-study',
    directions,
    getTrials(options) {
      const states = options?.states;
      return states === undefined ? sorted : sorted.filter((t) => states.includes(t.state));
    },
  };
}

/** Draws the parameter `name` from `dist` inside an objective. */
export type Suggest = (name: string, dist: ParamDistribution) => ParamValue;

/** Proposes the parameters of trial `number` given the finished `history`, define-by-run style. */
export function askParams(
  sampler: Sampler,
  history: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  number: number,
  objective: (suggest: Suggest) => number | readonly number[],
): { trial: FrozenTrial; durationMs: number } {
  const view = makeStudyView(history, directions);
  const params: Record<string, ParamValue> = {};
  const distributions: Record<string, ParamDistribution> = {};
  let running = makeTrial({ number, state: 'running' });
  let durationMs = 0;
  const t0 = performance.now();
  const space = sampler.inferRelativeSearchSpace(view, running);
  const relative = sampler.sampleRelative(view, running, space);
  durationMs += performance.now() - t0;
  const suggest: Suggest = (name, dist) => {
    if (name in params) return params[name] as ParamValue;
    const t = performance.now();
    const fromRelative = name in space && name in relative ? relative[name] : undefined;
    const value = fromRelative !== undefined ? fromRelative : sampler.sampleIndependent(view, running, name, dist);
    durationMs += performance.now() - t;
    params[name] = value;
    distributions[name] = dist;
    running = makeTrial({ number, state: 'running', params: { ...params }, distributions: { ...distributions } });
    return value;
  };
  const result = objective(suggest);
  const values = typeof result === 'number' ? [result] : [...result];
  return { trial: makeTrial({ number, values, params, distributions }), durationMs };
}

/** Runs `nTrials` sequential trials and returns them (all complete). */
export function runSamplerLoop(options: {
  readonly sampler: Sampler;
  readonly nTrials: number;
  readonly directions?: readonly StudyDirection[];
  readonly objective: (suggest: Suggest) => number | readonly number[];
}): FrozenTrial[] {
  const directions = options.directions ?? ['minimize'];
  const trials: FrozenTrial[] = [];
  for (let i = 0; i < options.nTrials; i++) {
    trials.push(askParams(options.sampler, trials, directions, i, options.objective).trial);
  }
  return trials;
}
