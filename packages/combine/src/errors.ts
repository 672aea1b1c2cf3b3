/** Machine-readable codes of every error `@lrdist/combine` throws. */
export type CombineErrorCode =
  'INVALID_DISTRIBUTION' | 'INVALID_GROUPS' | 'INVALID_TRIAL' | 'EMPTY_INPUT' | 'INVALID_OPTION' | 'DISTRIBUTION_FILE';

/** Base of the package's error family; `code` tells the kinds apart without `instanceof`. */
export abstract class CombineError extends Error {
  abstract readonly code: CombineErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A distribution that breaks a rule: a non-positive LR, depths out of order, a duplicate name... */
export class InvalidDistributionError extends CombineError {
  readonly code = 'INVALID_DISTRIBUTION';
  /** Path of the offending field, e.g. `groups[3].lr`. */
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.field = field;
  }
}

/** A list of target groups (for `resample`, `combine`, `fromTrials`) that breaks a rule. */
export class InvalidGroupsError extends CombineError {
  readonly code = 'INVALID_GROUPS';
  /** Path of the offending field, e.g. `groups[0].depth`. */
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.field = field;
  }
}

/** A complete trial whose params or values cannot be used (missing group, non-finite value...). */
export class InvalidTrialError extends CombineError {
  readonly code = 'INVALID_TRIAL';
  /** The trial's `number`, or its index in the input when it has none. */
  readonly trial: number;

  constructor(trial: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.trial = trial;
  }
}

/** Nothing to combine: no complete trial in a study, or too few distributions in a list. */
export class EmptyInputError extends CombineError {
  readonly code = 'EMPTY_INPUT';
}

/** An option outside its domain (a weight base <= 0, weights of the wrong length...). */
export class InvalidOptionError extends CombineError {
  readonly code = 'INVALID_OPTION';
  /** Name of the offending option, e.g. `weights[2]`. */
  readonly option: string;

  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.option = option;
  }
}

/** A distribution file that cannot be read: not JSON, wrong format or version, a bad field. */
export class DistributionFileError extends CombineError {
  readonly code = 'DISTRIBUTION_FILE';
  /** The file (or the source name given to `parseDistribution`). */
  readonly file: string;
  /** Path of the offending field, e.g. `groups[2].lr`; `''` when the whole text is at fault. */
  readonly field: string;

  constructor(file: string, field: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.file = file;
    this.field = field;
  }
}

export { describeValue } from '@lrdist/core';
