export { MethodPlanError, ProtocolError, TaskStreamError } from './errors.js';
export type { ProtocolErrorCode } from './errors.js';

export { mlmSchema, scoreSchema } from './score.js';
export type { MlmFigures, Score } from './score.js';

export { majorityAndCollapse, prepareTask, taskCliName } from './prepare-task.js';
export type { PreparedTask, PrepareTaskOptions } from './prepare-task.js';

export { fisherBatches, probeMlm, scoreHead, trainPhaseA, trainPhaseB } from './phases.js';
export type { MlmProbe, PhaseBOutcome, TrainingSettings } from './phases.js';

export { DEFAULT_TRAINING_SETTINGS, runPair } from './run-pair.js';
export type { PairOutcome, RunPairOptions } from './run-pair.js';
export { runSequence, streamBaseline } from './run-sequence.js';
export type { RunSequenceOptions, SequenceOutcome } from './run-sequence.js';
export { streamMetrics } from './stream-metrics.js';
export type { AccuracyMatrix, StreamMetrics } from './stream-metrics.js';

export { checkReplaySettings, REPLAY_STRATEGIES, replayMemory } from './replay-memory.js';
export type { ReplaySettings, ReplayStrategy } from './replay-memory.js';

export { lrRecord, METHOD_NAMES, planMethods, POOLER_PLACEMENTS, SEARCHED_CONTROLS } from './methods.js';
export type { EwcFisher, MethodName, MethodPlan, PlanMethodsOptions, PoolerPlacement, SearchedControl } from './methods.js';

export { MODEL_DEFAULTS } from './model-defaults.js';
export type { ModelDefaults, ModelPreset } from './model-defaults.js';

export { PHASE_A_OPTIMIZER_FILE, phaseADir, readPhaseA, writePhaseA } from './phase-a-cache.js';
export type { PhaseAEntry, PhaseAKey } from './phase-a-cache.js';
