import { InvalidDistributionError, describeValue } from '../errors.js';
import type { GroupSpec } from '../groups/group-spec.js';
import { normalizeGroupSpecs } from '../groups/group-spec.js';

/** Spread of a group's LR across the inputs it was combined from: a geometric standard deviation. */
export interface LrBand {
  /** Geometric standard deviation (>= 1): the band is lr / gsd .. lr * gsd. */
  readonly gsd: number;
  /** lr / gsd. */
  readonly lower: number;
  /** lr * gsd. */
  readonly upper: number;
}

/** One learning-rate group of a distribution. */
export interface LrGroup extends GroupSpec {
  /** The learning rate (positive, finite). */
  readonly lr: number;
  /** Spread across the inputs this group was combined from, when it was combined. */
  readonly band?: LrBand;
}

/** What a caller gives to build a group: the band as its geometric SD only. */
export interface LrGroupInput extends GroupSpec {
  readonly lr: number;
  readonly band?: { readonly gsd: number };
}

/** Where a distribution comes from; stored in its file. */
export interface Provenance {
  /** Model the distribution was found or is meant for, e.g. `bert-base-uncased`; default `unspecified`. */
  readonly model: string;
  /** Task pairs `A->B` it was found on (several once combined); default `[]`. */
  readonly pairs: readonly string[];
  /** Study names it was computed from; default `[]`. */
  readonly studies: readonly string[];
  /** Number of trials that entered it (summed over studies); default 0. */
  readonly trials: number;
  /** How it was made: `rank-weighted`, `pareto-front`, `geometric-mean`, `flat`, `published`...; default `manual`. */
  readonly method: string;
  /** ISO 8601 time it was made; filled in when written to a file if absent. */
  readonly createdAt?: string;
  /** Free text: parameters, caveats, citation. */
  readonly notes?: string;
}

/** Options of the `LrDistribution` constructor. */
export interface LrDistributionOptions {
  /** Provenance; missing fields take the defaults documented on `Provenance`. */
  readonly provenance?: Partial<Provenance>;
}

const DEFAULT_PROVENANCE: Provenance = { model: 'unspecified', pairs: [], studies: [], trials: 0, method: 'manual' };

function fail(field: string, message: string): InvalidDistributionError {
  return new InvalidDistributionError(field, message);
}

function normalizeProvenance(input: Partial<Provenance> | undefined): Provenance {
  const p = { ...DEFAULT_PROVENANCE, ...input };
  for (const key of ['model', 'method'] as const) {
    if (typeof p[key] !== 'string' || p[key].length === 0) {
      throw fail(`provenance.${key}`, `\`provenance.${key}\` must be a non-empty string, got ${describeValue(p[key])}`);
    }
  }
  for (const key of ['pairs', 'studies'] as const) {
    const list: unknown = p[key];
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
      throw fail(`provenance.${key}`, `\`provenance.${key}\` must be an array of strings, got ${describeValue(list)}`);
    }
  }
  if (p.notes !== undefined && typeof p.notes !== 'string') {
    throw fail('provenance.notes', `\`provenance.notes\` must be a string, got ${describeValue(p.notes)}`);
  }
  if (!Number.isInteger(p.trials) || p.trials < 0) {
    throw fail('provenance.trials', `\`provenance.trials\` must be an integer >= 0, got ${describeValue(p.trials)}`);
  }
  if (p.createdAt !== undefined && (typeof p.createdAt !== 'string' || Number.isNaN(Date.parse(p.createdAt)))) {
    throw fail('provenance.createdAt', `\`provenance.createdAt\` must be an ISO 8601 date, got ${describeValue(p.createdAt)}`);
  }
  const out: { -readonly [K in keyof Provenance]: Provenance[K] } = {
    model: p.model,
    pairs: Object.freeze([...p.pairs]),
    studies: Object.freeze([...p.studies]),
    trials: p.trials,
    method: p.method,
  };
  if (p.createdAt !== undefined) out.createdAt = p.createdAt;
  if (p.notes !== undefined) out.notes = p.notes;
  return Object.freeze(out);
}

