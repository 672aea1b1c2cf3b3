import { describe, expect, it } from 'vitest';
import { MetricInputError } from '../errors.js';
import { accuracy, f1Score, matthewsCorrelation } from './classification-metrics.js';
import { averageRanks, pearson, spearman } from './correlation.js';
import { headlineMetric } from './headline-metric.js';

describe('classification metrics by hand', () => {
  // 4 TP, 1 FP, 2 FN, 3 TN.
  const labels = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
  const predictions = [1, 1, 1, 1, 0, 0, 1, 0, 0, 0];

  it('computes accuracy, F1 and MCC of a known confusion matrix (exact to 1e-12)', () => {
    expect(accuracy(predictions, labels)).toBeCloseTo(0.7, 12);
    expect(f1Score(predictions, labels)).toBeCloseTo(8 / 11, 12);
    expect(f1Score(predictions, labels, 0)).toBeCloseTo(6 / 9, 12);
    expect(matthewsCorrelation(predictions, labels)).toBeCloseTo((4 * 3 - 1 * 2) / Math.sqrt(5 * 6 * 4 * 5), 12);
  });

  it('refuses mismatched, empty or non-finite input', () => {
    expect(() => accuracy([1, 0], [1])).toThrow(MetricInputError);
    expect(() => accuracy([], [])).toThrow(/at least 1/);
    expect(() => f1Score([Number.NaN], [1])).toThrow(/finite/);
    expect(() => matthewsCorrelation([0.5], [1])).toThrow(/non-negative integer/);
    expect(() => pearson([1], [2])).toThrow(/at least 2/);
  });
});

describe('correlations by hand', () => {
  it('averages the ranks of ties', () => {
    expect([...averageRanks([10, 20, 10, 30, 20, 20])]).toEqual([1.5, 4, 1.5, 6, 4, 4]);
  });

  it('gives 1 for a monotone sample and NaN for a constant one', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});

describe('headlineMetric', () => {
  const labels = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
  const predictions = [1, 1, 1, 1, 0, 0, 1, 0, 0, 0];

  it('uses MCC for CoLA and reports accuracy too', () => {
    const score = headlineMetric('cola', predictions, labels);
    expect(score.headline).toBe('mcc');
    expect(score.value).toBe(matthewsCorrelation(predictions, labels));
    expect(Object.keys(score.metrics).sort()).toEqual(['accuracy', 'mcc']);
  });

  it('averages F1 and accuracy for MRPC and QQP', () => {
    for (const task of ['mrpc', 'qqp'] as const) {
      const score = headlineMetric(task, predictions, labels);
      expect(score.value).toBeCloseTo((8 / 11 + 0.7) / 2, 12);
      expect(score.metrics).toEqual({ f1: f1Score(predictions, labels), accuracy: 0.7 });
    }
  });

  it('averages Pearson and Spearman for STS-B', () => {
    const gold = [0, 1.2, 2.5, 3.8, 5, 4.2];
    const predicted = [0.3, 1, 2.9, 3.1, 4.6, 4.4];
    const score = headlineMetric({ task: 'stsb', dev: 'dev' }, predicted, gold);
    expect(score.value).toBeCloseTo((pearson(predicted, gold) + spearman(predicted, gold)) / 2, 12);
    expect(score.metrics).not.toHaveProperty('accuracy');
  });

  it('uses accuracy elsewhere, three classes for MNLI', () => {
    const score = headlineMetric('mnli', [0, 1, 2, 2], [0, 1, 1, 2]);
    expect(score).toEqual({ task: 'mnli', headline: 'accuracy', value: 0.75, metrics: { accuracy: 0.75 } });
  });

  it('refuses class indices outside the task', () => {
    expect(() => headlineMetric('rte', [0, 2], [0, 1])).toThrow(/\[0, 2\)/);
    expect(() => headlineMetric('mnli', [0, 1], [0, 1, 2])).toThrow(MetricInputError);
  });
});
