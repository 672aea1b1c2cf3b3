import { InvalidParamError, InvalidSearchSpaceError } from '../errors.js';

/** A value a categorical parameter may take. */
export type CategoricalChoice = string | number | boolean | null;

/** The value of a parameter as the objective sees it. */
export type ParamValue = number | CategoricalChoice;

/** A real-valued parameter in [low, high]; `log` samples uniformly in log space, `step` discretises. */
export interface FloatDistribution {
  readonly kind: 'float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;
}

/** An integer parameter in [low, high] with a step (default 1); `log` samples uniformly in log space. */
export interface IntDistribution {
  readonly kind: 'int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

/** A parameter drawn from an unordered list of choices (`T` narrows the choice type for callers). */
export interface CategoricalDistribution<T extends CategoricalChoice = CategoricalChoice> {
  readonly kind: 'categorical';
  readonly choices: readonly T[];
}

/** Any parameter distribution. */
export type ParamDistribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/** Parameter name to distribution: a (possibly partial) search space. */
export type SearchSpace = Readonly<Record<string, ParamDistribution>>;

/** Options of {@link floatDistribution}. */
export interface FloatDistributionOptions {
  /** Sample uniformly in log space; needs low > 0. Default false. */
  log?: boolean;
  /** Discretisation step from `low`; incompatible with `log`. Default none. */
  step?: number | null;
}

/** Options of {@link intDistribution}. */
export interface IntDistributionOptions {
  /** Sample uniformly in log space; needs low >= 1 and step 1. Default false. */
  log?: boolean;
  /** Step from `low`. Default 1. */
  step?: number;
}

function fail(name: string | undefined, message: string): never {
  throw new InvalidSearchSpaceError(name === undefined ? message : `parameter '${name}': ${message}`);
}

/** Builds a validated float distribution; `name` only improves error messages. */
export function floatDistribution(
  low: number,
  high: number,
  options: FloatDistributionOptions = {},
  name?: string,
): FloatDistribution {
  const log = options.log ?? false;
  const step = options.step ?? null;
  if (!Number.isFinite(low)) fail(name, `\`low\` must be a finite number, got ${low}`);
  if (!Number.isFinite(high)) fail(name, `\`high\` must be a finite number, got ${high}`);
  if (low > high) fail(name, `\`low\` must be <= \`high\`, got low=${low}, high=${high}`);
  if (log && low <= 0) fail(name, `\`low\` must be > 0 for a log distribution, got ${low}`);
  if (step !== null) {
    if (log) fail(name, '`step` and `log` cannot be used together');
    if (!Number.isFinite(step) || step <= 0) fail(name, `\`step\` must be a positive finite number, got ${step}`);
    // Optuna likewise snaps `high` down to the last reachable grid point.
    const n = Math.floor((high - low) / step + 1e-9);
    return { kind: 'float', low, high: low + n * step, log, step };
  }
  return { kind: 'float', low, high, log, step };
}

/** Builds a validated integer distribution; `name` only improves error messages. */
export function intDistribution(
  low: number,
  high: number,
  options: IntDistributionOptions = {},
  name?: string,
): IntDistribution {
  const log = options.log ?? false;
  const step = options.step ?? 1;
  if (!Number.isSafeInteger(low)) fail(name, `\`low\` must be an integer, got ${low}`);
  if (!Number.isSafeInteger(high)) fail(name, `\`high\` must be an integer, got ${high}`);
  if (low > high) fail(name, `\`low\` must be <= \`high\`, got low=${low}, high=${high}`);
  if (!Number.isSafeInteger(step) || step < 1) fail(name, `\`step\` must be a positive integer, got ${step}`);
  if (log && low < 1) fail(name, `\`low\` must be >= 1 for a log distribution, got ${low}`);
  if (log && step !== 1) fail(name, `\`step\` must be 1 for a log distribution, got ${step}`);
  const n = Math.floor((high - low) / step);
  return { kind: 'int', low, high: low + n * step, log, step };
}

/** Builds a validated categorical distribution; `name` only improves error messages. */
export function categoricalDistribution<const T extends CategoricalChoice>(
  choices: readonly T[],
  name?: string,
): CategoricalDistribution<T> {
  if (choices.length === 0) fail(name, '`choices` must not be empty');
  const seen = new Set<string>();
  for (const c of choices) {
    const t = typeof c;
    if (!(c === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(c)))) {
      fail(name, `\`choices\` must hold strings, finite numbers, booleans or null, got ${String(c)}`);
    }
    const key = JSON.stringify(c);
    if (seen.has(key)) fail(name, `\`choices\` must be unique, got ${key} twice`);
    seen.add(key);
  }
  return { kind: 'categorical', choices: [...choices] };
}

