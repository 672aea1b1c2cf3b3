import { StorageError, StudyExistsError, StudyNotFoundError, TrialNotFoundError, TrialStateError } from '../errors.js';
import type { FrozenTrial, IntermediateValue, JsonValue, TrialState } from '../trial/frozen-trial.js';
import { FIXED_PARAMS_ATTR, REQUEUE_COUNT_ATTR, fixedParamsOf, type Operation } from './operations.js';
import type { StoredParam, StoredStudy, StudySummary, TrialQuery } from './storage.js';
import { checkFinish, checkJson, checkNotFinished, checkParams, checkReleasable, checkReport, checkRunning } from './validation.js';

interface TrialEntry {
  readonly number: number;
  state: TrialState;
  values: readonly number[] | null;
  params: StoredParam[];
  intermediate: IntermediateValue[];
  userAttrs: Readonly<Record<string, JsonValue>>;
  systemAttrs: Readonly<Record<string, JsonValue>>;
  startedAt: number | null;
  completedAt: number | null;
  failReason: string | null;
  heartbeatAt: number | null;
  workerId: string | null;
  /** Cached snapshot, valid until the next change (finished trials keep theirs forever). */
  frozen: FrozenTrial | null;
}

interface StudyEntry {
  study: StoredStudy;
  readonly trials: TrialEntry[];
}

const EMPTY_COUNTS: Readonly<Record<TrialState, number>> = { waiting: 0, running: 0, complete: 0, pruned: 0, failed: 0 };

/** Deep-frozen copy of JSON data, so snapshots can share it safely. */
export function freezeJson<T extends JsonValue | Readonly<Record<string, JsonValue>>>(value: T): T {
  const copy = structuredClone(value);
  const freeze = (v: unknown): void => {
    if (v !== null && typeof v === 'object') {
      Object.freeze(v);
      for (const child of Object.values(v)) freeze(child);
    }
  };
  freeze(copy);
  return copy;
}

/**
 * The state of every study as the in-memory and journal storages hold it, changed only through
 * {@link Operation}s. `check` enforces the storage contract's rules (the same errors every storage
 * throws); `apply` checks and then changes.
 */
export class StorageState {
  private readonly studies = new Map<string, StudyEntry>();

  hasStudy(name: string): boolean {
    return this.studies.has(name);
  }

  getStudy(name: string): StoredStudy {
    return this.entry(name).study;
  }

  listStudies(): StudySummary[] {
    return [...this.studies.values()].map(({ study, trials }) => {
      const trialCounts = { ...EMPTY_COUNTS };
      for (const t of trials) trialCounts[t.state]++;
      return { ...study, trialCounts };
    });
  }

  trialCount(name: string): number {
    return this.entry(name).trials.length;
  }

  getTrial(name: string, number: number): FrozenTrial {
    return this.freeze(this.trial(name, number));
  }

  getTrials(name: string, query: TrialQuery = {}): FrozenTrial[] {
    const { trials } = this.entry(name);
    const from = Math.max(0, query.minNumber ?? 0);
    const to = Math.min(trials.length - 1, query.maxNumber ?? Number.POSITIVE_INFINITY);
    const out: FrozenTrial[] = [];
    for (let i = from; i <= to; i++) {
      const t = trials[i] as TrialEntry;
      if (query.states === undefined || query.states.includes(t.state)) out.push(this.freeze(t));
    }
    return out;
  }

  /** The lowest-numbered waiting trial, if any. */
  oldestWaiting(name: string): number | null {
    const t = this.entry(name).trials.find((x) => x.state === 'waiting');
    return t === undefined ? null : t.number;
  }

  /** Running trials whose last heartbeat is older than `staleBefore`. */
  staleTrials(name: string, staleBefore: number, goneWorkers: readonly string[] = []): FrozenTrial[] {
    return this.entry(name)
      .trials.filter(
        (t) =>
          t.state === 'running' &&
          ((t.heartbeatAt !== null && t.heartbeatAt < staleBefore) || (t.workerId !== null && goneWorkers.includes(t.workerId))),
      )
      .map((t) => this.freeze(t));
  }

