import type { ParamValue } from '../distributions/distributions.js';
import { InvalidOptionsError, InvalidValuesError, MultiObjectiveError, NoCompletedTrialsError, TrialStateError } from '../errors.js';
import { getParamImportances, type ParamImportanceOptions } from '../importance/param-importances.js';
import { paretoFrontIndices } from '../math/pareto.js';
import type { Pruner } from '../pruners/pruner.js';
import type { Sampler, StudyView } from '../samplers/sampler.js';
import { fixedParamsOf } from '../storages/operations.js';
import type { FinishedState, Storage, TrialQuery } from '../storages/storage.js';
import { isFinished, type FrozenTrial, type JsonValue, type StudyDirection } from '../trial/frozen-trial.js';
import { Trial, trialInternals, type TrialHost } from '../trial/trial.js';
import { validateObjectiveValues, type ObjectiveValues } from '../trial/values.js';
import { runOptimize, type Objective, type OptimizeOptions, type OptimizeResult } from './optimize.js';
import type { ResolvedHeartbeat, WaitEvent } from './study-options.js';
import { createStudyView } from './study-view.js';
import { TrialCache } from './trial-cache.js';

/** Options of {@link Study.tell}. */
export interface TellOptions {
  /** Final state. Default `complete` (then values are required). */
  state?: FinishedState;
  /** Why the trial failed, for `failed`. Default `failed by tell()`. */
  failReason?: string;
  /** After recording invalid values as a failed trial, throw InvalidValuesError. Default true. */
  throwOnInvalid?: boolean;
}

/** Options of {@link Study.enqueueTrial}. */
export interface EnqueueTrialOptions {
  /** User attributes of the waiting trial. Default none. */
  userAttrs?: Readonly<Record<string, JsonValue>>;
  /**
   * Return the existing trial instead when one already has exactly these fixed params (so a resumed
   * script does not enqueue its baseline twice). Not atomic across workers. Default false.
   */
  skipIfExists?: boolean;
}

/** Everything a study is built from; `createStudy` / `loadStudy` assemble it. */
export interface StudyInit {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly storage: Storage;
  readonly sampler: Sampler;
  readonly pruner: Pruner | null;
  readonly deterministicLag: number | null;
  readonly heartbeat: ResolvedHeartbeat | null;
  readonly workerId: string;
  readonly now: () => number;
  readonly pollIntervalMs: number;
  readonly onWait: ((event: WaitEvent) => void) | null;
}

/** Hidden hooks `optimize` uses; not part of the public API. */
export const studyInternals: unique symbol = Symbol('lrdist.search.studyInternals');

/** The study's side used by `optimize`. */
export interface StudyInternals {
  ask(lag: number | null): Promise<Trial>;
  readonly stopRequested: boolean;
  clearStop(): void;
}

/**
 * A study: a named set of trials in a storage, with a sampler and a pruner. Ask/tell is the core;
 * `optimize` is built on it. Several workers (async slots, processes, machines) can share one study
 * through its storage.
 */
export class Study {
  readonly studyName: string;
  /** One per objective. */
  readonly directions: readonly StudyDirection[];
  readonly storage: Storage;
  readonly sampler: Sampler;
  readonly pruner: Pruner | null;
  /** Stored with the study: trial n samples from exactly the finished trials numbered <= n - lag. */
  readonly deterministicLag: number | null;
  /** This worker's id, recorded in the trials it runs. */
  readonly workerId: string;
  readonly #heartbeat: ResolvedHeartbeat | null;
  readonly #now: () => number;
  readonly #pollIntervalMs: number;
  readonly #onWait: ((event: WaitEvent) => void) | null;
  readonly #cache: TrialCache;
  readonly #waiters = new Set<() => void>();
  readonly #local = new Map<number, Trial>();
  #lastReap = Number.NEGATIVE_INFINITY;
  #stopRequested = false;
  readonly #hosts: { live: TrialHost; fixed: TrialHost };

