import type { z } from 'zod';

/**
 * The first issue of a zod error as "`<field path>` <zod's message>" (e.g. "`hidden_size` Invalid
 * input: expected number, received string"), for a domain error that adds the file and keeps the
 * ZodError as `cause`. One line, unlike `z.prettifyError`, which lists every issue on lines of its own.
 */
export function describeZodIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `\`${issue?.path.map(String).join('.') ?? '?'}\` ${issue?.message ?? 'is invalid'}`;
}
