import { z } from 'zod';
import { distributionSchema, paramValueSchema } from '../distributions/schemas.js';

/** A parameter as the journal and PostgreSQL storages write it. */
export const storedParamSchema = z.strictObject({ name: z.string().min(1), value: paramValueSchema, distribution: distributionSchema });

/** Attributes: string keys to JSON data. */
export const jsonRecordSchema = z.record(z.string(), z.json());

/** A number that JSON could not hold, written as a string (reports may be NaN or infinite). */
export const reportNumberSchema = z
  .union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])])
  .transform((v) =>
    v === 'NaN' ? Number.NaN : v === 'Infinity' ? Number.POSITIVE_INFINITY : v === '-Infinity' ? Number.NEGATIVE_INFINITY : v,
  );
