/** Machine-readable codes of every error `@lrdist/search` throws. */
export type SearchErrorCode =
  | 'INVALID_SEARCH_SPACE'
  | 'INVALID_PARAM'
  | 'TRIAL_FINISHED'
  | 'TRIAL_STATE'
  | 'TRIAL_PRUNED'
  | 'TRIAL_NOT_FOUND'
  | 'STUDY_NOT_FOUND'
  | 'STUDY_EXISTS'
  | 'STUDY_MISMATCH'
  | 'INVALID_VALUES'
  | 'NO_COMPLETED_TRIALS'
  | 'STORAGE'
  | 'JOURNAL_CORRUPT'
  | 'INVALID_OPTIONS'
  | 'IMPORTANCE_UNDEFINED'
  | 'MULTI_OBJECTIVE'
  | 'MISSING_DEPENDENCY';

/** Base of the search library's error family; `code` tells the kinds apart without `instanceof`. */
export abstract class SearchError extends Error {
  abstract readonly code: SearchErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A search-space definition or a suggest call with an impossible range, step or choice list. */
export class InvalidSearchSpaceError extends SearchError {
  readonly code = 'INVALID_SEARCH_SPACE';
}

/** A parameter value outside its distribution, or a name reused with a different distribution. */
export class InvalidParamError extends SearchError {
  readonly code = 'INVALID_PARAM';
}

/** An attempt to change a trial that is already complete, pruned or failed. */
export class TrialFinishedError extends SearchError {
  readonly code = 'TRIAL_FINISHED';
}

/** An operation that needs a running trial on one that is still `waiting` (enqueued, unclaimed). */
export class TrialStateError extends SearchError {
  readonly code = 'TRIAL_STATE';
}

/**
 * Thrown by an objective (usually after `trial.shouldPrune()` returned true) to stop the trial early;
 * `optimize` records the trial as `pruned`. A signal rather than a fault, like Optuna's `TrialPruned`.
 */
export class TrialPrunedError extends SearchError {
  readonly code = 'TRIAL_PRUNED';

  constructor(message = 'trial pruned', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A trial number the study does not have. */
export class TrialNotFoundError extends SearchError {
  readonly code = 'TRIAL_NOT_FOUND';
}

/** A study name the storage does not have. */
export class StudyNotFoundError extends SearchError {
  readonly code = 'STUDY_NOT_FOUND';
}

/** `createStudy` on a name that exists, without `loadIfExists`. */
export class StudyExistsError extends SearchError {
  readonly code = 'STUDY_EXISTS';
}

/** Loading a study with directions (or other fixed settings) that differ from the stored ones. */
export class StudyMismatchError extends SearchError {
  readonly code = 'STUDY_MISMATCH';
}

/** Objective values of the wrong count, or NaN/infinite where a finite number is required. */
export class InvalidValuesError extends SearchError {
  readonly code = 'INVALID_VALUES';
}

/** `bestTrial` and friends on a study with no complete trial. */
export class NoCompletedTrialsError extends SearchError {
  readonly code = 'NO_COMPLETED_TRIALS';
}

/** A single-objective query (`bestTrial`, `bestValue`, `bestParams`) on a study with several objectives. */
export class MultiObjectiveError extends SearchError {
  readonly code = 'MULTI_OBJECTIVE';
}

/**
 * An optional peer dependency that the asked feature needs is not installed (`pg` for PostgreSQL
 * storages); the message says how to add it, the loader's error is the `cause`.
 */
export class MissingDependencyError extends SearchError {
  readonly code = 'MISSING_DEPENDENCY';
}

/** A storage backend failed (I/O, database); the original error is the `cause`. */
export class StorageError extends SearchError {
  readonly code = 'STORAGE';
}

/** A journal file with a line that cannot be replayed (other than a torn last line). */
export class JournalCorruptError extends SearchError {
  readonly code = 'JOURNAL_CORRUPT';
}

/** Options object with an invalid field. */
export class InvalidOptionsError extends SearchError {
  readonly code = 'INVALID_OPTIONS';
}

/**
 * Parameter importances asked of trials that cannot support them: a single usable trial, a target
 * that is the same for every trial, or a fit in which no parameter explains any variance.
 */
export class ImportanceUndefinedError extends SearchError {
  readonly code = 'IMPORTANCE_UNDEFINED';
}
