import type { z } from 'zod';

/**
 * Turns the first issue of a zod error into the house message form
 * "`<root>.<path>` must <rule>, got <value>", so that callers can wrap it in a domain error and keep
 * the ZodError as `cause`.
 */
export function describeZodError(error: z.ZodError, input: unknown, root: string): string {
  const issue = error.issues[0];
  if (issue === undefined) return `\`${root}\` is invalid`;
  const path = [root, ...issue.path.map(String)].reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : `${acc}.${part}`));
  const got = describeValue(valueAt(input, issue.path));
  const rule = ruleOf(issue);
  return `\`${path}\` must ${rule}, got ${got}`;
}

function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `be ${article(issue.expected === 'int' ? 'integer' : issue.expected)}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `have at least ${String(issue.minimum)} ${issue.origin === 'array' ? 'item(s)' : 'character(s)'}`
        : `be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      return `be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `not have the key(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_value':
      return `be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      // A discriminated union names its allowed tags.
      const options = (issue as { options?: unknown[] }).options;
      return Array.isArray(options) && options.length > 0
        ? `be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`
        : 'match one of the allowed shapes';
    }
    default:
      return `satisfy: ${issue.message}`;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A short JSON-ish rendering of a value for error messages (long values are cut). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
