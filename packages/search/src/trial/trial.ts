import {
  categoricalDistribution,
  containsInternal,
  describeDistribution,
  distributionsEqual,
  floatDistribution,
  intDistribution,
  isSingleValue,
  toInternal,
  type CategoricalChoice,
  type FloatDistributionOptions,
  type IntDistributionOptions,
  type ParamDistribution,
  type ParamValue,
  type SearchSpace,
} from '../distributions/distributions.js';
import type { ParamsOf } from '../distributions/search-space.js';
import { InvalidParamError, InvalidValuesError, TrialFinishedError, TrialPrunedError } from '../errors.js';
import type { Pruner } from '../pruners/pruner.js';
import type { Sampler, StudyView } from '../samplers/sampler.js';
import { fixedParamsOf } from '../storages/operations.js';
import type { Storage, StoredParam, TrialUpdate } from '../storages/storage.js';
import type { FrozenTrial, IntermediateValue, JsonValue, StudyDirection } from './frozen-trial.js';
import { toValueArray, type ObjectiveValues } from './values.js';

/** What a trial needs from its study; built by the study, never by users. */
export interface TrialHost {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly storage: Storage;
  readonly sampler: Sampler;
  readonly pruner: Pruner | null;
  /** Milliseconds between heartbeats; null: no heartbeats. */
  readonly heartbeatIntervalMs: number | null;
  now(): number;
  /** The view the pruner sees after a report; null keeps the ask-time view (deterministic mode). */
  refreshView(trialNumber: number): Promise<StudyView | null>;
}

/** Hidden hooks the study uses; not part of the public API. */
export const trialInternals: unique symbol = Symbol('lrdist.search.trialInternals');

/** The study's side of a trial. */
export interface TrialInternals {
  /** Writes pending params together with `update` (a finish, usually) and stops heartbeats. */
  finish(update: NonNullable<TrialUpdate['finish']>): Promise<void>;
  readonly view: StudyView;
  /** Marks the trial finished locally without writing (it was finished elsewhere). */
  markFinished(): void;
}

/**
 * A running trial, handed to the objective: define-by-run suggestions, intermediate reports and
 * pruning. Suggestions are synchronous: they sample from the snapshot of the study taken at `ask()`
 * and are kept here until the next write (`report`, `setUserAttr`, `flush`, or the study's `tell`),
 * so a crashed worker loses only its unfinished trial.
 */
export class Trial {
  /** 0-based number of the trial in its study. */
  readonly number: number;
  readonly #host: TrialHost;
  #view: StudyView;
  readonly #askView: StudyView;
  readonly #params: StoredParam[] = [];
  #pending: StoredParam[] = [];
  readonly #fixed: Readonly<Record<string, ParamValue>>;
  readonly #relative: Readonly<Record<string, ParamValue>>;
  readonly #relativeSpace: SearchSpace;
  readonly #reports: IntermediateValue[];
  #userAttrs: Record<string, JsonValue>;
  readonly #systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly #startedAt: number | null;
  readonly #workerId: string | null;
  #finished = false;
  #writes: Promise<void> = Promise.resolve();
  #heartbeat: ReturnType<typeof setInterval> | null = null;

  /** Built by `Study.ask()`. */
  constructor(host: TrialHost, started: FrozenTrial, view: StudyView) {
    this.#host = host;
    this.number = started.number;
    this.#view = view;
    this.#askView = view;
    this.#fixed = fixedParamsOf(started.systemAttrs);
    this.#reports = [...started.intermediateValues];
    this.#userAttrs = { ...started.userAttrs };
    this.#systemAttrs = started.systemAttrs;
    this.#startedAt = started.startedAt;
    this.#workerId = started.workerId;
    for (const [name, value] of Object.entries(started.params)) {
      this.#params.push({ name, value, distribution: started.distributions[name] as ParamDistribution });
    }
    // Relative (joint) sampling happens once, at ask time, as in Optuna.
    const frozen = this.toFrozen();
    this.#relativeSpace = host.sampler.inferRelativeSearchSpace(view, frozen);
    this.#relative = Object.keys(this.#relativeSpace).length > 0 ? host.sampler.sampleRelative(view, frozen, this.#relativeSpace) : {};
    if (host.heartbeatIntervalMs !== null) {
      this.#heartbeat = setInterval(() => this.#beat(), host.heartbeatIntervalMs);
      this.#heartbeat.unref();
    }
  }

