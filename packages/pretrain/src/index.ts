export { CorpusError, PretrainError, PretrainWorkerError } from './errors.js';
export type { PretrainErrorCode } from './errors.js';

export { DEFAULT_PRETRAIN_CONFIG, pretrainConfigSchema } from './pretrain-config.js';
export type { PretrainConfig } from './pretrain-config.js';
export { runPretraining } from './run-pretraining.js';
export type { PretrainProgress, RunPretrainingOptions } from './run-pretraining.js';
export type { PretrainingSummary } from './pretraining-report.js';

export { heldOutMlmSet } from './held-out-set.js';
export type { HeldOutMlmSet } from './held-out-set.js';
export { buildWordnetCorpus, defaultWordnetDictDir } from './corpus/wordnet-corpus.js';
export type { WordnetCorpus, WordnetCorpusOptions } from './corpus/wordnet-corpus.js';
