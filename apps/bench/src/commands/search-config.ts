import { z } from 'zod';

/** Study user attribute holding the search's configuration, so that any worker can join by name. */
export const SEARCH_CONFIG_ATTR = 'lrdist.search';

/** What a search study was created with; workers rebuild everything else from it. */
export const searchConfigSchema = z.object({
  version: z.literal(1),
  model: z.string(),
  /** Content id of the model weights: a worker with other weights refuses to join. */
  modelId: z.string(),
  taskA: z.string(),
  taskB: z.string(),
  protocol: z.enum(['b-only', 'paper']),
  /** Seed of the trials' training (one seed per trial, as the paper). */
  seed: z.number().int().nonnegative(),
  dataSeed: z.number().int().nonnegative(),
  maxTrain: z.number().int().positive().nullable(),
  maxEval: z.number().int().positive().nullable(),
  maxSeqLength: z.number().int().positive(),
  epochs: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  warmupFraction: z.number(),
  flatLr: z.number().positive(),
  objective: z.enum(['sum', 'pareto']),
  sampler: z.enum(['gp', 'tpe-mv', 'random']),
  pruner: z.enum(['asha', 'median', 'none']),
  /**
   * groups: one LR per group; llrd: (lr, xi); flat: one LR for every group (the fair single-LR
   * control); two-group: one LR for the encoder (embeddings and layers), one for the head.
   */
  space: z.enum(['groups', 'llrd', 'flat', 'two-group']),
  /** Per-group learning-rate range, log10 (the paper: [-7, -3]). */
  log10Low: z.number(),
  log10High: z.number(),
  /** Total finished trials the study aims at. */
  trials: z.number().int().positive(),
  samplerSeed: z.number().int().nonnegative(),
  layers: z.number().int().positive(),
  /**
   * Training seeds a complete trial is scored on (seed, seed + 1, ...): the pruner sees the first
   * seed's epochs, a trial that survives is trained on the others too and told the mean. Studies
   * made before this field existed used 1.
   */
  seedsPerTrial: z.number().int().positive().default(1),
});

/** A search's stored configuration. */
export type SearchConfig = z.infer<typeof searchConfigSchema>;
