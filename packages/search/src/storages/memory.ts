import { StorageError } from '../errors.js';
import type { FrozenTrial, JsonValue } from '../trial/frozen-trial.js';
import type { Operation } from './operations.js';
import { planCreateStudy, planEnqueue, planReap, planRelease, planStart, planUpdate, startedNumber, touchedNumbers } from './plans.js';
import type {
  NewStudy,
  NewWaitingTrial,
  ReapStaleOptions,
  Storage,
  StoredStudy,
  StudySummary,
  TrialClaim,
  TrialQuery,
  TrialUpdate,
} from './storage.js';
import { StorageState } from './storage-state.js';

/**
 * A storage in this process's memory: fastest, gone when the process ends. Every call completes in
 * one synchronous step, so concurrent `optimize` slots cannot interleave inside one.
 */
export function createMemoryStorage(): Storage {
  const state = new StorageState();
  let closed = false;
  const run = (ops: readonly Operation[]): void => {
    if (closed) throw new StorageError('the memory storage is closed');
    for (const op of ops) state.check(op);
    for (const op of ops) state.apply(op);
  };
  const read = <T>(f: () => T): Promise<T> => {
    if (closed) return Promise.reject(new StorageError('the memory storage is closed'));
    try {
      return Promise.resolve(f());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
  return {
    description: 'memory',
    createStudy: (study: NewStudy): Promise<StoredStudy> =>
      read(() => {
        run(planCreateStudy(study));
        return state.getStudy(study.studyName);
      }),
    getStudy: (name: string): Promise<StoredStudy> => read(() => state.getStudy(name)),
    listStudies: (): Promise<StudySummary[]> => read(() => state.listStudies()),
    deleteStudy: (name: string): Promise<void> => read(() => run([{ op: 'deleteStudy', study: name }])),
    setStudyAttrs: (name: string, attrs: { user?: Record<string, JsonValue>; system?: Record<string, JsonValue> }): Promise<void> =>
      read(() => run([{ op: 'setStudyAttrs', study: name, user: attrs.user ?? {}, system: attrs.system ?? {} }])),
    enqueueTrial: (name: string, trial: NewWaitingTrial): Promise<FrozenTrial> =>
      read(() => {
        const ops = planEnqueue(state, name, trial);
        run(ops);
        return state.getTrial(name, startedNumber(ops));
      }),
    startTrial: (name: string, claim: TrialClaim): Promise<FrozenTrial> =>
      read(() => {
        const ops = planStart(state, name, claim);
        run(ops);
        return state.getTrial(name, startedNumber(ops));
      }),
    updateTrial: (name: string, number: number, update: TrialUpdate): Promise<void> =>
      read(() => run(planUpdate(state, name, number, update))),
    releaseTrial: (name: string, number: number): Promise<void> => read(() => run(planRelease(name, number, Date.now()))),
    reapStaleTrials: (name: string, options: ReapStaleOptions): Promise<FrozenTrial[]> =>
      read(() => {
        const ops = planReap(state, name, options);
        run(ops);
        return touchedNumbers(ops).map((n) => state.getTrial(name, n));
      }),
    getTrial: (name: string, number: number): Promise<FrozenTrial> => read(() => state.getTrial(name, number)),
    getTrials: (name: string, query?: TrialQuery): Promise<FrozenTrial[]> => read(() => state.getTrials(name, query)),
    close: (): Promise<void> => {
      closed = true;
      return Promise.resolve();
    },
  };
}
