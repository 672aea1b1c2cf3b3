import { TaskStreamError } from './errors.js';

/**
 * The accuracy matrix of a task stream: `r[i][j]` is the score on task j after training stage i
 * (0-based: stage i learns task i), on the test split. Lopez-Paz and Ranzato's R (GEM, 2017).
 */
export type AccuracyMatrix = readonly (readonly number[])[];

/** The summary metrics of one stream. */
export interface StreamMetrics {
  /** Tasks in the stream (T). */
  readonly tasks: number;
  /** ACC: the mean score over all T tasks after the last stage, (1/T) Σ_j R[T-1][j]. */
  readonly averageAccuracy: number;
  /**
   * BWT (Lopez-Paz and Ranzato): (1/(T-1)) Σ_{j<T-1} (R[T-1][j] - R[j][j]); negative when later
   * stages made earlier tasks worse. Null for a single task. Avalanche's StreamBWT is the same value.
   */
  readonly backwardTransfer: number | null;
  /**
   * FWT (Lopez-Paz and Ranzato): (1/(T-1)) Σ_{j≥1} (R[j-1][j] - b_j), with b_j the score on task j
   * before any stage. GEM takes b from a randomly initialised model; Avalanche, like here, from the
   * model as it starts (pretrained). Null without `before` or for a single task.
   */
  readonly forwardTransfer: number | null;
  /**
   * Average forgetting (Chaudhry et al., 2018): (1/(T-1)) Σ_{j<T-1} (max_{l<T-1} R[l][j] - R[T-1][j]),
   * the drop from the best score a task ever had to its last. Null for a single task. Avalanche's
   * StreamForgetting differs: it drops from R[j][j] (the score right after learning j), which is
   * -BWT; here that is `forgettingFromLearnt`.
   */
  readonly averageForgetting: number | null;
  /** (1/(T-1)) Σ_{j<T-1} (R[j][j] - R[T-1][j]) = -BWT: Avalanche's StreamForgetting. */
  readonly forgettingFromLearnt: number | null;
  /** Per task j < T-1: max_{l<T-1} R[l][j] - R[T-1][j], the terms of `averageForgetting`. */
  readonly forgettingPerTask: readonly number[];
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, x) => a + x, 0) / xs.length);

/** Checks that `r` is a square matrix of finite numbers (and `before` a row of its width). */
function check(r: AccuracyMatrix, before: readonly number[] | undefined): number {
  const t = r.length;
  if (t === 0) throw new TaskStreamError('the accuracy matrix is empty: a stream has at least one task');
  r.forEach((row, i) => {
    if (row.length !== t)
      throw new TaskStreamError(`row ${i} of the accuracy matrix has ${row.length} scores, expected ${t} (one per task)`);
    row.forEach((x, j) => {
      if (!Number.isFinite(x)) throw new TaskStreamError(`R[${i}][${j}] must be a finite score, got ${x}`);
    });
  });
  if (before !== undefined) {
    if (before.length !== t) throw new TaskStreamError(`\`before\` has ${before.length} scores, expected ${t} (one per task)`);
    before.forEach((x, j) => {
      if (!Number.isFinite(x)) throw new TaskStreamError(`before[${j}] must be a finite score, got ${x}`);
    });
  }
  return t;
}

/** ACC, BWT, FWT and average forgetting of an accuracy matrix (see {@link StreamMetrics} for each definition). */
export function streamMetrics(r: AccuracyMatrix, options: { readonly before?: readonly number[] } = {}): StreamMetrics {
  const t = check(r, options.before);
  const last = r[t - 1]!;
  const earlier = Array.from({ length: t - 1 }, (_, j) => j);
  const forgettingPerTask = earlier.map((j) => Math.max(...r.slice(0, t - 1).map((row) => row[j]!)) - last[j]!);
  const backwardTransfer = mean(earlier.map((j) => last[j]! - r[j]![j]!));
  const before = options.before;
  return {
    tasks: t,
    averageAccuracy: mean(last)!,
    backwardTransfer,
    forwardTransfer: before === undefined ? null : mean(earlier.map((j) => r[j]![j + 1]! - before[j + 1]!)),
    averageForgetting: mean(forgettingPerTask),
    forgettingFromLearnt: mean(earlier.map((j) => r[j]![j]! - last[j]!)),
    forgettingPerTask,
  };
}