  /** The study's name. */
  get studyName(): string {
    return this.#host.studyName;
  }

  /** Params suggested so far, in suggestion order. */
  get params(): Readonly<Record<string, ParamValue>> {
    return Object.fromEntries(this.#params.map((p) => [p.name, p.value]));
  }

  /** Distributions of the params suggested so far. */
  get distributions(): Readonly<Record<string, ParamDistribution>> {
    return Object.fromEntries(this.#params.map((p) => [p.name, p.distribution]));
  }

  /** Params fixed by `enqueueTrial` (suggestions return them instead of sampling). */
  get fixedParams(): Readonly<Record<string, ParamValue>> {
    return this.#fixed;
  }

  /** Reports so far, by step. */
  get intermediateValues(): readonly IntermediateValue[] {
    return [...this.#reports];
  }

  /** User attributes as last set through this trial. */
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return { ...this.#userAttrs };
  }

  /** Whether the study has told this trial's outcome. */
  get isFinished(): boolean {
    return this.#finished;
  }

  /** A float in [low, high]; `log` samples in log space, `step` on a grid from `low`. */
  suggestFloat(name: string, low: number, high: number, options: FloatDistributionOptions = {}): number {
    return this.suggest(name, floatDistribution(low, high, options, name)) as number;
  }

  /** An integer in [low, high] on the grid `low + k * step`; `log` samples in log space. */
  suggestInt(name: string, low: number, high: number, options: IntDistributionOptions = {}): number {
    return this.suggest(name, intDistribution(low, high, options, name)) as number;
  }

  /** One of `choices`. */
  suggestCategorical<const T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
    return this.suggest(name, categoricalDistribution(choices, name)) as T;
  }

  /** Every parameter of a space (from `defineSearchSpace` or `parseSearchSpace`), typed. */
  suggestAll<S extends SearchSpace>(space: S): ParamsOf<S> {
    const out: Record<string, ParamValue> = {};
    for (const [name, dist] of Object.entries(space)) out[name] = this.suggest(name, dist);
    return out as ParamsOf<S>;
  }

  /**
   * A value for `name` from `distribution`: the value already suggested under this name (the
   * distribution must then be the same), else the enqueued fixed value, else the sampler's proposal.
   */
  suggest(name: string, distribution: ParamDistribution): ParamValue {
    this.#assertRunning('suggest');
    const existing = this.#params.find((p) => p.name === name);
    if (existing !== undefined) {
      if (!distributionsEqual(existing.distribution, distribution)) {
        throw new InvalidParamError(
          `trial ${this.number}: parameter '${name}' was suggested from ${describeDistribution(existing.distribution)}, got ${describeDistribution(distribution)}`,
        );
      }
      return existing.value;
    }
    let value: ParamValue;
    let source: string;
    if (isSingleValue(distribution)) {
      value = distribution.kind === 'categorical' ? (distribution.choices[0] as CategoricalChoice) : distribution.low;
      source = 'single-value distribution';
    } else if (Object.hasOwn(this.#fixed, name)) {
      value = this.#fixed[name] as ParamValue;
      source = 'enqueued fixed params';
    } else if (Object.hasOwn(this.#relative, name) && sameDistribution(this.#relativeSpace[name], distribution)) {
      value = this.#relative[name] as ParamValue;
      source = `sampler '${this.#host.sampler.name}' (relative)`;
    } else {
      // Always the ask-time view: what a trial samples from must not depend on when it reported.
      value = this.#host.sampler.sampleIndependent(this.#askView, this.toFrozen(), name, distribution);
      source = `sampler '${this.#host.sampler.name}'`;
    }
    if (!contains(distribution, value)) {
      throw new InvalidParamError(
        `trial ${this.number}: parameter '${name}' must lie in ${describeDistribution(distribution)}, got ${JSON.stringify(value)} from ${source}`,
      );
    }
    const param: StoredParam = { name, value, distribution };
    this.#params.push(param);
    this.#pending.push(param);
    return value;
  }

  /**
   * Records an intermediate value (one per objective for multi-objective pruning, or one) at `step`
   * and writes it with any pending params; `shouldPrune()` then decides from a refreshed view. A
   * step reported twice keeps the first value.
   */
  async report(step: number, value: ObjectiveValues): Promise<void> {
    this.#assertRunning('report');
    const values = toValueArray(value);
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new InvalidValuesError(`trial ${this.number}: \`step\` must be an integer >= 0, got ${step}`);
    }
    const k = this.#host.directions.length;
    if ((values.length !== 1 && values.length !== k) || values.some((v) => typeof v !== 'number')) {
      throw new InvalidValuesError(
        `trial ${this.number}: \`value\` must be a number${k > 1 ? ` or ${k} numbers` : ''}, got ${JSON.stringify(value)}`,
      );
    }
    if (!this.#reports.some((r) => r.step === step)) {
      this.#reports.push({ step, values: [...values] });
      this.#reports.sort((a, b) => a.step - b.step);
    }
    await this.#write({ reports: [{ step, values: [...values] }] });
    const fresh = await this.#host.refreshView(this.number);
    if (fresh !== null) this.#view = fresh;
  }

  /** Whether the study's pruner says to stop now (false without a pruner or before any report). */
  shouldPrune(): boolean {
    this.#assertRunning('shouldPrune');
    const pruner = this.#host.pruner;
    if (pruner === null || this.#reports.length === 0) return false;
    return pruner.prune(this.#view, this.toFrozen());
  }

  /** Throws the signal `optimize` records as a pruned trial. */
  prune(): never {
    throw new TrialPrunedError(`trial ${this.number} pruned at step ${this.#reports.at(-1)?.step ?? 'none'}`);
  }

  /** Sets a user attribute (JSON data) and writes it with any pending params. */
  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    this.#assertRunning('setUserAttr');
    this.#userAttrs[key] = value;
    await this.#write({ userAttrs: { [key]: value } });
  }

  /** Writes pending params now (they are otherwise written at the next report or at tell). */
  async flush(): Promise<void> {
    await this.#write({});
  }

  /** A snapshot of the trial as this worker knows it. */
  toFrozen(): FrozenTrial {
    return {
      number: this.number,
      state: 'running',
      values: null,
      params: this.params,
      distributions: this.distributions,
      intermediateValues: this.intermediateValues,
      userAttrs: this.userAttrs,
      systemAttrs: this.#systemAttrs,
      startedAt: this.#startedAt,
      completedAt: null,
      failReason: null,
      heartbeatAt: null,
      workerId: this.#workerId,
    };
  }

  /** @internal */
  get [trialInternals](): TrialInternals {
    return {
      view: this.#askView,
      finish: async (finish) => {
        this.#assertRunning('tell');
        this.#finished = true;
        this.#stopHeartbeat();
        try {
          await this.#write({ finish });
        } catch (error) {
          if (!(error instanceof TrialFinishedError)) this.#finished = false;
          throw error;
        }
      },
      markFinished: () => {
        this.#finished = true;
        this.#stopHeartbeat();
      },
    };
  }

  #write(update: Omit<TrialUpdate, 'params'>): Promise<void> {
    const run = async (): Promise<void> => {
      const batch = this.#pending;
      this.#pending = [];
      try {
        await this.#host.storage.updateTrial(this.#host.studyName, this.number, { ...update, params: batch });
      } catch (error) {
        this.#pending = [...batch, ...this.#pending];
        throw error;
      }
    };
    const next = this.#writes.then(run, run);
    this.#writes = next.catch(() => undefined);
    return next;
  }

  #beat(): void {
    if (this.#finished) return;
    this.#write({ heartbeatAt: this.#host.now() }).catch((error: unknown) => {
      // Reaped as stale (a long stall): stop beating; the objective learns it at tell().
      if (error instanceof TrialFinishedError) this.#stopHeartbeat();
    });
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }

  #assertRunning(what: string): void {
    if (this.#finished) throw new TrialFinishedError(`trial ${this.number}: cannot ${what}, the trial is already finished`);
  }
}

function sameDistribution(a: ParamDistribution | undefined, b: ParamDistribution): boolean {
  return a !== undefined && distributionsEqual(a, b);
}

function contains(dist: ParamDistribution, value: ParamValue): boolean {
  if (dist.kind === 'categorical') {
    try {
      toInternal(dist, value);
      return true;
    } catch {
      return false;
    }
  }
  return typeof value === 'number' && containsInternal(dist, value);
}
