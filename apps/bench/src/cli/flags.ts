// Each command declares its flags once, as a list of specs; from that list come the `node:util`
// parseArgs options, a zod schema that converts, bounds-checks and defaults the values, the
// TypeScript type of what the command receives, and the help text.
import { parseArgs } from 'node:util';
import { GLUE_TASK_SPELLINGS, resolveGlueTask, UnknownTaskError, type GlueTaskRef } from '@lrdist/glue';
import { taskCliName } from '@lrdist/protocol';
import { z } from 'zod';
import { ArgsError } from '../errors.js';
import { isSafeName, SAFE_NAME_RULE } from './safe-name.js';

/** What a flag holds. */
export type FlagKind = 'string' | 'int' | 'number' | 'boolean' | 'enum' | 'task' | 'int-list' | 'number-list' | 'string-list' | 'task-list';

/** How one command-line flag is read. */
export interface FlagSpec {
  /** Without the leading `--`. */
  readonly name: string;
  readonly kind: FlagKind;
  /** One line of help. */
  readonly help: string;
  /** Allowed values of an `enum` flag. */
  readonly values?: readonly string[];
  /** Smallest allowed value of a numeric flag (or of each list element). */
  readonly min?: number;
  /** Whether `min` itself is excluded (a learning rate must be > 0). Default: false. */
  readonly exclusiveMin?: boolean;
  /** Largest allowed value of a numeric flag (or of each list element). Default: none. */
  readonly max?: number;
  /** Whether a list flag refuses repeated items (`--seeds 0,0`). Default: false. */
  readonly unique?: boolean;
  /** Whether a string value (or each item of a list) becomes a file or folder name: see `SAFE_NAME`. Default: false. */
  readonly safeName?: boolean;
  /** The value when the flag is absent (shown in help): such a flag is never undefined. */
  readonly default?: string | number | boolean | readonly number[] | readonly string[];
  /** Help's words for a default that depends on other flags (the model's, the study's); the command applies it. */
  readonly defaultText?: string;
  /** A valid value, used in error messages. */
  readonly example: string;
}

/** The value a spec parses to. */
type ValueOf<F> = F extends { readonly kind: 'enum'; readonly values: readonly (infer V)[] }
  ? V
  : F extends { readonly kind: 'int' | 'number' }
    ? number
    : F extends { readonly kind: 'boolean' }
      ? boolean
      : F extends { readonly kind: 'task' }
        ? GlueTaskRef
        : F extends { readonly kind: 'task-list' }
          ? GlueTaskRef[]
          : F extends { readonly kind: 'int-list' | 'number-list' }
            ? number[]
            : F extends { readonly kind: 'string-list' }
              ? string[]
              : string;

/**
 * The parsed flags of a spec list (declared `as const`), by flag name: flags with a `default` (and
 * booleans, false when absent) are always there; the others are undefined when not given.
 */
export type FlagValuesOf<S extends readonly FlagSpec[]> = {
  readonly [F in S[number] as F extends { readonly default: unknown } | { readonly kind: 'boolean' } ? F['name'] : never]: ValueOf<F>;
} & {
  readonly [F in S[number] as F extends { readonly default: unknown } | { readonly kind: 'boolean' } ? never : F['name']]?: ValueOf<F>;
};

/** Every spec but the named ones (a command that declares its own version of a shared flag). */
export function without<S extends readonly FlagSpec[], N extends S[number]['name']>(
  specs: S,
  ...names: readonly N[]
): Exclude<S[number], { readonly name: N }>[] {
  return specs.filter((s): s is Exclude<S[number], { readonly name: N }> => !names.includes(s.name as N));
}

/** The one message form of a bad flag; the hint is an example of a good value, or the near miss the value may have meant. */
function rule(spec: FlagSpec, raw: string | undefined, what: string, suggestion?: string): string {
  const got = raw === undefined ? 'nothing' : `'${raw}'`;
  return `--${spec.name} must be ${what}, got ${got} (${suggestion === undefined ? `e.g. --${spec.name} ${spec.example}` : `did you mean ${suggestion}?`})`;
}

