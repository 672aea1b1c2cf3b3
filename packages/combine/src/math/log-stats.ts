/** Weighted geometric mean and geometric standard deviation of positive values. */
export interface LogStats {
  /** exp(sum w ln x / sum w). */
  readonly geometricMean: number;
  /** exp(sqrt(sum w (ln x - ln g)^2 / sum w)): the population form, which extends to weights. */
  readonly gsd: number;
}

/**
 * Weighted log-space mean and spread; equal values come back exactly, with gsd 1. Weights must be non-negative with a positive sum; the caller
 * checks that. A value whose weight is 0 does not enter (so ln of it is never taken).
 */
export function logStats(values: readonly number[], weights?: readonly number[]): LogStats {
  let sumW = 0;
  let sumWLog = 0;
  let common: number | undefined;
  let allEqual = true;
  for (let i = 0; i < values.length; i++) {
    const w = weights?.[i] ?? 1;
    if (w === 0) continue;
    const v = values[i] as number;
    if (common === undefined) common = v;
    else if (v !== common) allEqual = false;
    sumW += w;
    sumWLog += w * Math.log(v);
  }
  // exp(log(v)) need not give v back; equal inputs (one trial, copies) should come back unchanged.
  if (allEqual && common !== undefined) return { geometricMean: common, gsd: 1 };
  const meanLog = sumWLog / sumW;
  let sumWSq = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights?.[i] ?? 1;
    if (w === 0) continue;
    const d = Math.log(values[i] as number) - meanLog;
    sumWSq += w * d * d;
  }
  return { geometricMean: Math.exp(meanLog), gsd: Math.exp(Math.sqrt(sumWSq / sumW)) };
}

/** Geometric mean of positive values (equal weights). */
export function geometricMean(values: readonly number[]): number {
  return logStats(values).geometricMean;
}
