import type { ParamDistribution, ParamValue } from '../distributions/distributions.js';

/**
 * Lifecycle of a trial. `waiting`: enqueued with fixed params, not yet claimed by a worker;
 * `running`: claimed; the other three are final and never change again.
 */
export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';

/** States after which a trial never changes. */
export const FINISHED_STATES: readonly TrialState[] = ['complete', 'pruned', 'failed'];

/** Whether a state is final. */
export function isFinished(state: TrialState): boolean {
  return state === 'complete' || state === 'pruned' || state === 'failed';
}

/** Whether each objective is minimised or maximised. */
export type StudyDirection = 'minimize' | 'maximize';

/** JSON-serialisable data, for user and system attributes. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One intermediate report: a step and one value per objective (several for multi-objective pruning). */
export interface IntermediateValue {
  readonly step: number;
  readonly values: readonly number[];
}

/**
 * An immutable snapshot of a trial, what samplers, pruners and users read. Storages return fresh
 * snapshots; nobody mutates one.
 */
export interface FrozenTrial {
  /** 0-based, unique and gap-free within the study, assigned by the storage at creation. */
  readonly number: number;
  readonly state: TrialState;
  /** Objective values once `complete` (one per direction); null otherwise. */
  readonly values: readonly number[] | null;
  /** Parameter values as the objective saw them. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The distribution each parameter was drawn from (same keys as `params`). */
  readonly distributions: Readonly<Record<string, ParamDistribution>>;
  /** Reports in increasing step order; a step reported twice keeps the first value (as Optuna). */
  readonly intermediateValues: readonly IntermediateValue[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  /** Library bookkeeping (e.g. the enqueued flag, sampler state such as NSGA-II generation). */
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /** Epoch milliseconds; null while `waiting`. */
  readonly startedAt: number | null;
  /** Epoch milliseconds; null until finished. */
  readonly completedAt: number | null;
  /** Why the trial failed (error message, NaN value...), for `failed` trials. */
  readonly failReason: string | null;
  /** Epoch milliseconds of the last heartbeat of the worker running it; null if none recorded. */
  readonly heartbeatAt: number | null;
  /** Identifier of the worker that claimed it, for heartbeats and diagnostics. */
  readonly workerId: string | null;
}