/**
 * An ordered list of learning-rate groups `{ name, depth, lr }`, a value object: validated on
 * construction (positive finite LRs, depths in [0, 1] strictly increasing, unique names) and frozen.
 */
export class LrDistribution {
  /** The groups, shallowest first. */
  readonly groups: readonly LrGroup[];
  /** Where the distribution comes from. */
  readonly provenance: Provenance;

  constructor(groups: readonly LrGroupInput[], options: LrDistributionOptions = {}) {
    const specs = normalizeGroupSpecs(groups, fail);
    this.groups = Object.freeze(
      specs.map((g, i): LrGroup => {
        const at = `groups[${i}]`;
        if (typeof g.lr !== 'number' || !Number.isFinite(g.lr) || g.lr <= 0) {
          throw fail(`${at}.lr`, `\`${at}.lr\` must be a positive finite number, got ${describeValue(g.lr)} (group ${g.name})`);
        }
        const group: { -readonly [K in keyof LrGroup]: LrGroup[K] } = { name: g.name, depth: g.depth, lr: g.lr };
        if (g.layers !== undefined) group.layers = g.layers;
        if (g.band !== undefined) {
          const gsd = g.band.gsd;
          if (typeof gsd !== 'number' || !Number.isFinite(gsd) || gsd < 1) {
            throw fail(`${at}.band.gsd`, `\`${at}.band.gsd\` must be a finite number >= 1, got ${describeValue(gsd)} (group ${g.name})`);
          }
          group.band = Object.freeze({ gsd, lower: g.lr / gsd, upper: g.lr * gsd });
        }
        return Object.freeze(group);
      }),
    );
    this.provenance = normalizeProvenance(options.provenance);
    Object.freeze(this);
  }

  /** Number of groups. */
  get size(): number {
    return this.groups.length;
  }

  /** Group names, shallowest first. */
  get names(): string[] {
    return this.groups.map((g) => g.name);
  }

  /** Learning rates, shallowest first. */
  get lrs(): number[] {
    return this.groups.map((g) => g.lr);
  }

  /** Relative depths, shallowest first. */
  get depths(): number[] {
    return this.groups.map((g) => g.depth);
  }

  /** The groups without their rates, e.g. as a target for `resample`. */
  get specs(): GroupSpec[] {
    return this.groups.map((g) =>
      g.layers === undefined ? { name: g.name, depth: g.depth } : { name: g.name, depth: g.depth, layers: g.layers },
    );
  }

  /** True when every group carries a band. */
  get hasBand(): boolean {
    return this.groups.every((g) => g.band !== undefined);
  }

  /** The group called `name`, or `undefined`. */
  group(name: string): LrGroup | undefined {
    return this.groups.find((g) => g.name === name);
  }

  /** The learning rate of group `name`; throws `InvalidDistributionError` when there is none. */
  lr(name: string): number {
    const g = this.group(name);
    if (g === undefined) {
      throw fail('groups', `\`groups\` must contain a group named ${describeValue(name)}, got ${describeValue(this.names)}`);
    }
    return g.lr;
  }

  /** A copy with other provenance fields (merged over the current ones). */
  withProvenance(provenance: Partial<Provenance>): LrDistribution {
    return new LrDistribution(toInputs(this), { provenance: { ...this.provenance, ...provenance } });
  }

  /** A copy without bands. */
  withoutBand(): LrDistribution {
    return new LrDistribution(
      toInputs(this).map(({ band: _band, ...rest }) => rest),
      { provenance: this.provenance },
    );
  }
}

/** The constructor input that rebuilds `d` exactly. */
export function toInputs(d: LrDistribution): LrGroupInput[] {
  return d.groups.map((g) => {
    const input: { -readonly [K in keyof LrGroupInput]: LrGroupInput[K] } = { name: g.name, depth: g.depth, lr: g.lr };
    if (g.layers !== undefined) input.layers = g.layers;
    if (g.band !== undefined) input.band = { gsd: g.band.gsd };
    return input;
  });
}
