import { MethodPlanError } from '@lrdist/protocol';

/** Machine-readable codes of the bench app's errors. */
export type BenchErrorCode = 'ARGS' | 'RESULTS' | 'DATA' | 'CELL' | 'STUDY' | 'WORKER' | 'QUEUE';

/**
 * Base of the bench's errors: the CLI prints `message` on one line (no stack trace) and exits
 * non-zero; `code` tells the kinds apart.
 */
export abstract class BenchError extends Error {
  abstract readonly code: BenchErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A command-line flag with an invalid value; the message names the flag and the fix. */
export class ArgsError extends BenchError {
  readonly code = 'ARGS';
}

/** A results.json that cannot be read, or belongs to another configuration. */
export class ResultsFileError extends BenchError {
  readonly code = 'RESULTS';
}

/** Data, model or distribution input that cannot be prepared. */
export class BenchDataError extends BenchError {
  readonly code = 'DATA';
}

/**
 * GLUE data that is missing or unusable, found before any work starts: the message names the task,
 * the file or folder and the fix. The user must act, as after a bad flag (exit 2).
 */
export class TaskDataError extends BenchDataError {}

/** One (method, seed) cell failed; recorded as failed and the run goes on. */
export class CellFailedError extends BenchError {
  readonly code = 'CELL';
}

/** A search study that cannot be created, loaded or joined. */
export class StudyConfigError extends BenchError {
  readonly code = 'STUDY';
}

/** The PostgreSQL queue of a distributed run cannot be reached, or answered with rows it cannot use. */
export class RunQueueError extends BenchError {
  readonly code = 'QUEUE';
}

/** A distributed run named by `--run` / `--run-name` that the storage does not hold. */
export class RunNotFoundError extends RunQueueError {}

/**
 * A distributed run this process cannot take part in: made by another configuration, or asking
 * for model weights, task data or arithmetic this machine does not have.
 */
export class RunMismatchError extends RunQueueError {}

/** A worker thread died or answered with something unexpected. */
export class WorkerCrashError extends BenchError {
  readonly code = 'WORKER';
}

/** A failed command's exit code: 2 for input the user must fix (a flag, the task data, a method's missing distribution), else 1. */
export function exitCodeOf(error: unknown): 1 | 2 {
  return error instanceof ArgsError || error instanceof TaskDataError || error instanceof MethodPlanError ? 2 : 1;
}
