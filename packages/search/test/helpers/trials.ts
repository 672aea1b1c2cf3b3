import type { FrozenTrial } from '../../src/trial/frozen-trial.js';

/** A trial snapshot with the given reports, for pruner tests. */
export function trialWithReports(
  number: number,
  state: FrozenTrial['state'],
  reports: readonly (readonly [number, readonly number[]])[],
  values: readonly number[] | null = null,
): FrozenTrial {
  return {
    number,
    state,
    values,
    params: {},
    distributions: {},
    intermediateValues: reports.map(([step, v]) => ({ step, values: v })),
    userAttrs: {},
    systemAttrs: {},
    startedAt: 0,
    completedAt: null,
    failReason: null,
    heartbeatAt: null,
    workerId: null,
  };
}