function bounds(spec: FlagSpec, integer: boolean): string {
  const parts = [
    spec.min === undefined ? '' : `${spec.exclusiveMin === true ? '>' : '>='} ${spec.min}`,
    spec.max === undefined ? '' : `<= ${spec.max}`,
  ].filter(Boolean);
  const kind = integer ? 'an integer' : 'a number';
  return parts.length === 0 ? kind : `${kind} ${parts.join(' and ')}`;
}

/** A number within the spec's bounds, or null. Integers must be exact: `1e20` parses, but loses its low digits. */
function toNumber(spec: FlagSpec, text: string, integer: boolean): number | null {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) return null;
  if (spec.min !== undefined && (spec.exclusiveMin === true ? value <= spec.min : value < spec.min)) return null;
  if (spec.max !== undefined && value > spec.max) return null;
  return value;
}

/** The task names a flag of kind `task` accepts, for its message. */
const GLUE_TASK_LIST = GLUE_TASK_SPELLINGS.join(', ');

/** The zod type of one flag: the raw text (or true for a boolean) in, the typed value out; every issue names the flag, the rule and an example. */
function flagType(spec: FlagSpec): z.ZodType<unknown, string | boolean | undefined> {
  return z
    .union([z.string(), z.boolean()])
    .optional()
    .transform((raw, ctx): unknown => {
      const fail = (
        what: string,
        shown: string | undefined = typeof raw === 'string' ? raw : undefined,
        suggestion?: string,
      ): typeof z.NEVER => {
        ctx.addIssue({ code: 'custom', message: rule(spec, shown, what, suggestion) });
        return z.NEVER;
      };
      if (raw === undefined) {
        if (spec.default === undefined) return spec.kind === 'boolean' ? false : undefined;
        // A task default is written as its name and parsed like one typed in.
        if (spec.kind === 'task' || spec.kind === 'task-list')
          raw = Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default);
        else return Array.isArray(spec.default) ? [...(spec.default as readonly unknown[])] : spec.default;
      }
      if (spec.kind === 'boolean') return raw === true ? true : fail('given alone, without a value');
      if (typeof raw !== 'string') return fail('given a value', undefined);
      const number = (text: string, integer: boolean): number | typeof z.NEVER =>
        toNumber(spec, text, integer) ?? fail(bounds(spec, integer));
      const unique = <T>(items: T[], key: (item: T) => string = String): T[] | typeof z.NEVER => {
        const keys = items.map(key);
        const repeated = spec.unique === true ? keys.find((k, i) => keys.indexOf(k) !== i) : undefined;
        return repeated === undefined ? items : fail(`a list without repeats (${repeated} is given twice)`);
      };
      // A task is parsed here, once: commands and jobs carry its GlueTaskRef (or its canonical name).
      // A near miss is named, as glue's own error does it ('mrcp' -> mrpc).
      let suggestion: string | undefined;
      const task = (name: string): GlueTaskRef | null => {
        try {
          return resolveGlueTask(name);
        } catch (error) {
          if (error instanceof UnknownTaskError) suggestion ??= error.suggestion;
          return null;
        }
      };
      const failTask = (what: string): typeof z.NEVER => fail(what, raw, suggestion);
      switch (spec.kind) {
        case 'string':
          return spec.safeName === true && !isSafeName(raw) ? fail(SAFE_NAME_RULE) : raw;
        case 'int':
        case 'number':
          return number(raw, spec.kind === 'int');
        case 'enum':
          return spec.values?.includes(raw) === true ? raw : fail(`one of ${spec.values?.join(', ')}`);
        case 'task':
          return task(raw) ?? failTask(`one of ${GLUE_TASK_LIST}`);
        case 'task-list': {
          const tasks = raw.split(',').map((p) => task(p.trim()));
          return tasks.some((t) => t === null)
            ? failTask(`a comma-separated list of ${GLUE_TASK_LIST}`)
            : unique(tasks as GlueTaskRef[], taskCliName);
        }
        case 'int-list':
        case 'number-list': {
          const integer = spec.kind === 'int-list';
          const items = raw.split(',').map((part) => toNumber(spec, part, integer));
          return items.some((v) => v === null) ? fail(bounds(spec, integer)) : unique(items as number[]);
        }
        case 'string-list': {
          const items = raw.split(',').map((p) => p.trim());
          if (items.some((p) => p === '')) return fail('a comma-separated list without empty items');
          if (spec.safeName === true && !items.every(isSafeName)) return fail(SAFE_NAME_RULE);
          return unique(items);
        }
      }
    });
}

