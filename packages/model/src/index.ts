// @lrdist/model: the BERT encoder in TensorFlow.js, Hugging Face checkpoints, per-group optimisers.
import './kernels/gradients.js';

export { initBackend, describeActiveBackend, parseBackendChoice, BACKEND_CHOICES, defaultBackendLoader } from './backend.js';
export type { BackendChoice, BackendInfo, InitBackendOptions, BackendModuleLoader } from './backend.js';
export type { GemmInfo } from './kernels/native-gemm.js';

export { createBertModel, BertModel } from './bert/bert-model.js';
export type { CreateBertModelOptions } from './bert/bert-model.js';
export { parseBertConfig, toHfConfigJson, validateBertConfig } from './bert/config.js';
export type { BertConfig } from './bert/config.js';
export { BERT_PRESETS } from './bert/presets.js';
export type { BertPresetName } from './bert/presets.js';
export type { HeadSpec, HeadKind } from './bert/heads.js';
export type { EncoderBatch, EncoderOutput, EncodeOptions } from './bert/encoder.js';
export { applyMlmMasking, IGNORE_LABEL } from './bert/mlm-masking.js';
export type { MlmMaskingOptions } from './bert/mlm-masking.js';
export { INFERENCE } from './layers/forward-context.js';
export type { ForwardContext } from './layers/forward-context.js';
export { createDropoutSampler } from './layers/dropout.js';
export type { DropoutSampler } from './layers/dropout.js';

export { parseSafetensorsHeader, readSafetensors, encodeSafetensors, decodeTensor } from './io/safetensors.js';
export type {
  SafetensorsDtype,
  SafetensorsEntry,
  SafetensorsHeader,
  SafetensorsFile,
  SafetensorsInput,
  DecodedTensor,
} from './io/safetensors.js';
export {
  loadBertCheckpoint,
  loadBertWeights,
  saveBertCheckpoint,
  encodeBertWeights,
  DEFAULT_IGNORED_PREFIXES,
} from './io/hf-checkpoint.js';
export type { LoadBertCheckpointOptions, LoadedBertCheckpoint, SaveBertCheckpointOptions } from './io/hf-checkpoint.js';
export { writeRandomBertCheckpoint } from './io/random-checkpoint.js';
export type { RandomBertCheckpointOptions } from './io/random-checkpoint.js';
export { downloadHubFile, downloadBertCheckpoint } from './io/hub-download.js';
export { defaultHubCacheDir } from './io/hub-cache.js';
export type { HubDownloadOptions, HubCheckpointOptions } from './io/hub-download.js';

export { canonicalGroups, canonicalGroupOf, resolveParamGroups } from './train/param-groups.js';
export type { GroupLearningRate, GroupLearningRates, ResolvedGroup } from './train/param-groups.js';
// The group grammar is @lrdist/core's; re-exported so that a model user needs one import.
export { layerGroupName, parseGroupName } from '@lrdist/core';
export type { LayerRange, ParsedGroupName } from '@lrdist/core';
export { lrFactor, validateSchedule } from './train/schedules.js';
export type { LrSchedule } from './train/schedules.js';
export { createOptimizer, excludedFromWeightDecay, globalNorm } from './train/optimizer.js';
export type { OptimizerOptions, GroupOptimizer, OptimizerState, StepReport, ApplyOptions } from './train/optimizer.js';
export { trainableVariableNames, objectiveLoss } from './train/objective.js';
export type { Objective, TrainingBatch } from './train/objective.js';
export { trainStep } from './train/train-step.js';
export type { GradientReducer, TrainStepOptions, TrainStepResult } from './train/train-step.js';
export { createEwcRegularizer, createL2SpRegularizer, createOnlineEwc, sharedVariableNames } from './train/regularizers.js';
export type { Regularizer, EwcOptions, L2SpOptions, OnlineEwc, OnlineEwcOptions } from './train/regularizers.js';
export { planBatches, collate } from './train/batching.js';
export type { Example, BatchPlanOptions } from './train/batching.js';
export { fit } from './train/fit.js';
export type { ReplayExample, ReplayOptions, ReplayBatch } from './train/replay.js';
export { fineTune } from './train/fine-tune.js';
export type { FineTuneOptions, FineTuneResult } from './train/fine-tune.js';
export type { FitOptions, FitResult, FitProgress, FitEvaluation, FitCheckpointOptions } from './train/fit.js';
export { evaluate, evaluateMlm } from './train/evaluate.js';
export type { EvaluateOptions, EvaluateResult, EvaluateMlmOptions, MlmEvaluation } from './train/evaluate.js';
export { estimateTrainingMemory, WASM_HEAP_LIMIT_BYTES } from './train/training-memory.js';
export type { TrainingMemoryOptions, TrainingMemoryEstimate } from './train/training-memory.js';
export { measureStepCost, fitPassCost, passSeconds } from './train/step-cost.js';
export type { MeasureStepCostOptions, StepCostMeasurement, PassCost, PassSample } from './train/step-cost.js';
export { saveTrainingState, loadTrainingState, latestTrainingState } from './train/training-state.js';
export { saveOptimizerState, loadOptimizerState } from './train/optimizer-file.js';
export type { SaveTrainingStateOptions } from './train/training-state.js';
export type { TrainingStateJson } from './train/schemas.js';

export { writeFileAtomic } from './io/atomic-write.js';
export type { WriteFileAtomicOptions } from './io/atomic-write.js';
export { createRng, rngFromState } from './util/rng.js';
export { hashConfig } from './util/hash-config.js';
export { spawnModuleWorker } from './util/spawn-worker.js';
export type { Rng, RngState } from './util/rng.js';
export {
  ModelError,
  BackendUnavailableError,
  InvalidConfigError,
  InvalidOptionsError,
  UnknownHeadError,
  SafetensorsFormatError,
  CheckpointShapeError,
  CheckpointMismatchError,
  CheckpointIoError,
  ParamGroupError,
  NonFiniteLossError,
  HubDownloadError,
  ChecksumMismatchError,
  TrainingStateError,
} from './errors.js';
export type { ModelErrorCode } from './errors.js';
