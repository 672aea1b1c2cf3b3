export {
  ChecksumMismatchError,
  CacheManifestError,
  DownloadError,
  GlueDataNotFoundError,
  GlueError,
  MalformedRowError,
  MetricInputError,
  SplitOptionsError,
  TsvReadError,
  UnknownTaskError,
  ZipFormatError,
} from './errors.js';
export type { GlueErrorCode, MalformedRowDetails, SearchedLocation } from './errors.js';

export { GLUE_TASKS, GLUE_TASK_NAMES, glueDevSplits, glueNumLabels, glueTaskSpec, isClassificationTask } from './tasks/glue-tasks.js';
export type {
  GlueClassificationLabels,
  GlueFileLayout,
  GlueHeadlineName,
  GlueMetricName,
  GlueRegressionLabels,
  GlueTaskName,
  GlueTaskSpec,
} from './tasks/glue-tasks.js';
export {
  GLUE_TASK_SPELLINGS,
  defaultGlueTaskRef,
  glueDevLayout,
  glueTaskLabel,
  resolveGlueTask,
  toGlueTaskRef,
} from './tasks/resolve-glue-task.js';
export type { GlueTaskRef } from './tasks/resolve-glue-task.js';

export type { GlueExample, MalformedRowPolicy, SkippedRows } from './tsv/glue-example.js';
export { parseGlueTsv } from './tsv/parse-glue-tsv.js';
export type { ParseGlueTsvOptions, ParsedGlueTsv } from './tsv/parse-glue-tsv.js';
export { readGlueTsv } from './tsv/read-glue-tsv.js';
export type { ReadGlueTsvOptions } from './tsv/read-glue-tsv.js';

export { LRDIST_DATA_DIR_ENV, glueCacheDir, resolveGlueDataDir } from './data/resolve-glue-data-dir.js';
export type { GlueCacheDirOptions, GlueDataSource, ResolveGlueDataDirOptions, ResolvedGlueDataDir } from './data/resolve-glue-data-dir.js';
export { ensureGlueTaskDir } from './data/ensure-glue-task-dir.js';
export type { EnsureGlueTaskDirOptions, GlueDownloadSettings } from './data/ensure-glue-task-dir.js';
export { loadGlueTask } from './data/load-glue-task.js';
export type { GlueTaskData, LoadGlueTaskOptions } from './data/load-glue-task.js';

export { createRng } from './split/rng.js';
export type { Rng } from './split/rng.js';
export { hamiltonQuotas, quantileBins, stratifiedSample } from './split/stratified-sample.js';
export { splitGlueTask, validationCarveSize } from './split/split-glue-task.js';
export type { GlueSplitInput, GlueSplits, SplitGlueTaskOptions } from './split/split-glue-task.js';
export { labelBalance } from './split/label-balance.js';
export type { ClassBalance, ScoreSummary } from './split/label-balance.js';

export { accuracy, f1Score, matthewsCorrelation } from './metrics/classification-metrics.js';
export { averageRanks, pearson, spearman } from './metrics/correlation.js';
export { headlineMetric } from './metrics/headline-metric.js';
export type { GlueScore } from './metrics/headline-metric.js';

export { GLUE_BASE_URL, GLUE_SOURCES } from './download/glue-sources.js';
export type { GlueMrpcSource, GlueRemoteFile, GlueTaskSource, GlueZipSource } from './download/glue-sources.js';
export { downloadGlueTask } from './download/download-glue-task.js';
export type { DownloadGlueTaskOptions, DownloadedGlueTask } from './download/download-glue-task.js';
export { fetchToFile, hashFile } from './download/fetch-to-file.js';
export type { DownloadProgress, FetchLike, FetchToFileOptions, FetchedFile } from './download/fetch-to-file.js';
export { extractZipEntry, readZipEntries } from './download/zip-archive.js';
export type { ZipEntry } from './download/zip-archive.js';
export { deriveMrpcTsvs } from './download/derive-mrpc.js';
export type { MrpcTsvs } from './download/derive-mrpc.js';
export { CACHE_MANIFEST_FILE, readGlueCacheManifest, writeGlueCacheManifest } from './download/cache-manifest.js';
export type { GlueCacheManifest, GlueCacheTaskRecord, HashCheck } from './download/schemas.js';
