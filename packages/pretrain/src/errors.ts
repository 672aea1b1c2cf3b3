/** Machine-readable codes of the pretraining errors. */
export type PretrainErrorCode = 'CORPUS' | 'WORKER';

/** Base of the pretraining errors: `message` names the input or the worker and the fix. */
export abstract class PretrainError extends Error {
  abstract readonly code: PretrainErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The WordNet corpus cannot be read or built. */
export class CorpusError extends PretrainError {
  readonly code = 'CORPUS';
}

/** A data-parallel worker died, hung or answered with something unexpected. */
export class PretrainWorkerError extends PretrainError {
  readonly code = 'WORKER';
}
