/**
 * A random forest of regression trees (Breiman, "Random Forests", Machine Learning 45, 2001) with
 * the settings Optuna's fANOVA evaluator gives scikit-learn's `RandomForestRegressor`: each tree sees
 * a bootstrap sample (n draws with replacement, kept as per-row counts) and considers every feature
 * at every split.
 */
import { createRng, deriveSeed } from '../math/rng.js';
import { fitRegressionTree, type RegressionTree, type TreeData } from './regression-tree.js';

/** Options of {@link fitRandomForest}. */
export interface RandomForestOptions {
  /** Number of trees. */
  readonly nTrees: number;
  /** Seed; tree t draws from its own stream, derived from (seed, t). */
  readonly seed: number;
  /** Maximum depth of each tree. Default unlimited. */
  readonly maxDepth?: number;
  /** Default 2. */
  readonly minSamplesSplit?: number;
  /** Default 1. */
  readonly minSamplesLeaf?: number;
  /** Draw a bootstrap sample for each tree; false fits every tree on all rows. Default true. */
  readonly bootstrap?: boolean;
}

/** Fits `nTrees` trees, reproducibly for a given seed. */
export function fitRandomForest(data: TreeData, options: RandomForestOptions): RegressionTree[] {
  const n = data.y.length;
  const trees: RegressionTree[] = [];
  for (let t = 0; t < options.nTrees; t++) {
    const rng = createRng(deriveSeed(options.seed, 'fanova-forest', t));
    const weights = new Float64Array(n);
    if (options.bootstrap === false) weights.fill(1);
    else {
      for (let k = 0; k < n; k++) {
        const i = rng.int(0, n - 1);
        weights[i] = (weights[i] as number) + 1;
      }
    }
    trees.push(
      fitRegressionTree(data, {
        rng,
        weights,
        maxDepth: options.maxDepth,
        minSamplesSplit: options.minSamplesSplit,
        minSamplesLeaf: options.minSamplesLeaf,
      }),
    );
  }
  return trees;
}
