import { z } from 'zod';
import type { Operation } from '../operations.js';
import { jsonRecordSchema, reportNumberSchema, storedParamSchema } from '../schemas.js';

/**
 * The journal's on-disk format: one JSON object per line, one operation each, with `v` the format
 * version. Lines are validated with these schemas on replay (the file is a trust boundary: other
 * processes, other versions, hand edits). Numbers in reports may be NaN or infinite, which JSON
 * cannot hold: they are written as the strings "NaN", "Infinity" and "-Infinity".
 */

/** The format version this library writes and reads. */
export const JOURNAL_FORMAT_VERSION = 1;

const jsonRecord = jsonRecordSchema;
const studyName = z.string().min(1);
const trialNumber = z.number().int().min(0);
const time = z.number();
const direction = z.enum(['minimize', 'maximize']);
const storedParam = storedParamSchema;

const base = { v: z.literal(JOURNAL_FORMAT_VERSION), study: studyName };

/** One journal line. */
export const journalLineSchema = z.discriminatedUnion('op', [
  z.strictObject({
    ...base,
    op: z.literal('createStudy'),
    directions: z.array(direction).min(1),
    userAttrs: jsonRecord,
    systemAttrs: jsonRecord,
    at: time,
  }),
  z.strictObject({ ...base, op: z.literal('deleteStudy') }),
  z.strictObject({ ...base, op: z.literal('setStudyAttrs'), user: jsonRecord, system: jsonRecord }),
  z.strictObject({
    ...base,
    op: z.literal('createTrial'),
    number: trialNumber,
    state: z.enum(['waiting', 'running']),
    workerId: z.string().nullable(),
    heartbeat: z.boolean(),
    userAttrs: jsonRecord,
    systemAttrs: jsonRecord,
    at: time,
  }),
  z.strictObject({ ...base, op: z.literal('claimTrial'), number: trialNumber, workerId: z.string(), heartbeat: z.boolean(), at: time }),
  z.strictObject({ ...base, op: z.literal('setParams'), number: trialNumber, params: z.array(storedParam).min(1) }),
  z.strictObject({ ...base, op: z.literal('setTrialAttrs'), number: trialNumber, user: jsonRecord, system: jsonRecord }),
  z.strictObject({
    ...base,
    op: z.literal('report'),
    number: trialNumber,
    step: z.number().int().min(0),
    values: z.array(reportNumberSchema).min(1),
  }),
  z.strictObject({ ...base, op: z.literal('heartbeat'), number: trialNumber, at: time }),
  z.strictObject({
    ...base,
    op: z.literal('finishTrial'),
    number: trialNumber,
    state: z.enum(['complete', 'pruned', 'failed']),
    values: z.array(z.number()).nullable(),
    failReason: z.string().nullable(),
    at: time,
  }),
  z.strictObject({ ...base, op: z.literal('requeueTrial'), number: trialNumber, reason: z.enum(['stale', 'released']), at: time }),
]);

/** A parsed journal line. */
export type JournalLine = z.infer<typeof journalLineSchema>;

const encodeNumber = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

/** The operation a validated line records. */
export function lineToOperation(line: JournalLine): Operation {
  const { v: _v, ...op } = line;
  return op as Operation;
}

/** The text of the line recording `op` (no newline). */
export function operationToLine(op: Operation): string {
  const encoded = op.op === 'report' ? { ...op, values: op.values.map(encodeNumber) } : op;
  return JSON.stringify({ v: JOURNAL_FORMAT_VERSION, ...encoded });
}
