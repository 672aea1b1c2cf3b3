/**
 * Hypervolume of a point set (minimisation) with respect to a reference point: the WFG algorithm
 * (While, Bradstreet & Barone, "A Fast Way of Calculating Exact Hypervolumes", IEEE TEC 2012), with a
 * sort-and-sweep base case in two dimensions. Plus the per-point contributions and the greedy
 * hypervolume subset selection (HSSP) that Optuna's MOTPE uses to split trials
 * (Ozaki et al., "Multiobjective Tree-Structured Parzen Estimator", JAIR 2022; Optuna
 * `_hypervolume/hssp.py`).
 */

type Point = readonly number[];

function hv2d(points: readonly Point[], ref: Point): number {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let hv = 0;
  let bestY = ref[1]!;
  for (const p of sorted) {
    if (p[1]! < bestY) {
      hv += (ref[0]! - p[0]!) * (bestY - p[1]!);
      bestY = p[1]!;
    }
  }
  return hv;
}

function dominatesWeakly(a: Point, b: Point): boolean {
  for (let k = 0; k < a.length; k++) if (a[k]! > b[k]!) return false;
  return true;
}

/** The points not weakly dominated by another (duplicates keep one copy). */
function nonDominated(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    let dominated = false;
    for (let j = 0; j < points.length && !dominated; j++) {
      if (i === j) continue;
      const q = points[j]!;
      // q dominates p, or q equals p and comes first.
      if (dominatesWeakly(q, p) && (j < i || !dominatesWeakly(p, q))) dominated = true;
    }
    if (!dominated) out.push(p);
  }
  return out;
}

function inclusive(p: Point, ref: Point): number {
  let v = 1;
  for (let k = 0; k < p.length; k++) v *= ref[k]! - p[k]!;
  return v;
}

function wfg(points: readonly Point[], ref: Point): number {
  if (points.length === 0) return 0;
  if (points.length === 1) return inclusive(points[0]!, ref);
  if (ref.length === 2) return hv2d(points, ref);
  // Sorting by the last objective makes the limited sets small (WFG's recommended order).
  const sorted = [...points].sort((a, b) => b[b.length - 1]! - a[a.length - 1]!);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    const limited: Point[] = [];
    for (let j = i + 1; j < sorted.length; j++) limited.push(sorted[j]!.map((v, k) => Math.max(v, p[k]!)));
    total += inclusive(p, ref) - wfg(nonDominated(limited), ref);
  }
  return total;
}

/** Hypervolume dominated by `points` (minimisation) and bounded by `ref`; points beyond `ref` count 0. */
export function hypervolume(points: readonly Point[], ref: Point): number {
  const inside = points.filter((p) => p.every((v, k) => v < ref[k]!));
  if (inside.length === 0) return 0;
  if (ref.length === 1) return ref[0]! - Math.min(...inside.map((p) => p[0]!));
  return wfg(nonDominated(inside), ref);
}

/** Each point's exclusive contribution: hypervolume(all) - hypervolume(all but it). */
export function hypervolumeContributions(points: readonly Point[], ref: Point): number[] {
  const total = hypervolume(points, ref);
  return points.map(
    (_, i) =>
      total -
      hypervolume(
        points.filter((__, j) => j !== i),
        ref,
      ),
  );
}

/**
 * Greedy hypervolume subset selection: `k` indices into `points`, each step adding the point that
 * raises the hypervolume most (ties: lowest index). A (1 - 1/e)-approximation of the best subset.
 */
export function selectHypervolumeSubset(points: readonly Point[], k: number, ref: Point): number[] {
  const chosen: number[] = [];
  const left = new Set(points.map((_, i) => i));
  let current = 0;
  while (chosen.length < Math.min(k, points.length)) {
    let best = -1;
    let bestGain = -Infinity;
    for (const i of left) {
      const gain = hypervolume([...chosen.map((c) => points[c]!), points[i]!], ref) - current;
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    chosen.push(best);
    left.delete(best);
    current += bestGain;
  }
  return chosen;
}

/** Optuna's MOTPE reference point: 1.1 x the worst value per objective (0.9 x if negative), 1e-12 for 0. */
export function referencePointOf(points: readonly Point[]): number[] {
  const m = points[0]?.length ?? 0;
  const ref: number[] = [];
  for (let k = 0; k < m; k++) {
    let worst = -Infinity;
    for (const p of points) worst = Math.max(worst, p[k]!);
    const r = Math.max(1.1 * worst, 0.9 * worst);
    ref.push(r === 0 ? 1e-12 : r);
  }
  return ref;
}
