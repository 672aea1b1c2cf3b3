/**
 * CART regression trees (Breiman et al., "Classification and Regression Trees", 1984), grown the way
 * scikit-learn's `DecisionTreeRegressor` grows the trees of a random forest: squared-error criterion,
 * the best split over every feature, thresholds halfway between neighbouring distinct values,
 * depth first until a node is pure, too small or too deep. fANOVA (./fanova.ts) reads the fitted
 * partition; nothing here knows about trials. Unlike scikit-learn, features stay float64 and any two
 * distinct values can be split apart (it casts to float32 and treats gaps under 1e-7 as no gap, which
 * would hide the spread of a log-scaled learning rate near 1e-6).
 */
import type { Rng } from '../math/rng.js';

/** A fitted tree in flat arrays. Node 0 is the root; a parent's id is smaller than its children's. */
export interface RegressionTree {
  readonly nodeCount: number;
  readonly nFeatures: number;
  /** Split feature of each node; -1 marks a leaf. */
  readonly feature: Int32Array;
  /** A sample goes left when its value of `feature` is <= the threshold. */
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Weighted mean target of the training samples that reached the node. */
  readonly value: Float64Array;
}

/** Training data: `x` holds `y.length` rows of `nFeatures` values, row after row. */
export interface TreeData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly nFeatures: number;
}

/** Options of {@link fitRegressionTree}. */
export interface RegressionTreeOptions {
  /** Visiting order of the features at each node, which decides between equally good splits. */
  readonly rng: Rng;
  /** Weight of each sample (bootstrap counts in a forest); samples of weight 0 are left out. Default all 1. */
  readonly weights?: Float64Array;
  /** Depth below which nodes are not split (the root is depth 0). Default unlimited. */
  readonly maxDepth?: number;
  /** A node with fewer samples (distinct rows of non-zero weight) is a leaf. Default 2. */
  readonly minSamplesSplit?: number;
  /** Each child keeps at least this many samples. Default 1. */
  readonly minSamplesLeaf?: number;
}

interface PendingNode {
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly parent: number;
  readonly isLeft: boolean;
}

interface Split {
  readonly feature: number;
  readonly pos: number;
  readonly threshold: number;
}

