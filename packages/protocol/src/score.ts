import { z } from 'zod';

/** Scores of one evaluation: the headline metric and every other metric of the task. */
export const scoreSchema = z.object({
  headline: z.number(),
  metrics: z.record(z.string(), z.number()),
  /** Classification: the headline a constant prediction of the most frequent label would get. */
  majority: z.number().optional(),
  /** Classification: the model predicted one class for every example (absent in older results). */
  collapsed: z.boolean().optional(),
});

/** Held-out masked-language-model figures (loss, accuracy on masked positions). */
export const mlmSchema = z.object({ loss: z.number(), accuracy: z.number() });

/** A score as measured and stored. */
export type Score = z.infer<typeof scoreSchema>;

/** Held-out MLM loss and accuracy. */
export type MlmFigures = z.infer<typeof mlmSchema>;
