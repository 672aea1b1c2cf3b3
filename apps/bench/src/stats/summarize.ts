import { studentTQuantile } from './student-t.js';

/** Mean of per-seed figures with a two-sided confidence interval. */
export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1); NaN for n < 2. */
  sd: number;
  /** Half-width of the interval: t_{(1+level)/2, n-1} * sd / sqrt(n); NaN for n < 2. */
  halfWidth: number;
  level: number;
}

/** Mean and t-interval (default 95%) of finite values; non-finite values are left out. */
export function summarize(values: readonly number[], level = 0.95): Summary {
  const xs = values.filter(Number.isFinite);
  const n = xs.length;
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN, halfWidth: Number.NaN, level };
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  if (n < 2) return { n, mean, sd: Number.NaN, halfWidth: Number.NaN, level };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  return { n, mean, sd, halfWidth: (studentTQuantile((1 + level) / 2, n - 1) * sd) / Math.sqrt(n), level };
}

/** `mean ± half` in percentage points with one decimal, e.g. `83.1 ± 1.4`; `n/a` when nothing was measured. */
export function formatSummary(s: Summary, scale = 100, digits = 1): string {
  if (s.n === 0) return 'n/a';
  const mean = (s.mean * scale).toFixed(digits);
  return Number.isFinite(s.halfWidth) ? `${mean} ± ${(s.halfWidth * scale).toFixed(digits)}` : mean;
}
