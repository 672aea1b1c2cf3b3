import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accuracy, f1Score, matthewsCorrelation } from './classification-metrics.js';
import { pearson, spearman } from './correlation.js';

// Made by scripts/make_metric_fixtures.py with Debian's scikit-learn 1.2 and SciPy 1.10: random and
// degenerate inputs with the reference outputs (null stands for SciPy's NaN).
interface ClassificationCase {
  name: string;
  labels: number[];
  predictions: number[];
  accuracy: number;
  mcc: number;
  f1?: number;
}
interface RegressionCase {
  name: string;
  x: number[];
  y: number[];
  pearson: number | null;
  spearman: number | null;
}
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/metrics.json', import.meta.url), 'utf8')) as {
  classification: ClassificationCase[];
  regression: RegressionCase[];
};

// Agreement with the references to an absolute 1e-9, as the issue requires.
const TOLERANCE = 1e-9;

function expectClose(actual: number, expected: number | null): void {
  if (expected === null) {
    expect(actual).toBeNaN();
    return;
  }
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(TOLERANCE);
}

describe('metrics agree with scikit-learn and SciPy to 1e-9', () => {
  it('covers binary, three-class and degenerate cases', () => {
    expect(fixture.classification.length).toBeGreaterThanOrEqual(30);
    expect(fixture.regression.length).toBeGreaterThanOrEqual(13);
  });

  it.each(fixture.classification.map((c) => [c.name, c] as const))('classification: %s', (_, c) => {
    expectClose(accuracy(c.predictions, c.labels), c.accuracy);
    expectClose(matthewsCorrelation(c.predictions, c.labels), c.mcc);
    if (c.f1 !== undefined) expectClose(f1Score(c.predictions, c.labels), c.f1);
  });

  it.each(fixture.regression.map((c) => [c.name, c] as const))('correlation: %s', (_, c) => {
    expectClose(pearson(c.x, c.y), c.pearson);
    expectClose(spearman(c.x, c.y), c.spearman);
  });
});