/** The zod schema of a command's flags: unknown keys refused, each flag converted, bounded and defaulted. */
export function flagsSchema(specs: readonly FlagSpec[]): z.ZodType<Record<string, unknown>, Record<string, string | boolean | undefined>> {
  return z.strictObject(Object.fromEntries(specs.map((s) => [s.name, flagType(s)])));
}

/** What {@link parseFlags} read. */
export interface ParsedFlags<S extends readonly FlagSpec[]> {
  readonly flags: FlagValuesOf<S>;
  readonly positionals: readonly string[];
}

/**
 * Reads a command's argv with parseArgs (`--name value`, `--name=value`, `--flag`, `-h`), then its
 * schema. Every error is an {@link ArgsError} of one line naming the flag, the rule and an example;
 * an unknown flag lists the known ones.
 */
export function parseFlags<const S extends readonly FlagSpec[]>(argv: readonly string[], specs: S, command: string): ParsedFlags<S> {
  const known = specs.map((s) => `--${s.name}`).join(', ');
  const byName = new Map<string, FlagSpec>(specs.map((s) => [s.name, s]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      tokens: true,
      options: Object.fromEntries(
        specs.map((s) => [
          s.name,
          { type: s.kind === 'boolean' ? ('boolean' as const) : ('string' as const), ...(s.name === 'help' ? { short: 'h' } : {}) },
        ]),
      ),
    });
  } catch (error) {
    const message = (error as Error).message;
    const flag = /'(?:-\w, )?--?([^' =<]+)/.exec(message)?.[1];
    const spec = flag === undefined ? undefined : byName.get(flag);
    if (spec === undefined)
      throw new ArgsError(
        `unknown flag ${flag === undefined ? '' : `${flag.length === 1 ? '-' : '--'}${flag} `}for \`${command}\`; known flags: ${known} (see --help)`,
      );
    if (spec.kind === 'boolean') throw new ArgsError(rule(spec, undefined, 'given alone, without a value').replace(', got nothing', ''));
    // parseArgs calls a value that starts with '-' ambiguous: it might be the next flag.
    const hint = message.includes('ambiguous') ? `; a value that starts with '-' goes after '=' (--${spec.name}=-1)` : '';
    throw new ArgsError(`${rule(spec, undefined, 'given a value')}${hint}`);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new ArgsError(`--${token.name} is given twice; give it once`);
    seen.add(token.name);
  }
  const result = flagsSchema(specs).safeParse(parsed.values as Record<string, string | boolean | undefined>);
  if (!result.success) throw new ArgsError(result.error.issues[0]?.message ?? 'invalid flags (see --help)');
  // The schema is built from the specs, so its output has the shape FlagValuesOf<S> describes.
  return { flags: result.data as FlagValuesOf<S>, positionals: parsed.positionals };
}

/** Help text of a command: usage, description, flags with defaults. */
export function formatHelp(options: { usage: string; description: string; specs: readonly FlagSpec[]; notes?: string }): string {
  const width = Math.max(...options.specs.map((s) => s.name.length + (s.kind === 'boolean' ? 0 : 8)));
  const lines = [`usage: ${options.usage}`, '', options.description, '', 'flags:'];
  for (const s of options.specs) {
    const placeholder = s.kind === 'enum' ? 'x' : s.kind.includes('list') ? 'a,b' : s.kind === 'string' || s.kind === 'task' ? 's' : 'n';
    const head = `${s.name === 'help' ? '-h, ' : ''}--${s.name}${s.kind === 'boolean' ? '' : ` <${placeholder}>`}`;
    const defaultText =
      s.defaultText ??
      (s.default === undefined || s.kind === 'boolean' ? '' : Array.isArray(s.default) ? s.default.join(',') : String(s.default));
    const extra = [s.values ? `one of ${s.values.join('|')}` : '', defaultText ? `default ${defaultText}` : ''].filter(Boolean).join('; ');
    lines.push(`  ${head.padEnd(width + 8)} ${s.help}${extra ? ` (${extra})` : ''}`);
  }
  if (options.notes) lines.push('', options.notes);
  return `${lines.join('\n')}\n`;
}
