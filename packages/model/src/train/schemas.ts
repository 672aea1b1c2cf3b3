import { z } from 'zod';

const u32 = z.number().int().min(0).max(0xffffffff);

/** state.json of a training checkpoint (format "lrdist-training-state", version 1). */
export const trainingStateSchema = z.object({
  format: z.literal('lrdist-training-state'),
  version: z.literal(1),
  step: z.number().int().nonnegative(),
  epoch: z.number().int().nonnegative(),
  batchInEpoch: z.number().int().nonnegative(),
  seed: z.number().int(),
  batchSize: z.number().int().positive(),
  epochs: z.number().int().positive(),
  numExamples: z.number().int().nonnegative(),
  dropoutRng: z.tuple([u32, u32, u32, u32]),
  maskRng: z.tuple([u32, u32, u32, u32]),
  objective: z.union([z.object({ kind: z.literal('head'), head: z.string() }), z.object({ kind: z.literal('mlm') })]),
  optimizer: z.object({
    kind: z.enum(['adam', 'adamw']),
    groups: z.array(z.object({ name: z.string(), lr: z.number() })),
  }),
  variables: z.array(z.string()),
  lossSum: z.number(),
  lossCount: z.number().int().nonnegative(),
});

/** Parsed state.json. */
export type TrainingStateJson = z.infer<typeof trainingStateSchema>;
