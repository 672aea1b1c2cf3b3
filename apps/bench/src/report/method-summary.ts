import type { CellResult } from '../results/schemas.js';
import { summarize, type Summary } from '../stats/summarize.js';

/** Per-method figures over seeds: mean and 95% t-interval of each. */
export interface MethodSummary {
  readonly method: string;
  readonly seeds: number;
  readonly failed: number;
  readonly pA: Summary;
  readonly pO: Summary;
  readonly pS: Summary;
  /** p_a - p_o, per seed, then summarised. */
  readonly forgetting: Summary;
  /** Accuracy of A after B, and of B: always reported beside the headline metric. */
  readonly accuracyO: Summary;
  readonly accuracyS: Summary;
  /** Held-out MLM loss (pretrained knowledge) before A, after A and after B. */
  readonly mlmBeforeA: Summary;
  readonly mlmAfterA: Summary;
  readonly mlmAfterB: Summary;
  /** Cells whose model predicted one class for all of A's test set after B, and of B's (null: not recorded). */
  readonly collapsedO: number | null;
  readonly collapsedS: number | null;
}

const val = (x: number | undefined): number => (x === undefined ? Number.NaN : x);

/** How many flags are true, or null when none was recorded (results made before the field existed). */
function countCollapsed(flags: readonly (boolean | undefined)[]): number | null {
  const known = flags.filter((f): f is boolean => f !== undefined);
  return known.length === 0 ? null : known.filter(Boolean).length;
}

/** The majority-class headline of A (after B) and of B in these cells, where recorded. */
export function majorityScores(cells: readonly CellResult[]): { a: number | null; b: number | null } {
  const first = (pick: (c: CellResult) => number | undefined): number | null => {
    for (const c of cells) {
      const v = pick(c);
      if (v !== undefined) return v;
    }
    return null;
  };
  return { a: first((c) => c.pO?.majority), b: first((c) => c.pS?.majority) };
}

/** Summarises complete cells per method, in `order` (methods without cells still appear, as n = 0). */
export function summarizeMethods(cells: readonly CellResult[], order: readonly string[]): MethodSummary[] {
  const methods = [...order, ...new Set(cells.map((c) => c.method).filter((m) => !order.includes(m)))];
  return methods.map((method) => {
    const mine = cells.filter((c) => c.method === method);
    const ok = mine.filter((c) => c.status === 'complete');
    return {
      method,
      seeds: ok.length,
      failed: mine.length - ok.length,
      pA: summarize(ok.map((c) => val(c.pA?.headline))),
      pO: summarize(ok.map((c) => val(c.pO?.headline))),
      pS: summarize(ok.map((c) => val(c.pS?.headline))),
      forgetting: summarize(ok.map((c) => val(c.pA?.headline) - val(c.pO?.headline))),
      accuracyO: summarize(ok.map((c) => val(c.pO?.metrics['accuracy']))),
      accuracyS: summarize(ok.map((c) => val(c.pS?.metrics['accuracy']))),
      mlmBeforeA: summarize(ok.map((c) => val(c.mlm?.beforeA?.loss))),
      mlmAfterA: summarize(ok.map((c) => val(c.mlm?.afterA?.loss))),
      mlmAfterB: summarize(ok.map((c) => val(c.mlm?.afterB?.loss))),
      collapsedO: countCollapsed(ok.map((c) => c.pO?.collapsed)),
      collapsedS: countCollapsed(ok.map((c) => c.pS?.collapsed)),
    };
  });
}

/**
 * The caveat a report owes its reader when a method trains on earlier tasks' examples again: unlike
 * the learning-rate methods and the penalties, replay needs the old data. One line, or none.
 */
export function oldDataNotes(methods: readonly string[]): string[] {
  return methods.includes('replay')
    ? [
        "replay keeps training examples of every earlier task and trains on them again while it learns the next: unlike the learning-rate methods, EWC and L2-SP, it needs the earlier tasks' data, which a model's user often no longer has.",
      ]
    : [];
}
