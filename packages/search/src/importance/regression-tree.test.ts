import { describe, expect, it } from 'vitest';
import { createRng } from '../math/rng.js';
import { fitRandomForest } from './random-forest.js';
import { fitRegressionTree, predictTree, type RegressionTree } from './regression-tree.js';

function data(rows: readonly (readonly number[])[], y: readonly number[]) {
  return { x: Float64Array.from(rows.flat()), y: Float64Array.from(y), nFeatures: rows[0]?.length ?? 0 };
}

function leaves(tree: RegressionTree): number {
  let n = 0;
  for (let i = 0; i < tree.nodeCount; i++) if ((tree.feature[i] as number) < 0) n++;
  return n;
}

describe('fitRegressionTree', () => {
  it('splits a step halfway between the neighbouring values, on the feature that explains it', () => {
    // y steps between x0 = 2 and x0 = 5; x1 is noise that no single split separates as well.
    const rows = [
      [0, 3],
      [1, 1],
      [2, 2],
      [5, 0],
      [6, 3],
      [7, 1],
    ];
    const tree = fitRegressionTree(data(rows, [0, 0, 0, 1, 1, 1]), { rng: createRng(1) });
    expect(tree.nodeCount).toBe(3);
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(3.5);
    expect(tree.value[tree.left[0] as number]).toBe(0);
    expect(tree.value[tree.right[0] as number]).toBe(1);
    expect(tree.value[0]).toBe(0.5);
  });

  it('grows until every leaf is pure, so it reproduces its training targets', () => {
    const rng = createRng(7);
    const rows = Array.from({ length: 40 }, () => [rng.uniform(), rng.uniform(), rng.int(0, 3)]);
    const y = rows.map(([a, b, c]) => Math.sin(6 * (a as number)) + (b as number) * (c as number));
    const tree = fitRegressionTree(data(rows, y), { rng: createRng(2) });
    rows.forEach((row, i) => expect(predictTree(tree, row)).toBe(y[i]));
    expect(leaves(tree)).toBe(40);
  });

  it('stops at maxDepth and respects minSamplesLeaf', () => {
    const rows = Array.from({ length: 16 }, (_, i) => [i]);
    const y = rows.map(([v]) => (v as number) ** 2);
    const stump = fitRegressionTree(data(rows, y), { rng: createRng(3), maxDepth: 1 });
    expect(stump.nodeCount).toBe(3);
    const coarse = fitRegressionTree(data(rows, y), { rng: createRng(3), minSamplesLeaf: 4 });
    expect(leaves(coarse)).toBeLessThanOrEqual(4);
    const sizes: number[] = [];
    for (let i = 0; i < 16; i++) sizes.push(predictTree(coarse, [i]));
    for (const v of new Set(sizes)) expect(sizes.filter((s) => s === v).length).toBeGreaterThanOrEqual(4);
  });

  it('uses weights as sample counts and leaves weight-0 rows out', () => {
    const rows = [[0], [1], [2], [3]];
    const tree = fitRegressionTree(data(rows, [0, 10, 20, 30]), {
      rng: createRng(4),
      weights: Float64Array.from([3, 1, 0, 0]),
      maxDepth: 0,
    });
    // Weighted mean of the kept rows only: (3 * 0 + 1 * 10) / 4.
    expect(tree.value[0]).toBe(2.5);
    const grown = fitRegressionTree(data(rows, [0, 10, 20, 30]), { rng: createRng(4), weights: Float64Array.from([3, 1, 0, 0]) });
    expect(grown.nodeCount).toBe(3);
    expect(grown.threshold[0]).toBe(0.5);
  });

  it('never splits a constant feature or a pure node', () => {
    const rows = [
      [1, 0],
      [1, 1],
      [1, 2],
    ];
    const pure = fitRegressionTree(data(rows, [4, 4, 4]), { rng: createRng(5) });
    expect(pure.nodeCount).toBe(1);
    const tree = fitRegressionTree(data(rows, [0, 1, 2]), { rng: createRng(5) });
    for (let i = 0; i < tree.nodeCount; i++) expect(tree.feature[i]).not.toBe(0);
  });

  it('breaks ties between equally good features by the seeded visiting order', () => {
    // Two identical columns: every seed picks one of them, and the same seed the same one.
    const rows = Array.from({ length: 8 }, (_, i) => [i, i]);
    const y = rows.map(([v]) => ((v as number) < 4 ? 0 : 1));
    const picked = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const a = fitRegressionTree(data(rows, y), { rng: createRng(seed) });
      const b = fitRegressionTree(data(rows, y), { rng: createRng(seed) });
      expect(a.feature[0]).toBe(b.feature[0]);
      picked.add(a.feature[0] as number);
    }
    expect([...picked].sort()).toEqual([0, 1]);
  });
});

describe('fitRandomForest', () => {
  it('is reproducible for a seed, and bootstrap makes its trees differ', () => {
    const rng = createRng(9);
    const rows = Array.from({ length: 30 }, () => [rng.uniform(), rng.uniform()]);
    const d = data(
      rows,
      rows.map(([a, b]) => (a as number) + (b as number)),
    );
    const a = fitRandomForest(d, { nTrees: 4, seed: 1 });
    const b = fitRandomForest(d, { nTrees: 4, seed: 1 });
    expect(a).toEqual(b);
    expect(a[0]?.threshold).not.toEqual(a[1]?.threshold);
    const full = fitRandomForest(d, { nTrees: 2, seed: 1, bootstrap: false });
    expect(full[0]?.value[0]).toBeCloseTo(full[1]?.value[0] as number, 12);
  });
});
