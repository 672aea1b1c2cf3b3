import { InvalidSearchSpaceError } from '../errors.js';
import { describeZodError } from '@lrdist/core';
import {
  categoricalDistribution,
  floatDistribution,
  intDistribution,
  type CategoricalChoice,
  type CategoricalDistribution,
  type FloatDistribution,
  type IntDistribution,
  type ParamDistribution,
  type SearchSpace,
} from './distributions.js';
import { searchSpaceDefinitionSchema } from './schemas.js';

/** A float parameter in a search-space definition. */
export interface FloatParamDefinition {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  /** Sample uniformly in log space. Default false. */
  readonly log?: boolean;
  /** Discretisation step. Default none. */
  readonly step?: number | null;
}

/** An integer parameter in a search-space definition. */
export interface IntParamDefinition {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  /** Sample uniformly in log space. Default false. */
  readonly log?: boolean;
  /** Step from `low`. Default 1. */
  readonly step?: number;
}

/** A categorical parameter in a search-space definition. */
export interface CategoricalParamDefinition<T extends CategoricalChoice = CategoricalChoice> {
  readonly type: 'categorical';
  readonly choices: readonly T[];
}

/** Any parameter of a search-space definition. */
export type ParamDefinition = FloatParamDefinition | IntParamDefinition | CategoricalParamDefinition;

/** Parameter name to definition, the form users write (in code or JSON). */
export type SearchSpaceDefinition = Readonly<Record<string, ParamDefinition>>;

/** The distribution type a definition turns into. */
export type DistributionOf<D extends ParamDefinition> = D extends { readonly type: 'float' }
  ? FloatDistribution
  : D extends { readonly type: 'int' }
    ? IntDistribution
    : D extends CategoricalParamDefinition<infer T>
      ? CategoricalDistribution<T>
      : never;

/** The typed search space {@link defineSearchSpace} returns for a definition. */
export type SearchSpaceOf<D extends SearchSpaceDefinition> = { readonly [K in keyof D]: DistributionOf<D[K]> };

/** The value type of each parameter of a space, as `trial.suggestAll(space)` returns them. */
export type ParamsOf<S extends SearchSpace> = {
  [K in keyof S]: S[K] extends CategoricalDistribution<infer T> ? T : number;
};

/**
 * Validates a definition written in code and returns its distributions, typed so that
 * `trial.suggestAll(space)` knows each parameter's type (categorical choices keep their literals).
 * Throws InvalidSearchSpaceError naming the field and value.
 */
export function defineSearchSpace<const D extends SearchSpaceDefinition>(definition: D): SearchSpaceOf<D> {
  return parseSearchSpace(definition) as SearchSpaceOf<D>;
}

/** Validates a definition from JSON or config (zod) and returns its distributions. */
export function parseSearchSpace(input: unknown, root = 'space'): SearchSpace {
  const parsed = searchSpaceDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidSearchSpaceError(describeZodError(parsed.error, input, root), { cause: parsed.error });
  }
  const space: Record<string, ParamDistribution> = {};
  for (const [name, def] of Object.entries(parsed.data)) {
    const field = `${root}.${name}`;
    switch (def.type) {
      case 'float':
        space[name] = floatDistribution(def.low, def.high, { log: def.log ?? false, step: def.step ?? null }, field);
        break;
      case 'int':
        space[name] = intDistribution(def.low, def.high, { log: def.log ?? false, step: def.step ?? 1 }, field);
        break;
      case 'categorical':
        space[name] = categoricalDistribution(def.choices, field);
        break;
    }
  }
  return space;
}

/** The definition form of a space (for JSON files); `parseSearchSpace` reads it back. */
export function searchSpaceToDefinition(space: SearchSpace): Record<string, ParamDefinition> {
  const out: Record<string, ParamDefinition> = {};
  for (const [name, dist] of Object.entries(space)) {
    out[name] =
      dist.kind === 'categorical'
        ? { type: 'categorical', choices: [...dist.choices] }
        : dist.kind === 'int'
          ? { type: 'int', low: dist.low, high: dist.high, log: dist.log, step: dist.step }
          : { type: 'float', low: dist.low, high: dist.high, log: dist.log, step: dist.step };
  }
  return out;
}
