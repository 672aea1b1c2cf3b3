import { distributionsEqual } from '../distributions/distributions.js';
import { InvalidParamError, StorageError } from '../errors.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import { FIXED_PARAMS_ATTR, type Operation } from './operations.js';
import type { NewStudy, NewWaitingTrial, ReapStaleOptions, StoredParam, TrialClaim, TrialUpdate } from './storage.js';
import type { StorageState } from './storage-state.js';

/**
 * Turns each storage call into the operations it records, given the current state. Shared by the
 * in-memory and journal storages; the caller checks every operation before applying any, which makes
 * a call all-or-nothing.
 */

/** Operations of `createStudy`. */
export function planCreateStudy(study: NewStudy): Operation[] {
  return [
    {
      op: 'createStudy',
      study: study.studyName,
      directions: [...study.directions],
      userAttrs: study.userAttrs ?? {},
      systemAttrs: study.systemAttrs ?? {},
      at: study.now,
    },
  ];
}

/** Operations of `enqueueTrial`. */
export function planEnqueue(state: StorageState, studyName: string, trial: NewWaitingTrial): Operation[] {
  return [
    {
      op: 'createTrial',
      study: studyName,
      number: state.trialCount(studyName),
      state: 'waiting',
      workerId: null,
      heartbeat: false,
      userAttrs: trial.userAttrs ?? {},
      systemAttrs: { ...trial.systemAttrs, [FIXED_PARAMS_ATTR]: { ...trial.fixedParams } },
      at: trial.now,
    },
  ];
}

/** Operations of `startTrial`: claim the oldest waiting trial, else create one. */
export function planStart(state: StorageState, studyName: string, claim: TrialClaim): Operation[] {
  const waiting = state.oldestWaiting(studyName);
  if (waiting !== null) {
    return [{ op: 'claimTrial', study: studyName, number: waiting, workerId: claim.workerId, heartbeat: claim.heartbeat, at: claim.now }];
  }
  return [
    {
      op: 'createTrial',
      study: studyName,
      number: state.trialCount(studyName),
      state: 'running',
      workerId: claim.workerId,
      heartbeat: claim.heartbeat,
      userAttrs: {},
      systemAttrs: {},
      at: claim.now,
    },
  ];
}

/** The number `startTrial` returns once its operations are applied. */
export function startedNumber(ops: readonly Operation[]): number {
  const op = ops[0];
  if (op === undefined || (op.op !== 'claimTrial' && op.op !== 'createTrial')) throw new StorageError('internal: not a start plan');
  return op.number;
}

/**
 * Operations of `updateTrial`, without the parts that would change nothing (params already set the
 * same way, steps already reported), so the journal stays small. The trial's existence and state are
 * still checked when nothing is left to write.
 */
export function planUpdate(state: StorageState, studyName: string, number: number, update: TrialUpdate): Operation[] {
  const current = state.getTrial(studyName, number);
  const ops: Operation[] = [];
  if (update.params !== undefined && update.params.length > 0) {
    const fresh = dedupeParams(studyName, number, update.params).filter((p) => {
      const prev = current.params[p.name];
      const prevDist = current.distributions[p.name];
      return !(prev !== undefined && prev === p.value && prevDist !== undefined && distributionsEqual(prevDist, p.distribution));
    });
    if (fresh.length > 0) ops.push({ op: 'setParams', study: studyName, number, params: fresh });
  }
  if (update.userAttrs !== undefined || update.systemAttrs !== undefined) {
    ops.push({ op: 'setTrialAttrs', study: studyName, number, user: update.userAttrs ?? {}, system: update.systemAttrs ?? {} });
  }
  const reported = new Set(current.intermediateValues.map((r) => r.step));
  for (const r of update.reports ?? []) {
    if (reported.has(r.step)) continue;
    reported.add(r.step);
    ops.push({ op: 'report', study: studyName, number, step: r.step, values: [...r.values] });
  }
  if (update.heartbeatAt !== undefined) ops.push({ op: 'heartbeat', study: studyName, number, at: update.heartbeatAt });
  if (update.finish !== undefined) {
    const f = update.finish;
    ops.push({
      op: 'finishTrial',
      study: studyName,
      number,
      state: f.state,
      values: f.values === null ? null : [...f.values],
      failReason: f.failReason,
      at: f.now,
    });
  }
  // An empty batch must still fail on a finished or missing trial, like any other update.
  if (ops.length === 0) state.check({ op: 'setTrialAttrs', study: studyName, number, user: {}, system: {} });
  if (ops.some((op) => op.op !== 'setTrialAttrs')) {
    state.check({ op: 'heartbeat', study: studyName, number, at: 0 });
  }
  return ops;
}

function dedupeParams(studyName: string, number: number, params: readonly StoredParam[]): StoredParam[] {
  const byName = new Map<string, StoredParam>();
  for (const p of params) {
    const prev = byName.get(p.name);
    if (prev === undefined) byName.set(p.name, p);
    else if (prev.value !== p.value || !distributionsEqual(prev.distribution, p.distribution)) {
      throw new InvalidParamError(`trial ${number} of study '${studyName}': parameter '${p.name}' given twice with different values`);
    }
  }
  return [...byName.values()];
}

/** Operations of `releaseTrial`. */
export function planRelease(studyName: string, number: number, now: number): Operation[] {
  return [{ op: 'requeueTrial', study: studyName, number, reason: 'released', at: now }];
}

/** Operations of `reapStaleTrials`, and the numbers they touch. */
export function planReap(state: StorageState, studyName: string, options: ReapStaleOptions): Operation[] {
  return state.staleTrials(studyName, options.staleBefore, options.goneWorkers).map((t): Operation =>
    options.action === 'requeue'
      ? { op: 'requeueTrial', study: studyName, number: t.number, reason: 'stale', at: options.now }
      : {
          op: 'finishTrial',
          study: studyName,
          number: t.number,
          state: 'failed',
          values: null,
          failReason: staleReason(t, options),
          at: options.now,
        },
  );
}

/** The fail reason of a trial whose worker stopped sending heartbeats. */
export function staleReason(t: FrozenTrial, options: ReapStaleOptions): string {
  if (t.workerId !== null && t.workerId !== undefined && options.goneWorkers?.includes(t.workerId))
    return `worker ${t.workerId} is gone (its process ended)`;
  const last = t.heartbeatAt === null ? 'never' : new Date(t.heartbeatAt).toISOString();
  return `stale heartbeat: worker ${t.workerId ?? '?'} last sent one at ${last}, before ${new Date(options.staleBefore).toISOString()}`;
}

/** Numbers of the trials an operation list touches, in order, without repeats. */
export function touchedNumbers(ops: readonly Operation[]): number[] {
  const out: number[] = [];
  for (const op of ops) if ('number' in op && !out.includes(op.number)) out.push(op.number);
  return out;
}
