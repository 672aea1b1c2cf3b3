import type { FrozenTrial, StudyDirection } from '../trial/frozen-trial.js';

/**
 * Parameter importance as the page draws it: per objective, `[name, share]` pairs sorted
 * descending, computed over `completeTrials` complete trials (possibly fewer than the study has now).
 */
export type DashboardImportance =
  | {
      readonly status: 'ok';
      readonly completeTrials: number;
      readonly objectives: readonly { readonly objective: number; readonly importances: readonly (readonly [string, number])[] }[];
    }
  | { readonly status: 'unavailable'; readonly reason: string };

/** What computes importances: `getParamImportances`' shape. */
export type ImportanceFunction = (
  trials: readonly FrozenTrial[],
  options: { target: (t: FrozenTrial) => number },
) => Record<string, number>;

/** Options of {@link ImportanceCache}. */
export interface ImportanceCacheOptions {
  /** Clock in ms. Default `performance.now`. */
  now?: () => number;
  /** Shortest time between two computations for one study, in ms. Default 5000. */
  minIntervalMs?: number;
}

interface Entry {
  readonly key: string;
  readonly value: DashboardImportance;
  readonly at: number;
  readonly costMs: number;
}

/**
 * Importances per study, recomputed only when the set of complete trials changes (a finished trial
 * never changes, so their count and last number identify it), and then at most every
 * max(minIntervalMs, 20 x the last computation's duration): the page polls every second or two, and
 * fANOVA takes a blocking ~0.3 s for hundreds of trials and seconds for thousands. Meanwhile the page
 * shows the last result with the number of trials it covers.
 */
export class ImportanceCache {
  readonly #compute: ImportanceFunction;
  readonly #now: () => number;
  readonly #minIntervalMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(compute: ImportanceFunction, options: ImportanceCacheOptions = {}) {
    this.#compute = compute;
    this.#now = options.now ?? (() => performance.now());
    this.#minIntervalMs = options.minIntervalMs ?? 5000;
  }

  /** The importances of the study `id` over its complete trials (in number order). */
  get(id: string, complete: readonly FrozenTrial[], directions: readonly StudyDirection[]): DashboardImportance {
    const key = `${complete.length}:${complete.at(-1)?.number ?? -1}:${directions.length}`;
    const cached = this.#entries.get(id);
    const start = this.#now();
    // A cheap answer (no trial yet, too few trials) is refreshed at once; a costly one waits.
    const interval = Math.max(cached?.value.status === 'ok' ? this.#minIntervalMs : 0, 20 * (cached?.costMs ?? 0));
    if (cached !== undefined && (cached.key === key || start - cached.at < interval)) return cached.value;
    const value = this.#run(complete, directions);
    const end = this.#now();
    this.#entries.set(id, { key, value, at: end, costMs: end - start });
    return value;
  }

  #run(complete: readonly FrozenTrial[], directions: readonly StudyDirection[]): DashboardImportance {
    if (complete.length === 0) return { status: 'unavailable', reason: 'no complete trial yet' };
    try {
      const objectives = directions.map((_, objective) => {
        const importances = this.#compute(complete, { target: (t) => t.values?.[objective] ?? Number.NaN });
        return { objective, importances: Object.entries(importances).sort((a, b) => b[1] - a[1]) };
      });
      return { status: 'ok', completeTrials: complete.length, objectives };
    } catch (error) {
      return { status: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
