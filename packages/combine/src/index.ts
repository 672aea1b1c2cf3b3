export {
  CombineError,
  DistributionFileError,
  EmptyInputError,
  InvalidDistributionError,
  InvalidGroupsError,
  InvalidOptionError,
  InvalidTrialError,
} from './errors.js';
export type { CombineErrorCode } from './errors.js';

export { layerGroupName, parseGroupName } from './groups/group-spec.js';
export type { GroupSpec, LayerRange, ParsedGroupName } from './groups/group-spec.js';
export { bertGroups, bertSpanGroups, layerDepth, paperSpans, spanDepth } from './groups/bert-groups.js';

export { LrDistribution } from './distribution/lr-distribution.js';
export type { LrBand, LrDistributionOptions, LrGroup, LrGroupInput, Provenance } from './distribution/lr-distribution.js';
export { flat, llrd, ulmfit } from './distribution/generators.js';
export {
  PAPER_COMBINED_LRS,
  PAPER_ROUNDED_BASE,
  PAPER_ROUNDED_FACTORS,
  PAPER_SPANS,
  paperCombined,
  paperCombinedRounded,
} from './distribution/paper-combined.js';
export { scale, shape, withScale } from './distribution/scale.js';

export { resample } from './transfer/resample.js';
export type { ResampleTarget } from './transfer/resample.js';

export { rankTrials } from './combine/rank-trials.js';
export type { RankTrialsOptions, RankWeight, RankedTrial, TrialObjective, TrialRecord, TrialState } from './combine/rank-trials.js';
export { fromTrials } from './combine/from-trials.js';
export type { FromTrialsOptions } from './combine/from-trials.js';
export { combine } from './combine/combine.js';
export type { CombineOptions } from './combine/combine.js';
export { leaveOneOut } from './combine/leave-one-out.js';
export type { LeaveOneOutFold } from './combine/leave-one-out.js';

export { DISTRIBUTION_FORMAT, DISTRIBUTION_VERSION, distributionFileSchema } from './io/schemas.js';
export type { DistributionFile } from './io/schemas.js';
export {
  fromDistributionJson,
  parseDistribution,
  readDistributionFile,
  serializeDistribution,
  toDistributionJson,
  writeDistributionFile,
} from './io/distribution-file.js';
export type { SerializeOptions } from './io/distribution-file.js';

export { renderDistributionsSvg } from './chart/render-svg.js';
export type { SvgChartOptions } from './chart/render-svg.js';
export { renderDistributionsMarkdown } from './chart/render-markdown.js';
export type { MarkdownTableOptions } from './chart/render-markdown.js';
export { escapeMarkdownCell } from './chart/markdown.js';
export { escapeXml } from './chart/xml.js';
export type { ChartSeries } from './chart/chart-series.js';
export { OKABE_ITO } from './chart/palette.js';