  /** Throws the error the storage contract prescribes if `op` cannot be applied now. */
  check(op: Operation): void {
    switch (op.op) {
      case 'createStudy':
        if (op.study.length === 0) throw new StorageError('`studyName` must not be empty');
        if (this.studies.has(op.study)) throw new StudyExistsError(`study '${op.study}' already exists`);
        if (op.directions.length === 0) throw new StorageError(`study '${op.study}': \`directions\` must not be empty`);
        checkJson(op.userAttrs, 'userAttrs');
        checkJson(op.systemAttrs, 'systemAttrs');
        return;
      case 'deleteStudy':
        this.entry(op.study);
        return;
      case 'setStudyAttrs':
        this.entry(op.study);
        checkJson(op.user, 'userAttrs');
        checkJson(op.system, 'systemAttrs');
        return;
      case 'createTrial': {
        const n = this.entry(op.study).trials.length;
        if (op.number !== n) {
          throw new StorageError(`study '${op.study}': trial \`number\` must be ${n} (the next number), got ${op.number}`);
        }
        checkJson(op.userAttrs, 'userAttrs');
        checkJson(op.systemAttrs, 'systemAttrs');
        return;
      }
      case 'claimTrial': {
        const t = this.trial(op.study, op.number);
        checkNotFinished(op.study, t.number, t.state);
        if (t.state !== 'waiting')
          throw new TrialStateError(`trial ${t.number} of study '${op.study}' must be waiting to be claimed, got ${t.state}`);
        return;
      }
      case 'setTrialAttrs': {
        const t = this.trial(op.study, op.number);
        checkNotFinished(op.study, t.number, t.state);
        checkJson(op.user, 'userAttrs');
        checkJson(op.system, 'systemAttrs');
        return;
      }
      case 'setParams': {
        const t = this.running(op.study, op.number);
        checkParams(op.study, t.number, t.params, op.params);
        return;
      }
      case 'report':
        checkReport(op.study, this.running(op.study, op.number).number, op.step, op.values, this.entry(op.study).study.directions.length);
        return;
      case 'heartbeat':
        this.running(op.study, op.number);
        return;
      case 'finishTrial':
        checkFinish(
          op.study,
          this.running(op.study, op.number).number,
          { ...op, now: op.at },
          this.entry(op.study).study.directions.length,
        );
        return;
      case 'requeueTrial': {
        const t = this.trial(op.study, op.number);
        if (op.reason === 'released') checkReleasable(op.study, t.number, t.state, t.params.length, t.intermediate.length);
        else checkRunning(op.study, t.number, t.state);
        return;
      }
    }
  }

