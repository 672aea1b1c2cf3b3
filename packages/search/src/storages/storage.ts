import type { ParamDistribution, ParamValue } from '../distributions/distributions.js';
import type { FrozenTrial, IntermediateValue, JsonValue, StudyDirection, TrialState } from '../trial/frozen-trial.js';

/** A study as a storage holds it. */
export interface StoredStudy {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  /** Library settings stored with the study, e.g. `deterministicLag`. */
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

/** A study with its trial counts per state, for listings. */
export interface StudySummary extends StoredStudy {
  readonly trialCounts: Readonly<Record<TrialState, number>>;
}

/** What `createStudy` stores. */
export interface NewStudy {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  readonly now: number;
}

/** One parameter as stored: the value the objective saw and its distribution. */
export interface StoredParam {
  readonly name: string;
  readonly value: ParamValue;
  readonly distribution: ParamDistribution;
}

/** What `enqueueTrial` stores: a `waiting` trial whose params are fixed in `systemAttrs.fixedParams`. */
export interface NewWaitingTrial {
  readonly fixedParams: Readonly<Record<string, ParamValue>>;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  readonly now: number;
}

/** Who starts a trial, and whether it will send heartbeats (then `heartbeatAt` starts at `now`). */
export interface TrialClaim {
  readonly workerId: string;
  readonly heartbeat: boolean;
  readonly now: number;
}

/** Final state of a trial. */
export type FinishedState = 'complete' | 'pruned' | 'failed';

/**
 * A batch of changes to one trial, applied in this order: params, attributes, reports, heartbeat,
 * finish. Params, reports, heartbeat and finish need a `running` trial; attributes also accept a
 * `waiting` one. Nothing changes a finished trial (TrialFinishedError).
 */
export interface TrialUpdate {
  /** New params; a name already set must come with the same value and distribution. */
  readonly params?: readonly StoredParam[];
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  /** Intermediate values; a step already reported is ignored (the first report wins). */
  readonly reports?: readonly IntermediateValue[];
  /** Epoch milliseconds of a heartbeat. */
  readonly heartbeatAt?: number;
  /** Ends the trial: `values` for `complete` (one finite number per direction), null otherwise. */
  readonly finish?: {
    readonly state: FinishedState;
    readonly values: readonly number[] | null;
    readonly failReason: string | null;
    readonly now: number;
  };
}

/** Which trials `getTrials` returns (all by default), always ordered by number. */
export interface TrialQuery {
  readonly states?: readonly TrialState[];
  /** Smallest number returned. Default 0. */
  readonly minNumber?: number;
  /** Largest number returned. Default none. */
  readonly maxNumber?: number;
}

/** What to do with running trials whose worker stopped sending heartbeats. */
export type StaleTrialAction = 'fail' | 'requeue';

/** Arguments of {@link Storage.reapStaleTrials}. */
export interface ReapStaleOptions {
  /** Running trials with a heartbeat strictly older than this (epoch ms) are stale. */
  readonly staleBefore: number;
  /** `fail`: final state `failed`; `requeue`: back to `waiting` with the params they had. */
  readonly action: StaleTrialAction;
  readonly now: number;
  /** Running trials of these workers are stale whatever their heartbeat (their process is gone). */
  readonly goneWorkers?: readonly string[];
}

/**
 * Where studies and trials live. Every method is atomic with respect to every other worker on the
 * same backing store (other processes included, for journal and PostgreSQL): two `startTrial` calls
 * never return the same number nor claim the same waiting trial, and a trial's final state is
 * written once. All implementations pass the contract suite in `@lrdist/search/testing`.
 */
export interface Storage {
  /** A short name for messages, e.g. `journal:/runs/study.jsonl`. */
  readonly description: string;
  /** Stores a new study; StudyExistsError if the name is taken. */
  createStudy(study: NewStudy): Promise<StoredStudy>;
  /** StudyNotFoundError if absent. */
  getStudy(studyName: string): Promise<StoredStudy>;
  /** Every study, ordered by creation. */
  listStudies(): Promise<StudySummary[]>;
  /** Removes a study and its trials; StudyNotFoundError if absent. */
  deleteStudy(studyName: string): Promise<void>;
  /** Merges attributes into the study's (a key set again is overwritten). */
  setStudyAttrs(studyName: string, attrs: { user?: Record<string, JsonValue>; system?: Record<string, JsonValue> }): Promise<void>;
  /** Adds a `waiting` trial with fixed params, numbered after every existing trial. */
  enqueueTrial(studyName: string, trial: NewWaitingTrial): Promise<FrozenTrial>;
  /** Claims the oldest `waiting` trial, or else creates a new one, as `running`, in one atomic step. */
  startTrial(studyName: string, claim: TrialClaim): Promise<FrozenTrial>;
  /** Applies a batch of changes atomically (all or nothing). */
  updateTrial(studyName: string, number: number, update: TrialUpdate): Promise<void>;
  /**
   * Puts a running trial that has no params and no reports back to `waiting` (a worker that
   * claimed it but must not run it yet). TrialStateError otherwise.
   */
  releaseTrial(studyName: string, number: number): Promise<void>;
  /** Fails or re-queues every stale running trial atomically; returns them as they are now. */
  reapStaleTrials(studyName: string, options: ReapStaleOptions): Promise<FrozenTrial[]>;
  /** TrialNotFoundError if absent. */
  getTrial(studyName: string, number: number): Promise<FrozenTrial>;
  getTrials(studyName: string, query?: TrialQuery): Promise<FrozenTrial[]>;
  /** Releases files, connections and timers; the storage is unusable afterwards. */
  close(): Promise<void>;
}
