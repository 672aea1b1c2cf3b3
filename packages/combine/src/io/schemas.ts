import { z } from 'zod';

/** The `format` tag of a distribution file. */
export const DISTRIBUTION_FORMAT = 'lrdist.distribution';
/** The file format version this build writes and reads. */
export const DISTRIBUTION_VERSION = 1;

const rule = (text: string): { error: string } => ({ error: text });

const layerIndex = z.int(rule('must be an integer >= 0')).min(0, rule('must be an integer >= 0'));

const layerRangeSchema = z.strictObject({ first: layerIndex, last: layerIndex }, rule('must be an object { first, last }'));

const groupSchema = z.strictObject(
  {
    name: z.string(rule('must be a non-empty string')).min(1, rule('must be a non-empty string')),
    depth: z
      .number(rule('must be a number in [0, 1]'))
      .min(0, rule('must be a number in [0, 1]'))
      .max(1, rule('must be a number in [0, 1]')),
    lr: z.number(rule('must be a positive finite number')).positive(rule('must be a positive finite number')),
    layers: layerRangeSchema.optional(),
    band: z
      .strictObject(
        { gsd: z.number(rule('must be a finite number >= 1')).min(1, rule('must be a finite number >= 1')) },
        rule('must be an object { gsd }'),
      )
      .optional(),
  },
  rule('must be an object { name, depth, lr, layers?, band? }'),
);

const provenanceSchema = z.strictObject(
  {
    model: z.string(rule('must be a non-empty string')).min(1, rule('must be a non-empty string')),
    pairs: z.array(z.string(rule('must be a string')), rule('must be an array of strings')),
    studies: z.array(z.string(rule('must be a string')), rule('must be an array of strings')),
    trials: z.int(rule('must be an integer >= 0')).min(0, rule('must be an integer >= 0')),
    method: z.string(rule('must be a non-empty string')).min(1, rule('must be a non-empty string')),
    createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
    notes: z.string(rule('must be a string')).optional(),
  },
  rule('must be an object { model, pairs, studies, trials, method, createdAt, notes? }'),
);

/** Schema of a distribution file, version 1. */
export const distributionFileSchema = z.strictObject(
  {
    format: z.literal(DISTRIBUTION_FORMAT, rule(`must be '${DISTRIBUTION_FORMAT}'`)),
    version: z.literal(DISTRIBUTION_VERSION, rule(`must be ${DISTRIBUTION_VERSION} (the version this build reads)`)),
    groups: z.array(groupSchema, rule('must be a non-empty array of groups')).min(1, rule('must be a non-empty array of groups')),
    provenance: provenanceSchema,
  },
  rule('must be a JSON object { format, version, groups, provenance }'),
);

/** A distribution file as stored (version 1). */
export type DistributionFile = z.infer<typeof distributionFileSchema>;