  /** Checks `op` and applies it. */
  apply(op: Operation): void {
    this.check(op);
    switch (op.op) {
      case 'createStudy':
        this.studies.set(op.study, {
          study: {
            studyName: op.study,
            directions: Object.freeze([...op.directions]),
            userAttrs: freezeJson(op.userAttrs),
            systemAttrs: freezeJson(op.systemAttrs),
            createdAt: op.at,
          },
          trials: [],
        });
        return;
      case 'deleteStudy':
        this.studies.delete(op.study);
        return;
      case 'setStudyAttrs': {
        const entry = this.entry(op.study);
        entry.study = {
          ...entry.study,
          userAttrs: freezeJson({ ...entry.study.userAttrs, ...op.user }),
          systemAttrs: freezeJson({ ...entry.study.systemAttrs, ...op.system }),
        };
        return;
      }
      case 'createTrial':
        this.entry(op.study).trials.push({
          number: op.number,
          state: op.state,
          values: null,
          params: [],
          intermediate: [],
          userAttrs: freezeJson(op.userAttrs),
          systemAttrs: freezeJson(op.systemAttrs),
          startedAt: op.state === 'running' ? op.at : null,
          completedAt: null,
          failReason: null,
          heartbeatAt: op.state === 'running' && op.heartbeat ? op.at : null,
          workerId: op.workerId,
          frozen: null,
        });
        return;
      case 'claimTrial':
        this.change(op.study, op.number, (t) => {
          t.state = 'running';
          t.startedAt = op.at;
          t.workerId = op.workerId;
          t.heartbeatAt = op.heartbeat ? op.at : null;
        });
        return;
      case 'setParams':
        this.change(op.study, op.number, (t) => {
          for (const p of op.params) if (!t.params.some((q) => q.name === p.name)) t.params.push(p);
        });
        return;
      case 'setTrialAttrs':
        this.change(op.study, op.number, (t) => {
          t.userAttrs = freezeJson({ ...t.userAttrs, ...op.user });
          t.systemAttrs = freezeJson({ ...t.systemAttrs, ...op.system });
        });
        return;
      case 'report':
        this.change(op.study, op.number, (t) => {
          if (t.intermediate.some((r) => r.step === op.step)) return;
          t.intermediate.push({ step: op.step, values: Object.freeze([...op.values]) });
          t.intermediate.sort((a, b) => a.step - b.step);
        });
        return;
      case 'heartbeat':
        this.change(op.study, op.number, (t) => {
          t.heartbeatAt = op.at;
        });
        return;
      case 'finishTrial':
        this.change(op.study, op.number, (t) => {
          t.state = op.state;
          t.values = op.values === null ? null : Object.freeze([...op.values]);
          t.failReason = op.failReason;
          t.completedAt = op.at;
        });
        return;
      case 'requeueTrial':
        this.change(op.study, op.number, (t) => {
          if (op.reason === 'stale') {
            const fixed = { ...fixedParamsOf(t.systemAttrs) };
            for (const p of t.params) fixed[p.name] = p.value;
            const count = t.systemAttrs[REQUEUE_COUNT_ATTR];
            t.systemAttrs = freezeJson({
              ...t.systemAttrs,
              [FIXED_PARAMS_ATTR]: fixed,
              [REQUEUE_COUNT_ATTR]: (typeof count === 'number' ? count : 0) + 1,
            });
          }
          t.state = 'waiting';
          t.params = [];
          t.intermediate = [];
          t.startedAt = null;
          t.heartbeatAt = null;
          t.workerId = null;
        });
        return;
    }
  }

  private change(study: string, number: number, mutate: (t: TrialEntry) => void): void {
    const t = this.trial(study, number);
    mutate(t);
    t.frozen = null;
  }

  private entry(name: string): StudyEntry {
    const e = this.studies.get(name);
    if (e === undefined) throw new StudyNotFoundError(`study '${name}' does not exist`);
    return e;
  }

  private trial(study: string, number: number): TrialEntry {
    const t = this.entry(study).trials[number];
    if (t === undefined || !Number.isInteger(number)) {
      throw new TrialNotFoundError(`study '${study}' has no trial ${number}`);
    }
    return t;
  }

  private running(study: string, number: number): TrialEntry {
    const t = this.trial(study, number);
    checkRunning(study, t.number, t.state);
    return t;
  }

  private freeze(t: TrialEntry): FrozenTrial {
    if (t.frozen !== null) return t.frozen;
    const params: Record<string, StoredParam['value']> = {};
    const distributions: Record<string, StoredParam['distribution']> = {};
    for (const p of t.params) {
      params[p.name] = p.value;
      distributions[p.name] = p.distribution;
    }
    t.frozen = Object.freeze({
      number: t.number,
      state: t.state,
      values: t.values,
      params: Object.freeze(params),
      distributions: Object.freeze(distributions),
      intermediateValues: Object.freeze([...t.intermediate]),
      userAttrs: t.userAttrs,
      systemAttrs: t.systemAttrs,
      startedAt: t.startedAt,
      completedAt: t.completedAt,
      failReason: t.failReason,
      heartbeatAt: t.heartbeatAt,
      workerId: t.workerId,
    });
    return t.frozen;
  }
}
