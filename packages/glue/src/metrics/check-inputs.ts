import { MetricInputError } from '../errors.js';

/** Throws unless both arrays have the same non-zero length (at least `minLength`) and hold finite numbers. */
export function checkPaired(predictions: ArrayLike<number>, labels: ArrayLike<number>, metric: string, minLength = 1): void {
  if (predictions.length !== labels.length) {
    throw new MetricInputError(
      `\`predictions\` must have as many entries as \`labels\` for ${metric}, got ${predictions.length} and ${labels.length}`,
    );
  }
  if (labels.length < minLength) {
    throw new MetricInputError(`\`labels\` must have at least ${minLength} entries for ${metric}, got ${labels.length}`);
  }
  checkFinite(predictions, 'predictions', metric);
  checkFinite(labels, 'labels', metric);
}

/** Throws unless every entry is an integer class index in [0, numClasses) (no upper bound when omitted). */
export function checkClassIndices(values: ArrayLike<number>, name: string, metric: string, numClasses?: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN;
    if (!Number.isInteger(v) || v < 0 || (numClasses !== undefined && v >= numClasses)) {
      const range = numClasses === undefined ? 'a non-negative integer' : `an integer in [0, ${numClasses})`;
      throw new MetricInputError(`\`${name}[${i}]\` must be ${range} for ${metric}, got ${v}`);
    }
  }
}

function checkFinite(values: ArrayLike<number>, name: string, metric: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new MetricInputError(`\`${name}[${i}]\` must be a finite number for ${metric}, got ${String(v)}`);
    }
  }
}
