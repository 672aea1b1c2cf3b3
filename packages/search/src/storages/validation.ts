import { containsInternal, describeDistribution, distributionsEqual, toInternal } from '../distributions/distributions.js';
import { InvalidParamError, InvalidValuesError, TrialFinishedError, TrialStateError } from '../errors.js';
import { isFinished, type TrialState } from '../trial/frozen-trial.js';
import { validateObjectiveValues } from '../trial/values.js';
import type { StoredParam, TrialUpdate } from './storage.js';

/**
 * The storage contract's rules as plain functions, so that every backend (the shared in-memory
 * state, PostgreSQL) throws the same errors with the same messages.
 */

/** TrialFinishedError unless the trial is waiting or running. */
export function checkNotFinished(study: string, number: number, state: TrialState): void {
  if (isFinished(state)) {
    throw new TrialFinishedError(`trial ${number} of study '${study}' is already ${state}: a finished trial never changes`);
  }
}

/** TrialFinishedError or TrialStateError unless the trial is running. */
export function checkRunning(study: string, number: number, state: TrialState): void {
  checkNotFinished(study, number, state);
  if (state !== 'running') {
    throw new TrialStateError(`trial ${number} of study '${study}' must be running, got ${state} (claim it with ask() first)`);
  }
}

/** InvalidParamError for a value outside its distribution, or a name set again differently. */
export function checkParams(study: string, number: number, existing: readonly StoredParam[], incoming: readonly StoredParam[]): void {
  const seen = new Map<string, StoredParam>();
  for (const p of [...existing, ...incoming]) {
    const prev = seen.get(p.name);
    if (prev === undefined) {
      checkParam(study, number, p);
      seen.set(p.name, p);
    } else if (prev.value !== p.value || !distributionsEqual(prev.distribution, p.distribution)) {
      throw new InvalidParamError(
        `trial ${number} of study '${study}': parameter '${p.name}' is already ${JSON.stringify(prev.value)} from ${describeDistribution(prev.distribution)}, got ${JSON.stringify(p.value)} from ${describeDistribution(p.distribution)}`,
      );
    }
  }
}

function checkParam(study: string, number: number, p: StoredParam): void {
  if (p.name.length === 0) throw new InvalidParamError(`trial ${number} of study '${study}': parameter names must not be empty`);
  if (p.distribution.kind === 'categorical') {
    toInternal(p.distribution, p.value, p.name);
  } else if (typeof p.value !== 'number' || !containsInternal(p.distribution, p.value)) {
    throw new InvalidParamError(
      `trial ${number} of study '${study}': parameter '${p.name}' must lie in ${describeDistribution(p.distribution)}, got ${JSON.stringify(p.value)}`,
    );
  }
}

/** InvalidValuesError for a bad step or a value count other than 1 or one per objective. */
export function checkReport(study: string, number: number, step: number, values: readonly number[], objectives: number): void {
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new InvalidValuesError(`trial ${number} of study '${study}': \`step\` must be an integer >= 0, got ${step}`);
  }
  if (values.length !== 1 && values.length !== objectives) {
    throw new InvalidValuesError(
      `trial ${number} of study '${study}': a report must hold 1${objectives > 1 ? ` or ${objectives}` : ''} value(s), got ${values.length}`,
    );
  }
  if (values.some((v) => typeof v !== 'number')) {
    throw new InvalidValuesError(`trial ${number} of study '${study}': report values must be numbers, got ${JSON.stringify(values)}`);
  }
}

/** InvalidValuesError unless a complete trial has one finite value per objective and others none. */
export function checkFinish(study: string, number: number, finish: NonNullable<TrialUpdate['finish']>, objectives: number): void {
  if (finish.state === 'complete') {
    const problem = validateObjectiveValues(finish.values ?? [], objectives);
    if (finish.values === null || problem !== null) {
      throw new InvalidValuesError(`trial ${number} of study '${study}': ${problem ?? '`values` must be given for a complete trial'}`);
    }
  } else if (finish.values !== null) {
    throw new InvalidValuesError(`trial ${number} of study '${study}': \`values\` must be null for a ${finish.state} trial`);
  }
}

/** TrialStateError unless a running trial has no params and no reports (a claim that can be handed back). */
export function checkReleasable(study: string, number: number, state: TrialState, params: number, reports: number): void {
  checkRunning(study, number, state);
  if (params > 0 || reports > 0) {
    throw new TrialStateError(`trial ${number} of study '${study}' must have no params and no reports to be released`);
  }
}

/** Attributes must survive JSON (journal lines, PostgreSQL jsonb): finite numbers, plain data only. */
export function checkJson(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidValuesError(`\`${path}\` must be JSON data with finite numbers, got ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkJson(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) checkJson(v, `${path}.${k}`);
    return;
  }
  throw new InvalidValuesError(`\`${path}\` must be JSON data (null, boolean, number, string, array, plain object), got ${typeof value}`);
}