  /** Use `createStudy` or `loadStudy`. */
  constructor(init: StudyInit) {
    this.studyName = init.studyName;
    this.directions = init.directions;
    this.storage = init.storage;
    this.sampler = init.sampler;
    this.pruner = init.pruner;
    this.deterministicLag = init.deterministicLag;
    this.workerId = init.workerId;
    this.#heartbeat = init.heartbeat;
    this.#now = init.now;
    this.#pollIntervalMs = init.pollIntervalMs;
    this.#onWait = init.onWait;
    this.#cache = new TrialCache(init.storage, init.studyName);
    const host = (deterministic: boolean): TrialHost => ({
      studyName: this.studyName,
      directions: this.directions,
      storage: this.storage,
      sampler: this.sampler,
      pruner: this.pruner,
      heartbeatIntervalMs: this.#heartbeat?.intervalMs ?? null,
      now: this.#now,
      refreshView: deterministic ? () => Promise.resolve(null) : (n) => this.#liveView(n),
    });
    this.#hosts = { live: host(false), fixed: host(true) };
  }

  /** Whether the study has several objectives. */
  get isMultiObjective(): boolean {
    return this.directions.length > 1;
  }

  /**
   * Starts a trial: claims the oldest waiting (enqueued) trial, else creates one. With a
   * deterministic lag, first waits until every trial numbered <= n - lag is finished.
   */
  ask(): Promise<Trial> {
    return this.#ask(this.deterministicLag);
  }

