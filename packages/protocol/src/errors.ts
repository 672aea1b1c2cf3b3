/** Machine-readable codes of the protocol's errors. */
export type ProtocolErrorCode = 'METHOD' | 'STREAM';

/** Base of the protocol's errors: `message` names the input and the fix; `code` tells the kinds apart. */
export abstract class ProtocolError extends Error {
  abstract readonly code: ProtocolErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A method that cannot be planned: the distribution it needs is missing (the message says how to make it). */
export class MethodPlanError extends ProtocolError {
  readonly code = 'METHOD';
}

/** A task stream that cannot be run or measured: fewer than two tasks, a task twice, or an accuracy matrix that is not square and finite. */
export class TaskStreamError extends ProtocolError {
  readonly code = 'STREAM';
}
