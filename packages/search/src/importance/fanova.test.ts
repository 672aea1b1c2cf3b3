import { describe, expect, it } from 'vitest';
import { createRng } from '../math/rng.js';
import { createFanovaTree, fanovaImportances, type FeatureBounds } from './fanova.js';
import { fitRandomForest } from './random-forest.js';
import { predictTree, type RegressionTree } from './regression-tree.js';

/** A tree from a list of nodes: [feature, threshold, left, right] for splits, a number for leaves. */
function handTree(nFeatures: number, nodes: readonly (number | readonly [number, number, number, number])[]): RegressionTree {
  return {
    nodeCount: nodes.length,
    nFeatures,
    feature: Int32Array.from(nodes, (n) => (typeof n === 'number' ? -1 : n[0])),
    threshold: Float64Array.from(nodes, (n) => (typeof n === 'number' ? Number.NaN : n[1])),
    left: Int32Array.from(nodes, (n) => (typeof n === 'number' ? -1 : n[2])),
    right: Int32Array.from(nodes, (n) => (typeof n === 'number' ? -1 : n[3])),
    value: Float64Array.from(nodes, (n) => (typeof n === 'number' ? n : Number.NaN)),
  };
}

/**
 * The definition, the slow way: average the tree over the other features on a fine midpoint grid of
 * `features`, then take the variance over that grid (exact when every split value is a grid line).
 */
function bruteForceMarginal(tree: RegressionTree, bounds: FeatureBounds, features: readonly number[], cells: number): number {
  const d = bounds.length;
  const grid = (f: number): number[] => {
    const [lo, hi] = bounds[f] as readonly [number, number];
    return Array.from({ length: cells }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / cells);
  };
  const others = [...Array(d).keys()].filter((f) => !features.includes(f));
  const points = (fs: readonly number[]): number[][] =>
    fs.reduce<number[][]>((acc, f) => acc.flatMap((p) => grid(f).map((v) => [...p, v])), [[]]);
  const inner = points(others);
  const marginals = points(features).map((a) => {
    let sum = 0;
    for (const b of inner) {
      const row = new Array<number>(d);
      features.forEach((f, i) => (row[f] = a[i] as number));
      others.forEach((f, i) => (row[f] = b[i] as number));
      sum += predictTree(tree, row);
    }
    return sum / inner.length;
  });
  const mean = marginals.reduce((s, v) => s + v, 0) / marginals.length;
  return marginals.reduce((s, v) => s + (v - mean) ** 2, 0) / marginals.length;
}

describe('createFanovaTree', () => {
  it('gives a split on x0 all of the variance (f = x0 only)', () => {
    // x0 <= 0.5 -> 0, else 1: variance 1/4, all of it first-order in x0.
    const t = createFanovaTree(handTree(2, [[0, 0.5, 1, 2], 0, 1]), [
      [0, 1],
      [0, 1],
    ]);
    expect(t.variance).toBeCloseTo(0.25, 15);
    expect(t.marginalVariance([0])).toBeCloseTo(0.25, 15);
    expect(t.marginalVariance([1])).toBe(0);
  });

  it('weighs leaves by their volume in the box, not by the samples in them', () => {
    // Split at 2 of [0, 10]: leaf 0 covers 20%, leaf 10 covers 80%; mean 8, variance 0.2*64 + 0.8*4.
    const t = createFanovaTree(handTree(1, [[0, 2, 1, 2], 0, 10]), [[0, 10]]);
    expect(t.variance).toBeCloseTo(16, 12);
    expect(t.marginalVariance([0])).toBeCloseTo(16, 12);
  });

  it('splits an additive function into its terms and leaves a pure interaction with no first-order part', () => {
    // f = 3 [x0 > 0.5] + [x1 > 0.5] as a depth-2 tree: Var = 9/4 + 1/4, shares 0.9 and 0.1.
    const additive = createFanovaTree(handTree(2, [[0, 0.5, 1, 4], [1, 0.5, 2, 3], 0, 1, [1, 0.5, 5, 6], 3, 4]), [
      [0, 1],
      [0, 1],
    ]);
    expect(additive.variance).toBeCloseTo(2.5, 12);
    expect(additive.marginalVariance([0]) / additive.variance).toBeCloseTo(0.9, 12);
    expect(additive.marginalVariance([1]) / additive.variance).toBeCloseTo(0.1, 12);
    expect(additive.marginalVariance([0, 1])).toBeCloseTo(2.5, 12);
    // XOR: variance 1/4, none of it explained by either feature alone.
    const xor = createFanovaTree(handTree(2, [[0, 0.5, 1, 4], [1, 0.5, 2, 3], 0, 1, [1, 0.5, 5, 6], 1, 0]), [
      [0, 1],
      [0, 1],
    ]);
    expect(xor.variance).toBeCloseTo(0.25, 15);
    expect(xor.marginalVariance([0])).toBeCloseTo(0, 15);
    expect(xor.marginalVariance([1])).toBeCloseTo(0, 15);
    expect(xor.marginalVariance([0, 1])).toBeCloseTo(0.25, 15);
  });

  it('matches the grid definition on forests fitted to random data, for single features and groups', () => {
    const rng = createRng(11);
    const n = 25;
    const rows = Array.from({ length: n }, () => [
      Math.round(rng.uniform() * 8) / 8,
      Math.round(rng.uniform() * 8) / 8,
      rng.int(0, 1),
      rng.int(0, 1),
    ]);
    const y = rows.map(([a, b, c, e]) => (a as number) * 2 + (b as number) * (c as number) + 0.5 * (e as number) + rng.normal() * 0.1);
    const bounds: FeatureBounds = [
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
    ];
    const trees = fitRandomForest({ x: Float64Array.from(rows.flat()), y: Float64Array.from(y), nFeatures: 4 }, { nTrees: 3, seed: 5 });
    for (const tree of trees) {
      const t = createFanovaTree(tree, bounds);
      // Data lie on eighths, so every threshold is a multiple of 1/16: a 16-cell grid is exact.
      for (const features of [[0], [1], [2], [3], [2, 3], [0, 1]]) {
        expect(t.marginalVariance(features)).toBeCloseTo(bruteForceMarginal(tree, bounds, features, 16), 10);
      }
      expect(t.marginalVariance([0, 1, 2, 3])).toBeCloseTo(t.variance, 10);
    }
  });
});

describe('fanovaImportances', () => {
  it('averages each group share over the trees with variance and skips flat trees', () => {
    const bounds: FeatureBounds = [
      [0, 1],
      [0, 1],
    ];
    const flat = createFanovaTree(handTree(2, [5]), bounds);
    const onX0 = createFanovaTree(handTree(2, [[0, 0.5, 1, 2], 0, 1]), bounds);
    const onX1 = createFanovaTree(handTree(2, [[1, 0.5, 1, 2], 0, 1]), bounds);
    expect(fanovaImportances([flat, onX0, onX1], [[0], [1]])).toEqual([0.5, 0.5]);
    expect(fanovaImportances([flat], [[0], [1]])).toBeNull();
  });
});