  /**
   * Finishes a trial (a Trial from `ask()`, or a trial number): `complete` with one finite value per
   * direction, or `pruned` / `failed`. Invalid values record the trial as `failed` with the reason,
   * then throw InvalidValuesError (or return, with `throwOnInvalid: false`).
   */
  async tell(trial: Trial | number, values?: ObjectiveValues, options: TellOptions = {}): Promise<FrozenTrial> {
    const number = typeof trial === 'number' ? trial : trial.number;
    const local = typeof trial === 'number' ? this.#local.get(trial) : trial;
    const state = options.state ?? 'complete';
    let finish: { state: FinishedState; values: readonly number[] | null; failReason: string | null; now: number };
    let invalid: InvalidValuesError | null = null;
    if (state === 'complete') {
      const array = typeof values === 'number' ? [values] : values;
      const problem = validateObjectiveValues(array, this.directions.length);
      if (problem === null) {
        finish = { state, values: [...(array as readonly number[])], failReason: null, now: this.#now() };
      } else {
        invalid = new InvalidValuesError(`trial ${number} of study '${this.studyName}': ${problem}`);
        finish = { state: 'failed', values: null, failReason: invalid.message, now: this.#now() };
      }
    } else if (state === 'pruned' || state === 'failed') {
      if (values !== undefined)
        throw new InvalidOptionsError(`\`values\` must be omitted for a ${state} trial, got ${JSON.stringify(values)}`);
      finish = {
        state,
        values: null,
        failReason: state === 'failed' ? (options.failReason ?? 'failed by tell()') : null,
        now: this.#now(),
      };
    } else {
      throw new InvalidOptionsError(`\`state\` must be 'complete', 'pruned' or 'failed', got ${JSON.stringify(state)}`);
    }
    try {
      if (local !== undefined) await local[trialInternals].finish(finish);
      else await this.storage.updateTrial(this.studyName, number, { finish });
    } finally {
      this.#local.delete(number);
      this.#wake();
    }
    const frozen = await this.storage.getTrial(this.studyName, number);
    this.sampler.afterTrial?.(local?.[trialInternals].view ?? createStudyView(this.studyName, this.directions, []), frozen);
    if (invalid !== null && options.throwOnInvalid !== false) throw invalid;
    return frozen;
  }

  /**
   * Runs `objective` on new trials until `trials` ran, `timeoutMs` passed, `stop()` was called or the
   * signal aborted; see {@link OptimizeOptions}. Seeded runs give the same trials with any concurrency.
   */
  optimize(objective: Objective, options: OptimizeOptions = {}): Promise<OptimizeResult> {
    return runOptimize(this, objective, options);
  }

  /** Makes running `optimize` calls start no new trial (running ones finish). */
  stop(): void {
    this.#stopRequested = true;
  }

  /** Adds a `waiting` trial with fixed params; the next `ask()` (any worker) claims it first. */
  async enqueueTrial(params: Readonly<Record<string, ParamValue>>, options: EnqueueTrialOptions = {}): Promise<FrozenTrial> {
    if (options.skipIfExists === true) {
      const same = (await this.#cache.fetch()).find(
        (t) => sameParams(fixedParamsOf(t.systemAttrs), params) || sameParams(t.params, params),
      );
      if (same !== undefined) return same;
    }
    return this.storage.enqueueTrial(this.studyName, {
      fixedParams: { ...params },
      ...(options.userAttrs === undefined ? {} : { userAttrs: options.userAttrs }),
      now: this.#now(),
    });
  }

  /** Trials in number order, fresh from the storage. */
  getTrials(query?: TrialQuery): Promise<FrozenTrial[]> {
    return this.storage.getTrials(this.studyName, query);
  }

  /** One trial, fresh from the storage. */
  getTrial(number: number): Promise<FrozenTrial> {
    return this.storage.getTrial(this.studyName, number);
  }

  /**
   * The complete trial with the best value (the lowest number among ties); single-objective only:
   * `MultiObjectiveError` with several objectives, `NoCompletedTrialsError` before any trial completes.
   */
  async bestTrial(): Promise<FrozenTrial> {
    if (this.isMultiObjective) {
      throw new MultiObjectiveError(`study '${this.studyName}' has ${this.directions.length} objectives: use paretoFront()`);
    }
    const complete = await this.getTrials({ states: ['complete'] });
    const sign = this.directions[0] === 'maximize' ? -1 : 1;
    let best: FrozenTrial | undefined;
    for (const t of complete) {
      if (best === undefined || sign * (t.values?.[0] as number) < sign * (best.values?.[0] as number)) best = t;
    }
    if (best === undefined) throw new NoCompletedTrialsError(`study '${this.studyName}' has no complete trial yet`);
    return best;
  }

  /** The best trial's value (Optuna's `best_value`); throws as {@link Study.bestTrial}. */
  async bestValue(): Promise<number> {
    return (await this.bestTrial()).values?.[0] as number;
  }

  /** The best trial's parameters (Optuna's `best_params`); throws as {@link Study.bestTrial}. */
  async bestParams(): Promise<Record<string, ParamValue>> {
    return { ...(await this.bestTrial()).params };
  }

  /** The complete trials no other complete trial dominates, in number order. */
  async paretoFront(): Promise<FrozenTrial[]> {
    const complete = await this.getTrials({ states: ['complete'] });
    const indices = paretoFrontIndices(
      complete.map((t) => t.values as readonly number[]),
      this.directions,
    );
    return indices.map((i) => complete[i] as FrozenTrial);
  }

  /**
   * Importance of each parameter over the complete trials, by fANOVA (see `getParamImportances`);
   * with several objectives, `target` picks the value, e.g. `(t) => t.values![1]`.
   */
  async getParamImportances(options: ParamImportanceOptions = {}): Promise<Record<string, number>> {
    if (this.isMultiObjective && options.target === undefined) {
      throw new InvalidOptionsError(
        `study '${this.studyName}' has ${this.directions.length} objectives: pass \`target\`, e.g. target: (t) => t.values![0]`,
      );
    }
    return getParamImportances(await this.getTrials({ states: ['complete'] }), options);
  }

  /** The study's user attributes. */
  async userAttrs(): Promise<Readonly<Record<string, JsonValue>>> {
    return (await this.storage.getStudy(this.studyName)).userAttrs;
  }

  /** Sets a study user attribute. */
  setUserAttr(key: string, value: JsonValue): Promise<void> {
    return this.storage.setStudyAttrs(this.studyName, { user: { [key]: value } });
  }

  /** Fails or re-queues trials whose worker stopped sending heartbeats (also done on every `ask`). */
  async reapStaleTrials(): Promise<FrozenTrial[]> {
    const hb = this.#heartbeat;
    if (hb === null) throw new InvalidOptionsError('`heartbeat` must be set on the study to judge stale trials');
    const now = this.#now();
    this.#lastReap = now;
    let goneWorkers: string[] = [];
    if (hb.isWorkerGone !== null) {
      const running = (await this.storage.getTrials(this.studyName, { states: ['running'] })).filter(
        (t) => t.workerId !== null && t.workerId !== this.workerId,
      );
      goneWorkers = [...new Set(running.map((t) => t.workerId!))].filter((w) => hb.isWorkerGone!(w));
    }
    const reaped = await this.storage.reapStaleTrials(this.studyName, {
      staleBefore: now - hb.staleAfterMs,
      action: hb.onStale,
      now,
      ...(goneWorkers.length === 0 ? {} : { goneWorkers }),
    });
    if (reaped.length > 0) this.#wake();
    return reaped;
  }

  /** @internal */
  get [studyInternals](): StudyInternals {
    return {
      ask: (lag) => this.#ask(lag),
      stopRequested: this.#stopRequested,
      clearStop: () => {
        this.#stopRequested = false;
      },
    };
  }

  async #ask(lag: number | null): Promise<Trial> {
    await this.#reapIfDue();
    for (;;) {
      const started = await this.storage.startTrial(this.studyName, {
        workerId: this.workerId,
        heartbeat: this.#heartbeat !== null,
        now: this.#now(),
      });
      let view: StudyView;
      if (lag === null) {
        view = await this.#liveView(started.number);
      } else {
        const ready = await this.#waitForHorizon(started.number - lag, started.number);
        if (ready === 'release') {
          // A trial we must learn from sits unclaimed (re-queued after its worker died): hand ours
          // back and claim again, which takes the oldest waiting trial first, so nobody deadlocks.
          // Another worker's sweep may have re-queued ours already; then there is nothing to hand back.
          await this.storage.releaseTrial(this.studyName, started.number).catch((error: unknown) => {
            if (!(error instanceof TrialStateError)) throw error;
          });
          continue;
        }
        view = createStudyView(this.studyName, this.directions, ready);
      }
      let trial: Trial;
      try {
        trial = new Trial(lag === null ? this.#hosts.live : this.#hosts.fixed, started, view);
      } catch (error) {
        // The sampler failed in its joint proposal: do not leave the trial running forever.
        const reason = `sampler '${this.sampler.name}' failed: ${error instanceof Error ? error.message : String(error)}`;
        await this.storage.updateTrial(this.studyName, started.number, {
          finish: { state: 'failed', values: null, failReason: reason, now: this.#now() },
        });
        throw error;
      }
      this.#local.set(trial.number, trial);
      return trial;
    }
  }

  async #liveView(exclude: number): Promise<StudyView> {
    const trials = (await this.#cache.fetch()).filter((t) => t.number !== exclude);
    return createStudyView(this.studyName, this.directions, trials);
  }

  /**
   * Waits until trials 0..horizon are finished. Meanwhile our own claimed trial (`own`) sends
   * heartbeats: it is running as far as the storage knows, and without them the stale-trial sweep
   * would re-queue it together with the dead trial it waits for.
   */
  async #waitForHorizon(horizon: number, own: number): Promise<FrozenTrial[] | 'release'> {
    if (horizon < 0) return [];
    const hb = this.#heartbeat;
    let lastBeat = this.#now();
    let reported = '';
    for (;;) {
      const trials = await this.#cache.fetch(horizon);
      if (trials.every((t) => isFinished(t.state))) return trials;
      if (trials.some((t) => t.state === 'waiting')) return 'release';
      const pending = trials.filter((t) => !isFinished(t.state));
      const key = pending.map((t) => `${t.number}:${t.state}`).join(',');
      if (this.#onWait !== null && key !== reported) {
        reported = key;
        this.#onWait({ trial: own, waitingFor: pending.map((t) => ({ number: t.number, state: t.state, workerId: t.workerId })) });
      }
      if (hb !== null && this.#now() - lastBeat >= hb.intervalMs) {
        lastBeat = this.#now();
        await this.storage.updateTrial(this.studyName, own, { heartbeatAt: lastBeat });
      }
      await this.#reapIfDue();
      await this.#sleep();
    }
  }

  async #reapIfDue(): Promise<void> {
    const hb = this.#heartbeat;
    if (hb === null || this.#now() - this.#lastReap < Math.min(hb.intervalMs, hb.staleAfterMs / 2)) return;
    await this.reapStaleTrials();
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.#pollIntervalMs);
      this.#waiters.add(done);
    });
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }
}

function sameParams(a: Readonly<Record<string, ParamValue>>, b: Readonly<Record<string, ParamValue>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