/**
 * Samplers work on one numeric representation per parameter (as Optuna does): floats and ints are
 * themselves, a categorical value is its index in `choices`. Log scaling is the sampler's business.
 */
export function toInternal(dist: ParamDistribution, value: ParamValue, name?: string): number {
  if (dist.kind === 'categorical') {
    const i = dist.choices.findIndex((c) => c === value);
    if (i < 0) {
      throw new InvalidParamError(
        `${name === undefined ? 'value' : `parameter '${name}'`} must be one of ${JSON.stringify(dist.choices)}, got ${JSON.stringify(value)}`,
      );
    }
    return i;
  }
  if (typeof value !== 'number' || !containsInternal(dist, value)) {
    throw new InvalidParamError(
      `${name === undefined ? 'value' : `parameter '${name}'`} must lie in ${describeDistribution(dist)}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Inverse of {@link toInternal}. */
export function toExternal(dist: ParamDistribution, internal: number): ParamValue {
  if (dist.kind === 'categorical') {
    const choice = dist.choices[internal];
    if (choice === undefined || !Number.isInteger(internal)) {
      throw new InvalidParamError(`categorical index must be in [0, ${dist.choices.length - 1}], got ${internal}`);
    }
    return choice;
  }
  return internal;
}

/** Whether an internal value is a legal point of the distribution (grid points only, for steps). */
export function containsInternal(dist: ParamDistribution, internal: number): boolean {
  if (!Number.isFinite(internal)) return false;
  if (dist.kind === 'categorical') return Number.isInteger(internal) && internal >= 0 && internal < dist.choices.length;
  if (internal < dist.low || internal > dist.high) return false;
  if (dist.kind === 'int') return Number.isInteger((internal - dist.low) / dist.step);
  if (dist.step !== null) {
    const k = (internal - dist.low) / dist.step;
    return Math.abs(k - Math.round(k)) < 1e-8;
  }
  return true;
}

/** Whether the distribution admits exactly one value (such parameters are never sampled). */
export function isSingleValue(dist: ParamDistribution): boolean {
  return dist.kind === 'categorical' ? dist.choices.length === 1 : dist.low === dist.high;
}

/** Structural equality, used to reject a parameter name reused with another distribution. */
export function distributionsEqual(a: ParamDistribution, b: ParamDistribution): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'categorical' && b.kind === 'categorical') {
    return a.choices.length === b.choices.length && a.choices.every((c, i) => c === b.choices[i]);
  }
  if (a.kind === 'categorical' || b.kind === 'categorical') return false;
  return a.low === b.low && a.high === b.high && a.log === b.log && a.step === b.step;
}

/** A short human-readable form, e.g. `float[1e-07, 0.001] log`. */
export function describeDistribution(dist: ParamDistribution): string {
  if (dist.kind === 'categorical') return `categorical${JSON.stringify(dist.choices)}`;
  const extras = [dist.log ? 'log' : '', dist.step !== null && dist.step !== 1 ? `step ${dist.step}` : '']
    .filter(Boolean)
    .join(', ');
  return `${dist.kind}[${dist.low}, ${dist.high}]${extras ? ` ${extras}` : ''}`;
}
