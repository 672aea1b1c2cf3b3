import type { FrozenTrial } from '../../src/trial/frozen-trial.js';

/** A trial snapshot: a complete trial with no params, values, reports or attributes unless given. */
export function frozenTrial(fields: Partial<FrozenTrial> & Pick<FrozenTrial, 'number'>): FrozenTrial {
  return {
    state: 'complete',
    values: null,
    params: {},
    distributions: {},
    intermediateValues: [],
    userAttrs: {},
    systemAttrs: {},
    startedAt: 0,
    completedAt: 0,
    failReason: null,
    heartbeatAt: null,
    workerId: null,
    ...fields,
  };
}

/** A trial snapshot with the given reports, for pruner tests. */
export function trialWithReports(
  number: number,
  state: FrozenTrial['state'],
  reports: readonly (readonly [number, readonly number[]])[],
  values: readonly number[] | null = null,
): FrozenTrial {
  return frozenTrial({ number, state, values, intermediateValues: reports.map(([step, v]) => ({ step, values: v })), completedAt: null });
}
