import { z } from 'zod';
import type { GlueClassificationLabels, GlueRegressionLabels } from '../tasks/glue-tasks.js';

/** The fields of a TSV row that a task uses, before validation. */
export interface RawGlueRow {
  readonly text: string;
  readonly textPair?: string;
  readonly label: string;
}

/** A row schema and the rule text used in error messages for each field it checks. */
export interface GlueRowSchema {
  readonly schema: z.ZodType<{ text: string; textPair?: string | undefined; label: number }, RawGlueRow>;
  readonly rules: { readonly text: string; readonly textPair: string; readonly label: string };
}

// GLUE writes STS-B scores as plain decimals ("3.800", "5.000"); exponents or "NaN" mean a broken row.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** Builds the zod schema that validates one row's fields and turns the label into a number. */
export function glueRowSchema(labels: GlueClassificationLabels | GlueRegressionLabels): GlueRowSchema {
  const label = labels.kind === 'classification' ? classLabel(labels) : regressionLabel(labels);
  const labelRule =
    labels.kind === 'classification'
      ? `be one of ${labels.values.map((v) => `'${v}'`).join(', ')}`
      : `be a decimal number in [${labels.min}, ${labels.max}]`;
  return {
    schema: z.object({ text: z.string(), textPair: z.string().optional(), label }),
    rules: { text: 'be a string', textPair: 'be a string', label: labelRule },
  };
}

function classLabel(labels: GlueClassificationLabels): z.ZodType<number, string> {
  const index = new Map(labels.values.map((value, i) => [value, i]));
  return z
    .string()
    .refine((value) => index.has(value))
    .transform((value) => index.get(value) ?? -1);
}

function regressionLabel(labels: GlueRegressionLabels): z.ZodType<number, string> {
  return z.string().regex(DECIMAL).transform(Number).pipe(z.number().min(labels.min).max(labels.max));
}
