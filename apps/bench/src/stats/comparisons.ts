// The statistics the verdict of a comparison across pairs rests on (EXPERIMENTS.md; issue 14):
// a paired t-test per pair, Holm's step-down correction across pairs (Holm 1979, "A simple
// sequentially rejective multiple test procedure"), and a hierarchical (two-stage) bootstrap that
// resamples pairs, then seeds within each pair, for one pooled estimate that respects both levels
// of variation (Davison & Hinkley 1997, sec. 3.8).
import type { Rng } from '@lrdist/model';
import { studentTCdf } from './student-t.js';
import { summarize, type Summary } from './summarize.js';

/** A paired comparison on one pair: per-seed differences (method minus control). */
export interface PairedDifferences {
  readonly pair: string;
  readonly diffs: readonly number[];
}

/** A paired t-test of per-seed differences against 0. */
export interface PairedTest extends Summary {
  /** Two-sided p-value of H0: mean difference 0 (NaN for fewer than 2 seeds or no spread). */
  readonly p: number;
}

/** Mean, 95% t-interval and two-sided p-value of paired differences. */
export function pairedTest(diffs: readonly number[]): PairedTest {
  const s = summarize(diffs);
  if (s.n < 2 || !(s.sd > 0)) return { ...s, p: Number.NaN };
  const t = s.mean / (s.sd / Math.sqrt(s.n));
  return { ...s, p: 2 * (1 - studentTCdf(Math.abs(t), s.n - 1)) };
}

/**
 * Holm-adjusted p-values, in the input's order: sort ascending, multiply the i-th smallest by
 * (m - i), take the running maximum, cap at 1. NaN p-values stay NaN and do not count in m.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const finite = pValues.map((p, i) => ({ p, i })).filter((x) => Number.isFinite(x.p));
  finite.sort((a, b) => a.p - b.p || a.i - b.i);
  const m = finite.length;
  const out = pValues.map(() => Number.NaN);
  let running = 0;
  finite.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}

/** A pooled estimate with a percentile interval. */
export interface PooledEstimate {
  /** Mean over pairs of the mean per-seed difference. */
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly pairs: number;
  readonly rounds: number;
}

/** Options of {@link hierarchicalBootstrap}. */
export interface HierarchicalBootstrapOptions {
  /** Seeded randomness (results must be reproducible). */
  readonly rng: Rng;
  /** Bootstrap rounds. Default 10,000. */
  readonly rounds?: number;
  /** Interval level. Default 0.95. */
  readonly level?: number;
}

/**
 * Pooled mean difference over pairs with a two-stage bootstrap interval: each round draws pairs
 * with replacement, then seeds with replacement within each drawn pair, and records the mean over
 * pairs of the per-pair means. Each pair counts once, whatever its number of seeds.
 */
export function hierarchicalBootstrap(data: readonly PairedDifferences[], options: HierarchicalBootstrapOptions): PooledEstimate {
  const groups = data.map((d) => d.diffs.filter(Number.isFinite)).filter((d) => d.length > 0);
  const rounds = options.rounds ?? 10_000;
  const level = options.level ?? 0.95;
  const meanOf = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  if (groups.length === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, pairs: 0, rounds };
  const mean = meanOf(groups.map(meanOf));
  const { rng } = options;
  const stats = new Float64Array(rounds);
  for (let r = 0; r < rounds; r++) {
    let total = 0;
    for (let g = 0; g < groups.length; g++) {
      const diffs = groups[rng.nextInt(groups.length)]!;
      let s = 0;
      for (let k = 0; k < diffs.length; k++) s += diffs[rng.nextInt(diffs.length)]!;
      total += s / diffs.length;
    }
    stats[r] = total / groups.length;
  }
  stats.sort();
  const at = (q: number) => stats[Math.min(rounds - 1, Math.max(0, Math.floor(q * rounds)))]!;
  return { mean, low: at((1 - level) / 2), high: at((1 + level) / 2), pairs: groups.length, rounds };
}
