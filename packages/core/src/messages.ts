// The house form of a validation message, "`<field>` must <rule>, got <value>", shared by every
// package that checks input (DESIGN.md: errors name the field and the fix).
import type { z } from 'zod';

/** A short rendering of a value for a "got <value>" message: JSON where possible, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The value at a zod issue's path in the input (undefined where the path leaves the input). */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A zod path as a field name: `groups[2].lr` (array indices in brackets); `root` prefixes it when given. */
export function fieldPath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number' || /^\d+$/.test(String(key))) out += `[${String(key)}]`;
    else out += out.length === 0 ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * The first issue of a zod error in the house form ("`<root>.<path>` must <rule>, got <value>"), so
 * that a caller can wrap it in its own typed error and keep the ZodError as `cause`.
 */
export function describeZodError(error: z.ZodError, input: unknown, root: string): string {
  const issue = error.issues[0];
  if (issue === undefined) return `\`${root}\` is invalid`;
  return `\`${fieldPath(issue.path, root)}\` must ${ruleOf(issue)}, got ${describeValue(valueAt(input, issue.path))}`;
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
