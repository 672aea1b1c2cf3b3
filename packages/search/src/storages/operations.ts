import type { ParamValue } from '../distributions/distributions.js';
import type { JsonValue, StudyDirection } from '../trial/frozen-trial.js';
import type { FinishedState, StoredParam } from './storage.js';

/**
 * The elementary changes a storage records. The in-memory storage applies them directly; the journal
 * storage writes one per line and rebuilds its state by applying them again, so both share one
 * implementation of the rules ({@link StorageState}). Every field a replay needs (trial number,
 * timestamps) is in the operation itself, which makes a replay deterministic.
 */
export type Operation =
  | CreateStudyOp
  | DeleteStudyOp
  | SetStudyAttrsOp
  | CreateTrialOp
  | ClaimTrialOp
  | SetParamsOp
  | SetTrialAttrsOp
  | ReportOp
  | HeartbeatOp
  | FinishTrialOp
  | RequeueTrialOp;

/** A new study. */
export interface CreateStudyOp {
  readonly op: 'createStudy';
  readonly study: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly at: number;
}

/** A study removed with its trials. */
export interface DeleteStudyOp {
  readonly op: 'deleteStudy';
  readonly study: string;
}

/** Study attributes merged in. */
export interface SetStudyAttrsOp {
  readonly op: 'setStudyAttrs';
  readonly study: string;
  readonly user: Readonly<Record<string, JsonValue>>;
  readonly system: Readonly<Record<string, JsonValue>>;
}

/** A new trial with the next number: `waiting` (enqueued) or `running` (started by a worker). */
export interface CreateTrialOp {
  readonly op: 'createTrial';
  readonly study: string;
  readonly number: number;
  readonly state: 'waiting' | 'running';
  readonly workerId: string | null;
  readonly heartbeat: boolean;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly at: number;
}

/** A waiting trial claimed by a worker (now `running`). */
export interface ClaimTrialOp {
  readonly op: 'claimTrial';
  readonly study: string;
  readonly number: number;
  readonly workerId: string;
  readonly heartbeat: boolean;
  readonly at: number;
}

/** Params set on a running trial. */
export interface SetParamsOp {
  readonly op: 'setParams';
  readonly study: string;
  readonly number: number;
  readonly params: readonly StoredParam[];
}

/** Trial attributes merged in. */
export interface SetTrialAttrsOp {
  readonly op: 'setTrialAttrs';
  readonly study: string;
  readonly number: number;
  readonly user: Readonly<Record<string, JsonValue>>;
  readonly system: Readonly<Record<string, JsonValue>>;
}

/** One intermediate report (values may be NaN or infinite). */
export interface ReportOp {
  readonly op: 'report';
  readonly study: string;
  readonly number: number;
  readonly step: number;
  readonly values: readonly number[];
}

/** A heartbeat of the worker running the trial. */
export interface HeartbeatOp {
  readonly op: 'heartbeat';
  readonly study: string;
  readonly number: number;
  readonly at: number;
}

/** The trial's final state. */
export interface FinishTrialOp {
  readonly op: 'finishTrial';
  readonly study: string;
  readonly number: number;
  readonly state: FinishedState;
  readonly values: readonly number[] | null;
  readonly failReason: string | null;
  readonly at: number;
}

/**
 * A running trial put back to `waiting`: `stale` (its worker stopped sending heartbeats; the params
 * it had become fixed params and its reports are dropped) or `released` (claimed but not started).
 */
export interface RequeueTrialOp {
  readonly op: 'requeueTrial';
  readonly study: string;
  readonly number: number;
  readonly reason: 'stale' | 'released';
  readonly at: number;
}

/** The system attribute holding an enqueued trial's fixed params. */
export const FIXED_PARAMS_ATTR = 'fixedParams';
/** The system attribute counting how often a trial was re-queued after its worker died. */
export const REQUEUE_COUNT_ATTR = 'requeueCount';

/** Fixed params of a trial from its system attributes (empty when none). */
export function fixedParamsOf(systemAttrs: Readonly<Record<string, JsonValue>>): Record<string, ParamValue> {
  const fixed = systemAttrs[FIXED_PARAMS_ATTR];
  if (fixed === null || fixed === undefined || typeof fixed !== 'object' || Array.isArray(fixed)) return {};
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(fixed)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}
