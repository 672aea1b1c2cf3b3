import { GLUE_TASKS, glueNumLabels, type GlueHeadlineName, type GlueMetricName, type GlueTaskName } from '../tasks/glue-tasks.js';
import type { GlueTaskRef } from '../tasks/resolve-glue-task.js';
import { checkClassIndices, checkPaired } from './check-inputs.js';
import { accuracy, f1Score, matthewsCorrelation } from './classification-metrics.js';
import { pearson, spearman } from './correlation.js';

/** A task's GLUE headline figure together with every metric it reports. */
export interface GlueScore {
  readonly task: GlueTaskName;
  /** How `value` is made (`mcc`, `mean-f1-accuracy`, ...). */
  readonly headline: GlueHeadlineName;
  /** The headline figure (the p_a, p_o, p_s of DESIGN.md). */
  readonly value: number;
  /** All of the task's metrics; `accuracy` is always there for classification tasks. */
  readonly metrics: Readonly<Partial<Record<GlueMetricName, number>>>;
}

/**
 * Scores predictions against labels with the task's GLUE metrics: MCC for CoLA, the mean of F1 and
 * accuracy for MRPC and QQP, the mean of Pearson and Spearman for STS-B, accuracy otherwise.
 * Classification predictions are class indices; STS-B predictions are scores.
 */
export function headlineMetric(task: GlueTaskName | GlueTaskRef, predictions: ArrayLike<number>, labels: ArrayLike<number>): GlueScore {
  const name = typeof task === 'string' ? task : task.task;
  const spec = GLUE_TASKS[name];
  if (spec.labels.kind === 'classification') {
    checkPaired(predictions, labels, name);
    const numClasses = glueNumLabels(name);
    checkClassIndices(predictions, 'predictions', name, numClasses);
    checkClassIndices(labels, 'labels', name, numClasses);
  }
  const metrics: Partial<Record<GlueMetricName, number>> = {};
  const wanted = new Set<GlueMetricName>(spec.metrics);
  if (spec.labels.kind === 'classification') wanted.add('accuracy');
  for (const metric of wanted) metrics[metric] = METRICS[metric](predictions, labels);

  const value = headlineValue(spec.headline, metrics);
  return { task: name, headline: spec.headline, value, metrics };
}

const METRICS: Record<GlueMetricName, (p: ArrayLike<number>, l: ArrayLike<number>) => number> = {
  accuracy,
  f1: (p, l) => f1Score(p, l, 1),
  mcc: matthewsCorrelation,
  pearson,
  spearman,
};

function headlineValue(headline: GlueHeadlineName, m: Partial<Record<GlueMetricName, number>>): number {
  switch (headline) {
    case 'accuracy':
      return m.accuracy ?? Number.NaN;
    case 'mcc':
      return m.mcc ?? Number.NaN;
    case 'mean-f1-accuracy':
      return ((m.f1 ?? Number.NaN) + (m.accuracy ?? Number.NaN)) / 2;
    case 'mean-pearson-spearman':
      return ((m.pearson ?? Number.NaN) + (m.spearman ?? Number.NaN)) / 2;
  }
}
