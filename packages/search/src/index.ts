export {
  SearchError,
  InvalidSearchSpaceError,
  InvalidParamError,
  TrialFinishedError,
  TrialNotFoundError,
  StudyNotFoundError,
  StudyExistsError,
  StudyMismatchError,
  InvalidValuesError,
  NoCompletedTrialsError,
  StorageError,
  JournalCorruptError,
  InvalidOptionsError,
  ImportanceUndefinedError,
  TrialStateError,
  TrialPrunedError,
  MultiObjectiveError,
  MissingDependencyError,
} from './errors.js';
export type { SearchErrorCode } from './errors.js';
export {
  floatDistribution,
  intDistribution,
  categoricalDistribution,
  toInternal,
  toExternal,
  containsInternal,
  isSingleValue,
  distributionsEqual,
} from './distributions/distributions.js';
export type {
  CategoricalChoice,
  ParamValue,
  FloatDistribution,
  IntDistribution,
  CategoricalDistribution,
  ParamDistribution,
  SearchSpace,
  FloatDistributionOptions,
  IntDistributionOptions,
} from './distributions/distributions.js';
export { FINISHED_STATES, isFinished } from './trial/frozen-trial.js';
export type { TrialState, StudyDirection, JsonValue, IntermediateValue, FrozenTrial } from './trial/frozen-trial.js';
export type { Sampler, StudyView } from './samplers/sampler.js';
export type { Pruner } from './pruners/pruner.js';

// Search spaces
export { defineSearchSpace, parseSearchSpace, searchSpaceToDefinition } from './distributions/search-space.js';
export type {
  FloatParamDefinition,
  IntParamDefinition,
  CategoricalParamDefinition,
  ParamDefinition,
  SearchSpaceDefinition,
  DistributionOf,
  SearchSpaceOf,
  ParamsOf,
} from './distributions/search-space.js';

// Studies and trials
export { createStudy, loadStudy } from './study/create-study.js';
export { Study } from './study/study.js';
export type { TellOptions, EnqueueTrialOptions } from './study/study.js';
export type { Objective, OptimizeOptions, OptimizeResult } from './study/optimize.js';
export type {
  StudyOptions,
  CreateStudyOptions,
  LoadStudyOptions,
  HeartbeatOptions,
  DeterministicOptions,
  WaitEvent,
} from './study/study-options.js';
export { DEFAULT_SAMPLER } from './study/default-sampler.js';
export { localWorkerGone } from './study/study-options.js';
export { Trial } from './trial/trial.js';
export type { ObjectiveValues } from './trial/values.js';

// Samplers and pruners
export { createRandomSampler } from './samplers/random.js';
export type { RandomSampler, RandomSamplerOptions } from './samplers/random.js';
export { createMedianPruner, createPercentilePruner } from './pruners/percentile.js';
export type { MedianPrunerOptions, PercentilePrunerOptions } from './pruners/percentile.js';
export { createSuccessiveHalvingPruner } from './pruners/successive-halving.js';
export type { SuccessiveHalvingPrunerOptions } from './pruners/successive-halving.js';
export { createHyperbandPruner } from './pruners/hyperband.js';
export type { HyperbandPrunerOptions } from './pruners/hyperband.js';
export { createParetoRankPruner } from './pruners/pareto-rank.js';
export type { ParetoRankPrunerOptions } from './pruners/pareto-rank.js';
export { createNopPruner } from './pruners/nop.js';

// Storages
export type {
  Storage,
  StoredStudy,
  StudySummary,
  NewStudy,
  StoredParam,
  NewWaitingTrial,
  TrialClaim,
  FinishedState,
  TrialUpdate,
  TrialQuery,
  StaleTrialAction,
  ReapStaleOptions,
} from './storages/storage.js';
export { createMemoryStorage } from './storages/memory.js';
export { createJournalStorage } from './storages/journal/journal-storage.js';
export type { JournalStorage, JournalStorageOptions, JournalWarning } from './storages/journal/journal-storage.js';
export { JOURNAL_FORMAT_VERSION } from './storages/journal/schemas.js';
export { createPostgresStorage } from './storages/postgres/postgres-storage.js';
export { loadPg } from './storages/postgres/load-pg.js';
export type { PgModule } from './storages/postgres/load-pg.js';
export type { PostgresStorageOptions } from './storages/postgres/postgres-storage.js';
export { openStorage } from './storages/open-storage.js';
export type { OpenStorageOptions } from './storages/open-storage.js';

// Dashboard
export { startDashboard, DEFAULT_DASHBOARD_PORT } from './dashboard/dashboard-server.js';
export type { Dashboard, DashboardOptions } from './dashboard/dashboard-server.js';
export type {
  DashboardStudyList,
  DashboardStudySummary,
  DashboardStudy,
  DashboardTrial,
  DashboardParam,
} from './dashboard/dashboard-data.js';
export type { DashboardImportance } from './dashboard/dashboard-importance.js';

// Parameter importance
export { getParamImportances } from './importance/param-importances.js';
export type { ParamImportanceOptions } from './importance/param-importances.js';

// <samplers> (TPE, GP, NSGA-II: maintained by the samplers work; keep this block's markers)
export { createTpeSampler } from './samplers/tpe/tpe-sampler.js';
export type { TpeSampler, TpeSamplerOptions, TpeCandidateScoring, TpeMultivariateBandwidth } from './samplers/tpe/tpe-sampler.js';
export { createGpSampler } from './samplers/gp/gp-sampler.js';
export type { GpSampler, GpSamplerOptions } from './samplers/gp/gp-sampler.js';
export { createNsga2Sampler } from './samplers/nsga2/nsga2-sampler.js';
export type { Nsga2Sampler, Nsga2SamplerOptions } from './samplers/nsga2/nsga2-sampler.js';
// </samplers>
