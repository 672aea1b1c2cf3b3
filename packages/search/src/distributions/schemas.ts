import { z } from 'zod';

/** A categorical choice as stored: string, finite number, boolean or null. */
export const categoricalChoiceSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A parameter value as stored (the objective's representation). */
export const paramValueSchema = categoricalChoiceSchema;

/** A distribution as stored by the journal and PostgreSQL storages (the in-memory shape, verbatim). */
export const distributionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('float'),
    low: z.number(),
    high: z.number(),
    log: z.boolean(),
    step: z.number().nullable(),
  }),
  z.strictObject({
    kind: z.literal('int'),
    low: z.number().int(),
    high: z.number().int(),
    log: z.boolean(),
    step: z.number().int(),
  }),
  z.strictObject({ kind: z.literal('categorical'), choices: z.array(categoricalChoiceSchema).min(1) }),
]);

/** One parameter of a user-written search-space definition (`type` rather than the internal `kind`). */
export const paramDefinitionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('float'),
    low: z.number(),
    high: z.number(),
    log: z.boolean().optional(),
    step: z.number().nullable().optional(),
  }),
  z.strictObject({
    type: z.literal('int'),
    low: z.number().int(),
    high: z.number().int(),
    log: z.boolean().optional(),
    step: z.number().int().optional(),
  }),
  z.strictObject({ type: z.literal('categorical'), choices: z.array(categoricalChoiceSchema).min(1) }),
]);

/** A search-space definition: parameter name to definition (JSON or config input). */
export const searchSpaceDefinitionSchema = z.record(z.string().min(1), paramDefinitionSchema);
