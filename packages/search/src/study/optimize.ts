import { InvalidOptionsError, TrialFinishedError, TrialPrunedError } from '../errors.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { Trial } from '../trial/trial.js';
import type { ObjectiveValues } from '../trial/values.js';
import { checkLag } from './study-options.js';
import { studyInternals, type Study, type StudyInternals } from './study.js';

/** The function `optimize` evaluates: one value per objective (or one number), sync or async. */
export type Objective = (trial: Trial) => ObjectiveValues | Promise<ObjectiveValues>;

/** Options of `Study.optimize`. */
export interface OptimizeOptions {
  /** How many trials this call runs. Default: no limit (stop with `timeoutMs`, `signal` or `study.stop()`). */
  trials?: number;
  /** No new trial starts after this many milliseconds (running ones finish). Default: no limit. */
  timeoutMs?: number;
  /** Trials run at once in this process (async objectives). Default 1. */
  concurrency?: number;
  /**
   * Reproducible parallel runs: unless the study stores its own lag, trial n samples from exactly
   * the finished trials numbered <= n - concurrency, so the same seed gives the same trials whatever
   * finished first. The cost: a slot whose trial would need a still-running older trial waits for it.
   * Default true (no effect with concurrency 1).
   */
  deterministic?: boolean;
  /**
   * Which objective errors to catch: a caught error fails the trial (its message is the reason) and
   * the study goes on; any other fails the trial, lets running trials finish, then is rethrown.
   * Default: catch every error.
   */
  catch?: (error: unknown) => boolean;
  /** Called after each trial of this call finishes. */
  onTrialFinished?: (trial: FrozenTrial) => void | Promise<void>;
  /** Aborting starts no new trial (running ones finish). */
  signal?: AbortSignal;
}

/** What an `optimize` call did. */
export interface OptimizeResult {
  /** The trials this call ran, in the order they finished. */
  readonly trials: readonly FrozenTrial[];
  /** Why it stopped. */
  readonly stoppedBy: 'trials' | 'timeout' | 'stop' | 'signal' | 'error';
}

/** Implementation of `Study.optimize`: `concurrency` slots, each an ask / objective / tell loop. */
export async function runOptimize(study: Study, objective: Objective, options: OptimizeOptions): Promise<OptimizeResult> {
  const concurrency = options.concurrency ?? 1;
  checkLag(concurrency, 'concurrency');
  const limit = options.trials ?? Number.POSITIVE_INFINITY;
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new InvalidOptionsError(`\`trials\` must be an integer >= 0, got ${limit}`);
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs >= 0)) {
    throw new InvalidOptionsError(`\`timeoutMs\` must be a number >= 0, got ${options.timeoutMs}`);
  }
  const lag = study.deterministicLag ?? (options.deterministic !== false && concurrency > 1 ? concurrency : null);
  const catchError = options.catch ?? (() => true);
  const startedAt = Date.now();
  const internals = (): StudyInternals => study[studyInternals];
  internals().clearStop();

  let started = 0;
  let stoppedBy: OptimizeResult['stoppedBy'] | null = null;
  let fatal: { error: unknown } | null = null;
  const finished: FrozenTrial[] = [];

  const mayStart = (): boolean => {
    if (stoppedBy !== null) return false;
    if (fatal !== null) stoppedBy = 'error';
    else if (internals().stopRequested) stoppedBy = 'stop';
    else if (options.signal?.aborted === true) stoppedBy = 'signal';
    else if (options.timeoutMs !== undefined && Date.now() - startedAt >= options.timeoutMs) stoppedBy = 'timeout';
    else if (started >= limit) stoppedBy = 'trials';
    if (stoppedBy !== null) return false;
    started++;
    return true;
  };

  const runOne = async (trial: Trial): Promise<FrozenTrial | null> => {
    try {
      const values = await objective(trial);
      return await study.tell(trial, values, { throwOnInvalid: false });
    } catch (error) {
      if (error instanceof TrialFinishedError) return null; // reaped as stale meanwhile: already final
      if (trial.isFinished) throw error; // tell itself failed (storage): not the objective's fault
      const pruned = error instanceof TrialPrunedError;
      if (!pruned && !catchError(error)) fatal ??= { error };
      return await study.tell(trial, undefined, pruned ? { state: 'pruned' } : { state: 'failed', failReason: reasonOf(error) });
    }
  };

  const slot = async (): Promise<void> => {
    try {
      while (mayStart()) {
        const trial = await internals().ask(lag);
        const frozen = await runOne(trial);
        if (frozen !== null) {
          finished.push(frozen);
          await options.onTrialFinished?.(frozen);
        }
      }
    } catch (error) {
      // A storage failure: the other slots finish their trials and start no new one.
      fatal ??= { error };
      throw error;
    }
  };

  const results = await Promise.allSettled(Array.from({ length: concurrency }, () => slot()));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  if (fatal !== null) throw (fatal as { error: unknown }).error;
  return { trials: finished, stoppedBy: stoppedBy ?? 'trials' };
}

/** The fail reason recorded for an objective error. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `thrown: ${typeof error === 'string' ? error : JSON.stringify(error)}`;
}
