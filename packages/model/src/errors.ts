/** Machine-readable codes of every error `@lrdist/model` throws. */
export type ModelErrorCode =
  | 'BACKEND_UNAVAILABLE'
  | 'INVALID_CONFIG'
  | 'INVALID_OPTIONS'
  | 'UNKNOWN_HEAD'
  | 'SAFETENSORS_FORMAT'
  | 'CHECKPOINT_SHAPE'
  | 'CHECKPOINT_MISMATCH'
  | 'CHECKPOINT_IO'
  | 'PARAM_GROUP'
  | 'NON_FINITE_LOSS'
  | 'HUB_DOWNLOAD'
  | 'CHECKSUM_MISMATCH'
  | 'TRAINING_STATE';

/** Base of the model package's error family; `code` tells the kinds apart without `instanceof`. */
export abstract class ModelError extends Error {
  abstract readonly code: ModelErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A requested TensorFlow.js backend cannot be loaded; the message says why and what to install. */
export class BackendUnavailableError extends ModelError {
  readonly code = 'BACKEND_UNAVAILABLE';
  /** The backend that was asked for (`node-gpu`, `node`, `wasm`, `cpu`). */
  readonly backend: string;

  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.backend = backend;
  }
}

/** A BERT configuration (Hugging Face `config.json` or in-memory) that breaks a rule. */
export class InvalidConfigError extends ModelError {
  readonly code = 'INVALID_CONFIG';
}

/** Options passed to a public function that break a rule. */
export class InvalidOptionsError extends ModelError {
  readonly code = 'INVALID_OPTIONS';
}

/** A task head that the model does not have (or already has, when adding). */
export class UnknownHeadError extends ModelError {
  readonly code = 'UNKNOWN_HEAD';
}

/** A safetensors file whose header or layout is malformed; names the file and tensor when known. */
export class SafetensorsFormatError extends ModelError {
  readonly code = 'SAFETENSORS_FORMAT';
  /** The tensor the problem concerns, when there is one. */
  readonly tensor: string | undefined;

  constructor(message: string, options?: { cause?: unknown; tensor?: string }) {
    super(message, options);
    this.tensor = options?.tensor;
  }
}

/** A checkpoint tensor whose shape differs from the model's variable. */
export class CheckpointShapeError extends ModelError {
  readonly code = 'CHECKPOINT_SHAPE';
  readonly tensor: string;
  readonly expected: readonly number[];
  readonly actual: readonly number[];

  constructor(tensor: string, expected: readonly number[], actual: readonly number[], file?: string) {
    super(
      `tensor \`${tensor}\` must have shape [${expected.join(', ')}], got [${actual.join(', ')}]` +
        (file === undefined ? '' : ` (${file})`),
    );
    this.tensor = tensor;
    this.expected = expected;
    this.actual = actual;
  }
}

/** A checkpoint that lacks tensors the model needs or holds tensors the model does not know. */
export class CheckpointMismatchError extends ModelError {
  readonly code = 'CHECKPOINT_MISMATCH';
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];

  constructor(missing: readonly string[], unexpected: readonly string[], file?: string) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing ${missing.length} tensor(s): ${preview(missing)}`);
    if (unexpected.length > 0) parts.push(`unexpected ${unexpected.length} tensor(s): ${preview(unexpected)}`);
    super(`checkpoint must match the model, ${parts.join('; ')}` + (file === undefined ? '' : ` (${file})`));
    this.missing = missing;
    this.unexpected = unexpected;
  }
}

/** A checkpoint folder or file that cannot be read or written. */
export class CheckpointIoError extends ModelError {
  readonly code = 'CHECKPOINT_IO';
}

/** LR groups that do not cover every trainable variable exactly once. */
export class ParamGroupError extends ModelError {
  readonly code = 'PARAM_GROUP';
}

/** The training loss became NaN or infinite; the weights are those before the failing step. */
export class NonFiniteLossError extends ModelError {
  readonly code = 'NON_FINITE_LOSS';
  /** The 1-based optimiser step whose loss was not finite. */
  readonly step: number;
  readonly loss: number;

  constructor(step: number, loss: number) {
    super(`training loss must be finite, got ${loss} at step ${step}`);
    this.step = step;
    this.loss = loss;
  }
}

/** A Hugging Face hub download that failed after its retries. */
export class HubDownloadError extends ModelError {
  readonly code = 'HUB_DOWNLOAD';
}

/** A downloaded file whose checksum differs from the one the server announced. */
export class ChecksumMismatchError extends ModelError {
  readonly code = 'CHECKSUM_MISMATCH';
  readonly expected: string;
  readonly actual: string;

  constructor(file: string, expected: string, actual: string) {
    super(`checksum of \`${file}\` must be ${expected}, got ${actual}`);
    this.expected = expected;
    this.actual = actual;
  }
}

/** A training-state checkpoint that cannot be resumed (wrong version, other model or optimiser). */
export class TrainingStateError extends ModelError {
  readonly code = 'TRAINING_STATE';
}

function preview(names: readonly string[]): string {
  const shown = names.slice(0, 8).map((n) => `\`${n}\``);
  return shown.join(', ') + (names.length > 8 ? `, ... (${names.length - 8} more)` : '');
}
