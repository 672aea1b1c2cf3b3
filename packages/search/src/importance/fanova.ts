/**
 * Functional ANOVA on the partition a regression tree makes of a box (Hutter, Hoos & Leyton-Brown,
 * "An Efficient Approach for Assessing Hyperparameter Importance", ICML 2014, sections 3-4).
 *
 * A tree is a piecewise-constant function on the search box. Under the uniform measure on the box,
 * its total variance is the volume-weighted variance of the leaf values, and the first-order
 * (marginal) variance of a set A of features is the variance of the function averaged over all the
 * other features. Hutter et al. evaluate that average on the grid of every split value of A; we
 * collect instead, with one walk of the tree, the pieces the average is made of (an A-box and a
 * weight for each leaf, or for each subtree that never splits on A) and integrate the square of
 * their sum exactly over pairwise overlaps. Same value, but the cost stays
 * O(pieces^2 * |A|) when A is the k one-hot columns of a categorical, whose grid has 2^k cells.
 */
import type { RegressionTree } from './regression-tree.js';

/** A tree's variance decomposition over a box. */
export interface FanovaTree {
  /** Variance of the tree's prediction under the uniform distribution on the box. */
  readonly variance: number;
  /** Variance of the prediction averaged over every feature outside `features` (first-order, joint for the set). */
  marginalVariance(features: readonly number[]): number;
}

/** Lower and upper bound of each feature: the box that fANOVA integrates over. */
export type FeatureBounds = readonly (readonly [number, number])[];

/** Precomputes a tree's node boxes and volume-weighted node means over `bounds`. */
export function createFanovaTree(tree: RegressionTree, bounds: FeatureBounds): FanovaTree {
  const d = tree.nFeatures;
  const count = tree.nodeCount;
  if (bounds.length !== d) throw new RangeError(`bounds must have ${d} entries, got ${bounds.length}`);
  for (const [low, high] of bounds) {
    if (!(high > low)) throw new RangeError(`every bound must have high > low, got [${low}, ${high}]`);
  }
  // Boxes in unit coordinates (each feature scaled to [0, 1]), so volumes are fractions of the box.
  const lo = new Float64Array(count * d);
  const hi = new Float64Array(count * d).fill(1);
  const volume = new Float64Array(count);
  const mean = new Float64Array(count);
  // Whether the subtree under a node splits on a feature.
  const splitsOn = new Uint8Array(count * d);

  for (let node = 0; node < count; node++) {
    let v = 1;
    for (let f = 0; f < d; f++) v *= (hi[node * d + f] as number) - (lo[node * d + f] as number);
    volume[node] = v;
    const f = tree.feature[node] as number;
    if (f < 0) continue;
    const [low, high] = bounds[f] as readonly [number, number];
    const t = Math.min(1, Math.max(0, ((tree.threshold[node] as number) - low) / (high - low)));
    const l = tree.left[node] as number;
    const r = tree.right[node] as number;
    for (let g = 0; g < d; g++) {
      lo[l * d + g] = lo[r * d + g] = lo[node * d + g] as number;
      hi[l * d + g] = hi[r * d + g] = hi[node * d + g] as number;
    }
    hi[l * d + f] = Math.min(hi[node * d + f] as number, t);
    lo[r * d + f] = Math.max(lo[node * d + f] as number, t);
  }
  // Children have larger ids than their parent, so one backward pass sees them first.
  for (let node = count - 1; node >= 0; node--) {
    const f = tree.feature[node] as number;
    if (f < 0) {
      mean[node] = tree.value[node] as number;
      continue;
    }
    const l = tree.left[node] as number;
    const r = tree.right[node] as number;
    const vl = volume[l] as number;
    const vr = volume[r] as number;
    mean[node] = vl + vr > 0 ? ((mean[l] as number) * vl + (mean[r] as number) * vr) / (vl + vr) : (mean[l] as number);
    for (let g = 0; g < d; g++) splitsOn[node * d + g] = (splitsOn[l * d + g] as number) | (splitsOn[r * d + g] as number);
    splitsOn[node * d + f] = 1;
  }

  const mu = mean[0] as number;
  let variance = 0;
  for (let node = 0; node < count; node++) {
    if ((tree.feature[node] as number) < 0) variance += (volume[node] as number) * ((mean[node] as number) - mu) ** 2;
  }

  return {
    variance,
    marginalVariance(features: readonly number[]): number {
      const k = features.length;
      if (k === 0) return 0;
      // Each piece: its box along `features` and c = (mean - mu) * (its volume outside `features`).
      // The marginal (minus mu) at a point is the sum of c over the pieces whose box holds it.
      const boxLo: number[] = [];
      const boxHi: number[] = [];
      const c: number[] = [];
      const stack = [0];
      while (stack.length > 0) {
        const node = stack.pop() as number;
        if ((tree.feature[node] as number) >= 0 && features.some((f) => splitsOn[node * d + f] === 1)) {
          stack.push(tree.left[node] as number, tree.right[node] as number);
          continue;
        }
        let inside = 1;
        for (const f of features) {
          const a = lo[node * d + f] as number;
          const b = hi[node * d + f] as number;
          boxLo.push(a);
          boxHi.push(b);
          inside *= b - a;
        }
        if (inside > 0) c.push((((mean[node] as number) - mu) * (volume[node] as number)) / inside);
        else {
          boxLo.length -= k;
          boxHi.length -= k;
        }
      }
      // The integral of (sum_p c_p [x in box_p])^2 over the unit box of `features`.
      let total = 0;
      for (let p = 0; p < c.length; p++) {
        const cp = c[p] as number;
        if (cp === 0) continue;
        let self = cp * cp;
        for (let j = 0; j < k; j++) self *= (boxHi[p * k + j] as number) - (boxLo[p * k + j] as number);
        total += self;
        for (let q = p + 1; q < c.length; q++) {
          const cq = c[q] as number;
          if (cq === 0) continue;
          let overlap = 2 * cp * cq;
          for (let j = 0; j < k && overlap !== 0; j++) {
            const width =
              Math.min(boxHi[p * k + j] as number, boxHi[q * k + j] as number) -
              Math.max(boxLo[p * k + j] as number, boxLo[q * k + j] as number);
            overlap = width > 0 ? overlap * width : 0;
          }
          total += overlap;
        }
      }
      return Math.max(0, total);
    },
  };
}

/**
 * First-order importance of each group of features (a parameter's columns): the share of each
 * tree's variance that the group's marginal explains, averaged over the trees whose variance is
 * positive. Returns null when no tree has any variance (nothing to explain).
 */
export function fanovaImportances(trees: readonly FanovaTree[], groups: readonly (readonly number[])[]): number[] | null {
  const useful = trees.filter((t) => t.variance > 0);
  if (useful.length === 0) return null;
  return groups.map((group) => {
    let sum = 0;
    for (const t of useful) sum += t.marginalVariance(group) / t.variance;
    return sum / useful.length;
  });
}
