import { GLUE_TASKS, type GlueTaskName } from '../tasks/glue-tasks.js';
import type { GlueExample } from '../tsv/glue-example.js';

/** Class counts and shares of a classification task's examples. */
export interface ClassBalance {
  readonly kind: 'classification';
  readonly total: number;
  /** Class names in class-index order. */
  readonly names: readonly string[];
  readonly counts: readonly number[];
  /** counts / total (0 for an empty set). */
  readonly proportions: readonly number[];
}

/** Summary of a regression task's scores. */
export interface ScoreSummary {
  readonly kind: 'regression';
  readonly total: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/** Label balance of a set of examples: class shares, or the score range for STS-B. */
export function labelBalance(task: GlueTaskName, examples: readonly GlueExample[]): ClassBalance | ScoreSummary {
  const labels = GLUE_TASKS[task].labels;
  const total = examples.length;
  if (labels.kind === 'regression') {
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const e of examples) {
      sum += e.label;
      min = Math.min(min, e.label);
      max = Math.max(max, e.label);
    }
    return { kind: 'regression', total, mean: total === 0 ? Number.NaN : sum / total, min, max };
  }
  const counts = labels.values.map(() => 0);
  for (const e of examples) counts[e.label] = (counts[e.label] ?? 0) + 1;
  return {
    kind: 'classification',
    total,
    names: labels.names,
    counts,
    proportions: counts.map((c) => (total === 0 ? 0 : c / total)),
  };
}
