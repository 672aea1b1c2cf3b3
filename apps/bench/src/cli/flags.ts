import { ArgsError } from '../errors.js';
import { checkSafeName } from './safe-name.js';

/** How one command-line flag is read. */
export interface FlagSpec {
  /** Without the leading `--`. */
  readonly name: string;
  readonly kind: 'string' | 'int' | 'number' | 'boolean' | 'enum' | 'int-list' | 'string-list';
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
  /** Shown in help; applied by the command (not here) so that "not given" stays visible. */
  readonly defaultText?: string;
  /** A valid value, used in error messages. */
  readonly example: string;
}

/** Parsed flag values by name. */
export type FlagValues = Record<string, string | number | boolean | number[] | string[]>;

/** Splits `argv` into flags (`--name value`, `--name=value`, `--flag`) and positionals. */
export function tokenizeArgs(argv: readonly string[]): { flags: Map<string, string | true>; positionals: string[] } {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (name === '') throw new ArgsError(`\`${arg}\` is not a flag; flags look like --name value`);
    if (flags.has(name)) throw new ArgsError(`--${name} is given twice; give it once`);
    if (eq >= 0) flags.set(name, arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) flags.set(name, argv[++i]!);
    else flags.set(name, true);
  }
  return { flags, positionals };
}

function invalid(spec: FlagSpec, raw: string | true, rule: string): ArgsError {
  const got = raw === true ? 'nothing' : `'${raw}'`;
  return new ArgsError(`--${spec.name} must be ${rule}, got ${got} (e.g. --${spec.name} ${spec.example})`);
}

function parseNumber(spec: FlagSpec, raw: string | true, text: string, integer: boolean): number {
  const value = Number(text);
  // Integers must be exact: `1e20` parses, but a seed or a count that large loses its low digits.
  const ok = text.trim() !== '' && Number.isFinite(value) && (!integer || Number.isSafeInteger(value));
  const { min, max } = spec;
  const belowMin = min !== undefined && (spec.exclusiveMin === true ? value <= min : value < min);
  if (!ok || belowMin || (max !== undefined && value > max)) {
    const bounds = [
      min === undefined ? '' : `${spec.exclusiveMin === true ? '>' : '>='} ${min}`,
      max === undefined ? '' : `<= ${max}`,
    ].filter(Boolean);
    const kind = integer ? 'an integer' : 'a number';
    throw invalid(spec, raw, bounds.length === 0 ? kind : `${kind} ${bounds.join(' and ')}`);
  }
  return value;
}

function checkUnique<T>(spec: FlagSpec, raw: string, items: T[]): T[] {
  if (spec.unique !== true) return items;
  const repeated = items.find((item, i) => items.indexOf(item) !== i);
  if (repeated !== undefined) throw invalid(spec, raw, `a list without repeats (${String(repeated)} is given twice)`);
  return items;
}

/**
 * Validates flags against their specs: unknown flags are errors that list the known ones, values
 * are converted, and every message names the flag, the rule and a valid example.
 */
export function parseFlags(flags: Map<string, string | true>, specs: readonly FlagSpec[], command: string): FlagValues {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: FlagValues = {};
  for (const [name, raw] of flags) {
    const spec = byName.get(name);
    if (spec === undefined) {
      const known = specs.map((s) => `--${s.name}`).join(', ');
      throw new ArgsError(`unknown flag --${name} for \`${command}\`; known flags: ${known} (see --help)`);
    }
    if (spec.kind === 'boolean') {
      if (raw !== true && raw !== 'true' && raw !== 'false') throw invalid(spec, raw, 'given alone (or =true/=false)');
      out[name] = raw !== 'false';
      continue;
    }
    if (raw === true) throw invalid(spec, raw, 'given a value');
    switch (spec.kind) {
      case 'string':
        out[name] = spec.safeName === true ? checkSafeName(raw, `--${name}`, spec.example) : raw;
        break;
      case 'int':
        out[name] = parseNumber(spec, raw, raw, true);
        break;
      case 'number':
        out[name] = parseNumber(spec, raw, raw, false);
        break;
      case 'enum':
        if (!spec.values?.includes(raw)) throw invalid(spec, raw, `one of ${spec.values?.join(', ')}`);
        out[name] = raw;
        break;
      case 'int-list':
        out[name] = checkUnique(spec, raw, raw.split(',').map((part) => parseNumber(spec, raw, part, true)));
        break;
      case 'string-list': {
        const items = raw.split(',').map((p) => p.trim());
        if (items.some((p) => p === '')) throw invalid(spec, raw, 'a comma-separated list without empty items');
        if (spec.safeName === true) items.forEach((item) => checkSafeName(item, `--${name}`, spec.example.split(',')[0] ?? spec.example));
        out[name] = checkUnique(spec, raw, items);
        break;
      }
    }
  }
  return out;
}

/** Help text of a command: usage, description, flags with defaults. */
export function formatHelp(options: { usage: string; description: string; specs: readonly FlagSpec[]; notes?: string }): string {
  const width = Math.max(...options.specs.map((s) => s.name.length + (s.kind === 'boolean' ? 0 : 8)));
  const lines = [`usage: ${options.usage}`, '', options.description, '', 'flags:'];
  for (const s of options.specs) {
    const head = `--${s.name}${s.kind === 'boolean' ? '' : ` <${s.kind === 'enum' ? 'x' : s.kind.includes('list') ? 'a,b' : s.kind === 'string' ? 's' : 'n'}>`}`;
    const extra = [s.values ? `one of ${s.values.join('|')}` : '', s.defaultText ? `default ${s.defaultText}` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${head.padEnd(width + 4)} ${s.help}${extra ? ` (${extra})` : ''}`);
  }
  if (options.notes) lines.push('', options.notes);
  return `${lines.join('\n')}\n`;
}
