import { InvalidGroupsError } from '../errors.js';
import { bertGroups } from '../groups/bert-groups.js';
import type { GroupSpec } from '../groups/group-spec.js';
import { normalizeGroupSpecs } from '../groups/group-spec.js';
import type { LrGroup, LrGroupInput } from '../distribution/lr-distribution.js';
import { LrDistribution } from '../distribution/lr-distribution.js';

/**
 * Piecewise-linear interpolation of `ys` over increasing `xs` at `x`, constant beyond the ends.
 * A knot hit exactly returns its own value, so interpolating onto the knots is the identity bit for bit.
 */
export function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (x <= (xs[0] as number)) return ys[0] as number;
  if (x >= (xs[n - 1] as number)) return ys[n - 1] as number;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) <= x) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo] as number;
  const y0 = ys[lo] as number;
  if (x === x0) return y0;
  const t = (x - x0) / ((xs[hi] as number) - x0);
  return y0 + t * ((ys[hi] as number) - y0);
}

/** Where `resample` maps a distribution: a list of groups, or a BERT layer count (`bertGroups(n)`). */
export type ResampleTarget = readonly GroupSpec[] | number;

/**
 * Maps `d` onto other groups by piecewise-linear interpolation of log-LR over relative depth,
 * constant beyond the shallowest and deepest groups; bands are interpolated the same way (log-GSD).
 * Resampling onto `d`'s own depths returns `d`'s rates exactly. The result keeps `d`'s provenance.
 */
export function resample(d: LrDistribution, target: ResampleTarget): LrDistribution {
  const specs = typeof target === 'number' ? bertGroups(target) : normalizeGroupSpecs(target, (f, m) => new InvalidGroupsError(f, m));
  const xs = d.depths;
  const logLr = d.lrs.map(Math.log);
  const banded = d.hasBand;
  const logGsd = banded ? d.groups.map((g) => Math.log(g.band?.gsd ?? 1)) : [];
  const first = d.groups[0] as LrGroup;
  const last = d.groups[d.groups.length - 1] as LrGroup;
  const exact = new Map(d.groups.map((g) => [g.depth, g]));
  const groups = specs.map((spec): LrGroupInput => {
    const base =
      spec.layers === undefined ? { name: spec.name, depth: spec.depth } : { name: spec.name, depth: spec.depth, layers: spec.layers };
    // On a knot or beyond the ends, copy the source group: exp(log(x)) need not give x back.
    const hit = spec.depth <= first.depth ? first : spec.depth >= last.depth ? last : exact.get(spec.depth);
    if (hit !== undefined) {
      return hit.band === undefined || !banded ? { ...base, lr: hit.lr } : { ...base, lr: hit.lr, band: { gsd: hit.band.gsd } };
    }
    const lr = Math.exp(interpolate(xs, logLr, spec.depth));
    return banded ? { ...base, lr, band: { gsd: Math.max(1, Math.exp(interpolate(xs, logGsd, spec.depth))) } } : { ...base, lr };
  });
  return new LrDistribution(groups, { provenance: d.provenance });
}