/** Fits one tree (scikit-learn's criterion and stopping rules, our own seeded randomness). */
export function fitRegressionTree(data: TreeData, options: RegressionTreeOptions): RegressionTree {
  const { x, y, nFeatures: d } = data;
  const n = y.length;
  if (x.length !== n * d) throw new RangeError(`x must hold ${n} x ${d} values, got ${x.length}`);
  const w = options.weights ?? new Float64Array(n).fill(1);
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const minSplit = options.minSamplesSplit ?? 2;
  const minLeaf = options.minSamplesLeaf ?? 1;

  const kept: number[] = [];
  for (let i = 0; i < n; i++) if ((w[i] as number) > 0) kept.push(i);
  const m = kept.length;
  // For each feature f, sorted[f * m + start .. f * m + end) holds a node's samples in increasing
  // order of feature f (ties by row). Sorted once; a split partitions every segment stably, so
  // each node costs O(d * samples) instead of a sort per feature.
  const sorted = new Int32Array(d * m);
  for (let f = 0; f < d; f++) {
    const segment = Int32Array.from(kept).sort((a, b) => (x[a * d + f] as number) - (x[b * d + f] as number) || a - b);
    sorted.set(segment, f * m);
  }
  const goesLeft = new Uint8Array(n);
  const scratch = new Int32Array(m);
  const order = Int32Array.from({ length: d }, (_, f) => f);

  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];

  const bestSplit = (start: number, end: number, sumTotal: number, weightTotal: number): Split | null => {
    // Fisher-Yates: with every feature visited, the order only breaks ties (as scikit-learn's).
    for (let i = d - 1; i > 0; i--) {
      const j = options.rng.int(0, i);
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    let best: Split | null = null;
    let bestProxy = Number.NEGATIVE_INFINITY;
    for (const f of order) {
      const base = f * m;
      const first = x[(sorted[base + start] as number) * d + f] as number;
      const last = x[(sorted[base + end - 1] as number) * d + f] as number;
      if (last <= first) continue;
      let sumLeft = 0;
      let weightLeft = 0;
      for (let p = start; p < end - 1; p++) {
        const i = sorted[base + p] as number;
        sumLeft += (w[i] as number) * (y[i] as number);
        weightLeft += w[i] as number;
        const xi = x[i * d + f] as number;
        const xNext = x[(sorted[base + p + 1] as number) * d + f] as number;
        if (xNext <= xi) continue;
        if (p + 1 - start < minLeaf || end - (p + 1) < minLeaf) continue;
        // Maximising this proxy minimises the children's weighted squared error.
        const sumRight = sumTotal - sumLeft;
        const proxy = (sumLeft * sumLeft) / weightLeft + (sumRight * sumRight) / (weightTotal - weightLeft);
        if (proxy > bestProxy) {
          bestProxy = proxy;
          // Halves first, so that two huge values cannot overflow; fall back to the left value when
          // rounding lands on the right one.
          let t = xi / 2 + xNext / 2;
          if (t === xNext || !Number.isFinite(t)) t = xi;
          best = { feature: f, pos: p + 1, threshold: t };
        }
      }
    }
    return best;
  };

  const partition = (start: number, end: number, split: Split): void => {
    const base = split.feature * m;
    for (let p = start; p < end; p++) goesLeft[sorted[base + p] as number] = p < split.pos ? 1 : 0;
    for (let f = 0; f < d; f++) {
      if (f === split.feature) continue;
      const b = f * m;
      let l = start;
      let r = 0;
      for (let p = start; p < end; p++) {
        const i = sorted[b + p] as number;
        if (goesLeft[i] === 1) sorted[b + l++] = i;
        else scratch[r++] = i;
      }
      sorted.set(scratch.subarray(0, r), b + l);
    }
  };

  const stack: PendingNode[] = [{ start: 0, end: m, depth: 0, parent: -1, isLeft: false }];
  while (stack.length > 0) {
    const node = stack.pop() as PendingNode;
    const id = feature.length;
    if (node.parent >= 0) (node.isLeft ? left : right)[node.parent] = id;
    feature.push(-1);
    threshold.push(Number.NaN);
    left.push(-1);
    right.push(-1);

    let weightTotal = 0;
    let sumTotal = 0;
    let yMin = Number.POSITIVE_INFINITY;
    let yMax = Number.NEGATIVE_INFINITY;
    for (let p = node.start; p < node.end; p++) {
      const i = sorted[p] as number;
      const yi = y[i] as number;
      weightTotal += w[i] as number;
      sumTotal += (w[i] as number) * yi;
      if (yi < yMin) yMin = yi;
      if (yi > yMax) yMax = yi;
    }
    const mean = weightTotal > 0 ? sumTotal / weightTotal : 0;
    value.push(mean);
    let impurity = 0;
    for (let p = node.start; p < node.end; p++) {
      const i = sorted[p] as number;
      impurity += (w[i] as number) * ((y[i] as number) - mean) ** 2;
    }
    impurity = weightTotal > 0 ? impurity / weightTotal : 0;

    const count = node.end - node.start;
    if (node.depth >= maxDepth || count < minSplit || count < 2 * minLeaf || yMax === yMin || impurity <= Number.EPSILON) continue;
    const split = bestSplit(node.start, node.end, sumTotal, weightTotal);
    if (split === null) continue;
    partition(node.start, node.end, split);
    feature[id] = split.feature;
    threshold[id] = split.threshold;
    // Right first, so the left child pops next and gets the next id.
    stack.push({ start: split.pos, end: node.end, depth: node.depth + 1, parent: id, isLeft: false });
    stack.push({ start: node.start, end: split.pos, depth: node.depth + 1, parent: id, isLeft: true });
  }

  return {
    nodeCount: feature.length,
    nFeatures: d,
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

/** The tree's prediction for one row of features. */
export function predictTree(tree: RegressionTree, row: ArrayLike<number>): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node] as number;
    if (f < 0) return tree.value[node] as number;
    node = (row[f] as number) <= (tree.threshold[node] as number) ? (tree.left[node] as number) : (tree.right[node] as number);
  }
}
