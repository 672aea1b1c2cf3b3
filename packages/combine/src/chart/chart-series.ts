import { InvalidOptionError, describeValue } from '../errors.js';
import { LrDistribution } from '../distribution/lr-distribution.js';
import { parseGroupName } from '../groups/group-spec.js';

/** One distribution to draw or tabulate, with its label. */
export interface ChartSeries {
  readonly label: string;
  readonly distribution: LrDistribution;
  /** Draw the band when the distribution has one; default true. */
  readonly band?: boolean;
}

/** A label for a distribution drawn without one: its method and pairs, from its provenance. */
export function defaultSeriesLabel(d: LrDistribution, index: number): string {
  const { method, pairs, model } = d.provenance;
  if (method === 'manual') return `series ${index + 1}`;
  const where = pairs.length === 1 ? ` ${pairs[0]}` : pairs.length > 1 ? ` (${pairs.length} pairs)` : '';
  const what = model === 'unspecified' ? '' : `, ${model}`;
  return `${method}${where}${what}`;
}

/** Turns what the renderers accept into labelled series; rejects anything else with a typed error. */
export function toSeries(input: readonly (LrDistribution | ChartSeries)[]): ChartSeries[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw new InvalidOptionError('distributions', `\`distributions\` must be a non-empty array, got ${describeValue(input)}`);
  }
  const series = input.map((item, i) => {
    if (item instanceof LrDistribution) return { label: defaultSeriesLabel(item, i), distribution: item };
    if (item !== null && typeof item === 'object' && item.distribution instanceof LrDistribution && typeof item.label === 'string') {
      return item;
    }
    throw new InvalidOptionError(
      `distributions[${i}]`,
      `\`distributions[${i}]\` must be an LrDistribution or { label, distribution }, got ${describeValue(item)}`,
    );
  });
  // Default labels can collide (a distribution and its resampled copy): tell them apart.
  return series.map((s, i) => {
    if (input[i] instanceof LrDistribution && series.some((o, j) => j !== i && o.label === s.label)) {
      return { ...s, label: `${s.label} [${s.distribution.size} groups]` };
    }
    return s;
  });
}

/** The paper's short group labels: `emb`, `L0-1`, `L11`, `head`; other names pass through. */
export function shortGroupLabel(name: string): string {
  const parsed = parseGroupName(name);
  if (parsed === undefined) return name;
  if (parsed.kind === 'embeddings') return 'emb';
  if (parsed.kind === 'head' || parsed.kind === 'pooler') return parsed.kind;
  return parsed.first === parsed.last ? `L${parsed.first}` : `L${parsed.first}-${parsed.last}`;
}

/** An LR as three significant digits, e.g. `3.30e-6`. */
export function formatLr(lr: number): string {
  return lr.toExponential(2);
}
