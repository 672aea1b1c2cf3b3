import { mlmSchema, scoreSchema } from '@lrdist/protocol';
import { z } from 'zod';

/** Format tag of `results.json`. */
export const RESULTS_FORMAT = 'lrdist.bench.results';
/** Version of the `results.json` layout; readers refuse other versions with a clear error. */
export const RESULTS_VERSION = 1;

/** One (method, seed) cell of a benchmark run. */
export const cellSchema = z.object({
  method: z.string().min(1),
  seed: z.number().int().nonnegative(),
  status: z.enum(['complete', 'failed']),
  /** Why a failed cell failed (NaN loss at step n, divergence, an exception). */
  error: z.string().optional(),
  /** A's test metric right after training A. */
  pA: scoreSchema.optional(),
  /** A's test metric after training B. */
  pO: scoreSchema.optional(),
  /** B's test metric after training B. */
  pS: scoreSchema.optional(),
  mlm: z.object({ beforeA: mlmSchema.optional(), afterA: mlmSchema.optional(), afterB: mlmSchema.optional() }).optional(),
  /**
   * A task stream's cell (`sequence`): the tasks in order, R[i][j] (task j's headline after stage
   * i, test split) and each task's headline before the first stage.
   */
  stream: z.object({ tasks: z.array(z.string()).min(2), r: z.array(z.array(z.number())), before: z.array(z.number()) }).optional(),
  /** Learning rate per LR group used on B (and on A under the `paper` protocol). */
  lrs: z.record(z.string(), z.number()).optional(),
  seconds: z.number().nonnegative(),
  finishedAt: z.string(),
});

/** The whole `results.json`. */
export const resultsFileSchema = z.object({
  format: z.literal(RESULTS_FORMAT),
  version: z.literal(RESULTS_VERSION),
  /** Everything that determines the figures; a rerun with a different config refuses to resume. */
  config: z.record(z.string(), z.unknown()),
  configHash: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  environment: z.record(z.string(), z.string()),
  cells: z.array(cellSchema),
});

/** One finished cell. */
export type CellResult = z.infer<typeof cellSchema>;
/** The parsed results file. */
export type ResultsFile = z.infer<typeof resultsFileSchema>;
