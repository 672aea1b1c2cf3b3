/**
 * Classification metrics on plain arrays of class indices, defined as scikit-learn 1.2 defines them
 * (`accuracy_score`, `f1_score` with `pos_label=1`, `matthews_corrcoef`), degenerate cases included.
 */
import { checkClassIndices, checkPaired } from './check-inputs.js';

/** Share of predictions equal to the label. */
export function accuracy(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPaired(predictions, labels, 'accuracy');
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  return correct / labels.length;
}

/**
 * F1 of the positive class (default 1): 2TP / (2TP + FP + FN), and 0 when the class is neither
 * predicted nor present (scikit-learn's `zero_division` default).
 */
export function f1Score(predictions: ArrayLike<number>, labels: ArrayLike<number>, positive = 1): number {
  checkPaired(predictions, labels, 'f1');
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = predictions[i] === positive;
    const t = labels[i] === positive;
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
  }
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/**
 * Matthews correlation coefficient, multiclass form (Gorodkin 2004) from the confusion matrix; 0 when
 * either the labels or the predictions hold a single class, as scikit-learn returns.
 */
export function matthewsCorrelation(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPaired(predictions, labels, 'mcc');
  checkClassIndices(predictions, 'predictions', 'mcc');
  checkClassIndices(labels, 'labels', 'mcc');
  const trueCounts = new Map<number, number>();
  const predCounts = new Map<number, number>();
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] ?? 0;
    const p = predictions[i] ?? 0;
    trueCounts.set(t, (trueCounts.get(t) ?? 0) + 1);
    predCounts.set(p, (predCounts.get(p) ?? 0) + 1);
    if (t === p) correct++;
  }
  const n = labels.length;
  let truePred = 0;
  for (const [cls, count] of trueCounts) truePred += count * (predCounts.get(cls) ?? 0);
  const sumSquares = (counts: Map<number, number>): number => {
    let s = 0;
    for (const c of counts.values()) s += c * c;
    return s;
  };
  const covTruePred = correct * n - truePred;
  const covPredPred = n * n - sumSquares(predCounts);
  const covTrueTrue = n * n - sumSquares(trueCounts);
  if (covPredPred === 0 || covTrueTrue === 0) return 0;
  return covTruePred / Math.sqrt(covTrueTrue * covPredPred);
}
