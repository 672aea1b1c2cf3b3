import type { Rng } from './rng.js';

/**
 * Draws `size` of the positions 0..strata.length-1 so that each stratum keeps its share: quotas by
 * the largest-remainder (Hamilton) method, ties to the lower stratum id, then a partial Fisher-Yates
 * shuffle inside each stratum, strata visited in ascending id. Returns the positions in ascending order.
 */
export function stratifiedSample(strata: ArrayLike<number>, size: number, rng: Rng): number[] {
  const n = strata.length;
  if (size >= n) return Array.from({ length: n }, (_, i) => i);
  if (size <= 0) return [];

  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const s = strata[i] ?? 0;
    let group = groups.get(s);
    if (group === undefined) {
      group = [];
      groups.set(s, group);
    }
    group.push(i);
  }
  const ids = [...groups.keys()].sort((x, y) => x - y);
  const quotas = hamiltonQuotas(
    ids.map((id) => groups.get(id)?.length ?? 0),
    size,
  );

  const chosen: number[] = [];
  ids.forEach((id, g) => {
    const members = groups.get(id) ?? [];
    const k = quotas[g] ?? 0;
    for (let i = 0; i < k; i++) {
      const j = i + rng.nextInt(members.length - i);
      const picked = members[j] ?? 0;
      members[j] = members[i] ?? 0;
      members[i] = picked;
      chosen.push(picked);
    }
  });
  return chosen.sort((x, y) => x - y);
}

/** Splits `size` over groups in proportion to their counts by largest remainder, ties to the lower group. */
export function hamiltonQuotas(counts: readonly number[], size: number): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return counts.map(() => 0);
  // Integer remainders (count * size mod total) keep the tie-breaking exact.
  const quotas = counts.map((c) => Math.floor((c * size) / total));
  let left = size - quotas.reduce((sum, q) => sum + q, 0);
  const order = counts.map((c, g) => ({ g, remainder: (c * size) % total })).sort((x, y) => y.remainder - x.remainder || x.g - y.g);
  for (const { g } of order) {
    if (left <= 0) break;
    if ((quotas[g] ?? 0) < (counts[g] ?? 0)) {
      quotas[g] = (quotas[g] ?? 0) + 1;
      left--;
    }
  }
  return quotas;
}

/**
 * Assigns each value to one of `bins` equal-count quantile bins (rank order, ties by position), the
 * strata for a regression target such as STS-B's score.
 */
export function quantileBins(values: ArrayLike<number>, bins: number): Int32Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => (values[x] ?? 0) - (values[y] ?? 0) || x - y);
  const out = new Int32Array(n);
  const b = Math.max(1, Math.min(bins, n));
  order.forEach((position, rank) => {
    out[position] = Math.floor((rank * b) / n);
  });
  return out;
}
