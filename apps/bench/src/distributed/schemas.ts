import { mlmSchema, scoreSchema } from '@lrdist/protocol';
import { z } from 'zod';
import { RunQueueError } from '../errors.js';

/**
 * Rows of the run queue as PostgreSQL returns them, validated on the way in: other machines, other
 * lrdist versions and hand edits write to the same tables.
 */

/** Version of what a run row's `spec` holds; a worker refuses a run written by another version. */
export const RUN_SPEC_VERSION = 1;

const int = z.number().int();

/**
 * What a worker on another machine needs to rebuild a run's cells, apart from where its data and
 * caches live: the model by name and weights, the data settings with each task's fingerprint, and
 * the training settings phase A is trained with.
 */
export const runSpecSchema = z.object({
  version: z.literal(RUN_SPEC_VERSION),
  kind: z.enum(['pair', 'sequence']),
  /** `--model` as the coordinator was given it (`mini`, `mini-random`, a hub name): resolved again on each machine. */
  model: z.string().min(1),
  /** ModelSource.id: the weights' content hash, which every machine must match. */
  modelId: z.string().min(1),
  /** BenchSetup.numerics: absent for XNNPACK's GEMM. */
  numerics: z.string().optional(),
  data: z.object({
    dataSeed: int.nonnegative(),
    maxTrain: int.positive().nullable(),
    maxEval: int.positive().nullable(),
    maxSeqLength: int.positive(),
    /** SHA-256 of each task's files (TaskData.sha256), by canonical task name. */
    tasks: z.record(z.string(), z.string().min(1)),
  }),
  training: z.object({
    protocol: z.enum(['b-only', 'paper']),
    epochs: int.positive(),
    batchSize: int.positive(),
    warmupFraction: z.number().min(0).max(1),
    optimizer: z.literal('paper').optional(),
  }),
});

/** The parsed spec of a run. */
export type RunSpec = z.infer<typeof runSpecSchema>;

/** A row of `lrdist_bench_runs`. */
export const runRowSchema = z.object({
  name: z.string().min(1),
  config: z.record(z.string(), z.unknown()),
  config_hash: z.string().min(1),
  spec: z.unknown(),
  heartbeat_timeout_s: z.number().positive(),
});

// A cell's jobs are checked for the fields the queue and the executor read; the rest of a job is the
// coordinator's own job object sent back to the same code, so its full shape lives in jobs.ts alone
// (a second copy here would drift whenever a job gains a field).
const jobTemplate = <K extends string>(kind: K) =>
  z.looseObject({ kind: z.literal(kind), label: z.string().min(1), settings: z.looseObject({ seed: int.nonnegative() }) });

/** A pair cell: phase A by its cache key, phase B's job less what is machine-bound. */
export const pairWorkSchema = z.object({
  kind: z.literal('pair'),
  method: z.string().min(1),
  seed: int.nonnegative(),
  key: z.looseObject({ modelId: z.string(), taskA: z.string(), seed: int.nonnegative(), lrs: z.record(z.string(), z.number()) }),
  phaseB: jobTemplate('phase-b').extend({ taskA: z.string(), taskB: z.string() }),
});

/** A stream cell: the sequence job less what is machine-bound. */
export const sequenceWorkSchema = z.object({
  kind: z.literal('sequence'),
  job: jobTemplate('sequence').extend({ tasks: z.array(z.string()).min(2) }),
});

/** A cell's work, as stored in `lrdist_bench_cells.work`. */
export const cellWorkSchema = z.discriminatedUnion('kind', [pairWorkSchema, sequenceWorkSchema]);

/** A claimed cell, as the claim statement returns it. */
export const claimRowSchema = z.object({ key: z.string().min(1), work: z.unknown(), attempt: int.positive() });

const phaseAResultSchema = z.object({
  kind: z.literal('phase-a'),
  dir: z.string(),
  pA: scoreSchema,
  pAValidation: scoreSchema,
  mlmBeforeA: mlmSchema.optional(),
  mlmAfterA: mlmSchema.optional(),
  seconds: z.number().nonnegative(),
});

const phaseBResultSchema = z.object({
  kind: z.literal('phase-b'),
  pO: scoreSchema,
  pS: scoreSchema,
  mlmAfterB: mlmSchema.optional(),
  stopped: z.boolean(),
  seconds: z.number().nonnegative(),
});

/** What a pair cell's holder stores: both phases' results. */
export const pairResultSchema = z.object({ a: phaseAResultSchema, b: phaseBResultSchema });

/** What a stream cell's holder stores: the sequence job's result. */
export const sequenceResultSchema = z.object({
  kind: z.literal('sequence'),
  r: z.array(z.array(z.number())),
  before: z.array(z.number()),
  seconds: z.number().nonnegative(),
});

/** A finished cell, as the coordinator polls for it. */
export const finishedRowSchema = z.discriminatedUnion('state', [
  z.object({ key: z.string(), state: z.literal('complete'), result: z.unknown(), error: z.null() }),
  z.object({ key: z.string(), state: z.literal('failed'), result: z.unknown(), error: z.string() }),
]);

/** A cell row in full (status, tests). */
export const cellRowSchema = z.object({
  key: z.string(),
  state: z.enum(['waiting', 'running', 'complete', 'failed']),
  attempt: int.nonnegative(),
  completions: int.nonnegative(),
  worker_id: z.string().nullable(),
  error: z.string().nullable(),
});

/** A cell row as {@link cellRowSchema} reads it. */
export type CellRow = z.infer<typeof cellRowSchema>;

/** Validates a row; a row that does not fit is a RunQueueError naming the run, the field and the rule. */
export function parseRow<T>(schema: z.ZodType<T>, row: unknown, what: string): T {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? 'row' : issue.path.join('.');
  throw new RunQueueError(`${what}: \`${field}\` ${issue?.message ?? 'is invalid'}`, { cause: parsed.error });
}
