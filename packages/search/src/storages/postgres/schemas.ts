import { z } from 'zod';
import { StorageError } from '../../errors.js';
import type { FrozenTrial, StudyDirection, TrialState } from '../../trial/frozen-trial.js';
import { describeZodError } from '@lrdist/core';
import { jsonRecordSchema, reportNumberSchema, storedParamSchema } from '../schemas.js';
import type { StoredParam, StoredStudy } from '../storage.js';

/**
 * Rows as PostgreSQL returns them, validated on the way in (the database is a trust boundary:
 * other versions and hand edits write to it too).
 */

const direction = z.enum(['minimize', 'maximize']);
const state = z.enum(['waiting', 'running', 'complete', 'pruned', 'failed']);
const time = z.number().nullable();

/** A row of `lrdist_studies`. */
export const studyRowSchema = z.object({
  name: z.string(),
  directions: z.array(direction).min(1),
  user_attrs: jsonRecordSchema,
  system_attrs: jsonRecordSchema,
  created_at: z.number(),
});

/** A row of `lrdist_trials` with its reports aggregated as `[[step, [values...]], ...]`. */
export const trialRowSchema = z.object({
  number: z.number().int(),
  state,
  objective_values: z.array(z.number()).nullable(),
  params: z.array(storedParamSchema),
  user_attrs: jsonRecordSchema,
  system_attrs: jsonRecordSchema,
  started_at: time,
  completed_at: time,
  heartbeat_at: time,
  fail_reason: z.string().nullable(),
  worker_id: z.string().nullable(),
  reports: z.array(z.tuple([z.number().int(), z.array(reportNumberSchema)])),
});

function parse<T>(schema: z.ZodType<T>, row: unknown, what: string): T {
  const parsed = schema.safeParse(row);
  if (!parsed.success) throw new StorageError(`PostgreSQL ${what}: ${describeZodError(parsed.error, row, 'row')}`, { cause: parsed.error });
  return parsed.data;
}

/** A validated study row as a StoredStudy. */
export function studyFromRow(row: unknown): StoredStudy {
  const r = parse(studyRowSchema, row, 'study row');
  return {
    studyName: r.name,
    directions: r.directions as StudyDirection[],
    userAttrs: r.user_attrs,
    systemAttrs: r.system_attrs,
    createdAt: r.created_at,
  };
}

/** A validated trial row as a FrozenTrial. */
export function trialFromRow(row: unknown, study: string): FrozenTrial {
  const r = parse(trialRowSchema, row, `trial row of study '${study}'`);
  const params: FrozenTrial['params'] = Object.fromEntries(r.params.map((p) => [p.name, p.value]));
  const distributions: FrozenTrial['distributions'] = Object.fromEntries(r.params.map((p) => [p.name, p.distribution]));
  return {
    number: r.number,
    state: r.state as TrialState,
    values: r.objective_values,
    params,
    distributions,
    intermediateValues: r.reports.map(([step, values]) => ({ step, values })),
    userAttrs: r.user_attrs,
    systemAttrs: r.system_attrs,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    failReason: r.fail_reason,
    heartbeatAt: r.heartbeat_at,
    workerId: r.worker_id,
  };
}

/** Stored params of a row, validated. */
export function paramsFromJson(value: unknown, study: string): StoredParam[] {
  return parse(z.array(storedParamSchema), value, `params of a trial of study '${study}'`);
}
