import { hostname } from 'node:os';
import { InvalidOptionsError } from '../errors.js';
import type { Pruner } from '../pruners/pruner.js';
import type { Sampler } from '../samplers/sampler.js';
import type { StaleTrialAction, Storage } from '../storages/storage.js';
import type { JsonValue, StudyDirection } from '../trial/frozen-trial.js';

/** Heartbeats of running trials, and what live workers do with trials whose worker died. */
export interface HeartbeatOptions {
  /** Milliseconds between two heartbeats of a running trial. Default 60_000. */
  intervalMs?: number;
  /** A running trial whose last heartbeat is older than this is stale. Default 2 x `intervalMs` (as Optuna's grace period). */
  staleAfterMs?: number;
  /** `fail`: mark stale trials failed; `requeue`: put them back to `waiting` with the params they had. Default `fail`. */
  onStale?: StaleTrialAction;
  /**
   * Says whether the worker that runs a trial is known to be gone (its process ended), so that its
   * trials count as stale at once instead of after `staleAfterMs`: a run restarted right after a
   * crash then resumes without waiting. `localWorkerGone` knows the default worker ids of this
   * machine. Default none: only heartbeat age counts.
   */
  isWorkerGone?: ((workerId: string) => boolean) | null;
}

/** Settings of the worker that opens a study (not stored with the study). */
export interface StudyOptions {
  /** Where the study lives. Default: a new in-memory storage. */
  storage?: Storage;
  /** How params are proposed. Default: `DEFAULT_SAMPLER({ seed })`. */
  sampler?: Sampler;
  /** Seed of the default sampler (give a seeded sampler instead when you pass `sampler`). Default: random. */
  seed?: number;
  /** Early stopping of trials. Default: none. */
  pruner?: Pruner | null;
  /** Heartbeats and stale-trial recovery. Default: none (a dead worker's trial stays `running`). */
  heartbeat?: HeartbeatOptions | null;
  /** Identifies this worker in trials. Default: `<host>:<pid>:<random>`. */
  workerId?: string;
  /** Clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** How often a worker waiting for earlier trials (deterministic mode) polls the storage. Default 100 ms. */
  pollIntervalMs?: number;
  /**
   * Called when a worker in deterministic mode starts waiting for earlier trials, and whenever the
   * set it waits for changes, so that a silent wait can say what it waits for. Default none.
   */
  onWait?: ((event: WaitEvent) => void) | null;
}

/** What a worker in deterministic mode waits for before its trial may sample. */
export interface WaitEvent {
  /** The trial this worker claimed. */
  readonly trial: number;
  /** Unfinished earlier trials it must learn from, with their state and worker. */
  readonly waitingFor: readonly { readonly number: number; readonly state: string; readonly workerId: string | null }[];
}

/** Reproducible parallel runs: trial n learns from exactly the finished trials numbered <= n - lag. */
export interface DeterministicOptions {
  /** How many trials may run at once without waiting; set it to the total number of concurrent workers. */
  lag: number;
}

/** Options of `createStudy`. */
export interface CreateStudyOptions extends StudyOptions {
  /** Default: `study-<uuid>`. */
  studyName?: string;
  /** One objective's direction. Default `minimize`. */
  direction?: StudyDirection;
  /** One direction per objective (instead of `direction`). */
  directions?: readonly StudyDirection[];
  /** Open the study if it exists (its directions must match). Default false. */
  loadIfExists?: boolean;
  /** Stored with the study so that every worker, in any process, samples reproducibly. Default none. */
  deterministic?: DeterministicOptions | null;
  /** User attributes stored with a new study. Default none. */
  userAttrs?: Readonly<Record<string, JsonValue>>;
}

/** Options of `loadStudy`. */
export interface LoadStudyOptions extends StudyOptions {
  studyName: string;
  storage: Storage;
}

/** Study system attribute holding the deterministic lag. */
export const DETERMINISTIC_LAG_ATTR = 'deterministicLag';

/** Resolved heartbeat settings. */
export interface ResolvedHeartbeat {
  readonly intervalMs: number;
  readonly staleAfterMs: number;
  readonly onStale: StaleTrialAction;
  readonly isWorkerGone: ((workerId: string) => boolean) | null;
}

/** Validates heartbeat options and fills in defaults. */
export function resolveHeartbeat(options: HeartbeatOptions | null | undefined): ResolvedHeartbeat | null {
  if (options === null || options === undefined) return null;
  const intervalMs = options.intervalMs ?? 60_000;
  const staleAfterMs = options.staleAfterMs ?? 2 * intervalMs;
  const onStale = options.onStale ?? 'fail';
  if (!(Number.isFinite(intervalMs) && intervalMs > 0)) {
    throw new InvalidOptionsError(`\`heartbeat.intervalMs\` must be a positive number, got ${intervalMs}`);
  }
  if (!(Number.isFinite(staleAfterMs) && staleAfterMs > intervalMs)) {
    throw new InvalidOptionsError(
      `\`heartbeat.staleAfterMs\` must be greater than \`heartbeat.intervalMs\` (${intervalMs}), got ${staleAfterMs}`,
    );
  }
  if (onStale !== 'fail' && onStale !== 'requeue') {
    throw new InvalidOptionsError(`\`heartbeat.onStale\` must be 'fail' or 'requeue', got ${JSON.stringify(onStale)}`);
  }
  const isWorkerGone = options.isWorkerGone ?? null;
  if (isWorkerGone !== null && typeof isWorkerGone !== 'function') {
    throw new InvalidOptionsError('`heartbeat.isWorkerGone` must be a function of a worker id');
  }
  return { intervalMs, staleAfterMs, onStale, isWorkerGone };
}

/**
 * Whether a worker id of the form `<host>:<pid>[:...]` (the default ids, and `pnpm bench`'s) names a
 * process of this machine that no longer runs. Ids of other hosts, or of other forms, are never
 * judged gone: their heartbeats decide.
 */
export function localWorkerGone(workerId: string): boolean {
  const [host, pidText] = workerId.split(':');
  if (host !== hostname() || pidText === undefined || !/^\d+$/.test(pidText)) return false;
  const pid = Number(pidText);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Validates `direction` / `directions`. */
export function resolveDirections(options: CreateStudyOptions): readonly StudyDirection[] {
  if (options.direction !== undefined && options.directions !== undefined) {
    throw new InvalidOptionsError('give either `direction` or `directions`, not both');
  }
  const directions = options.directions ?? [options.direction ?? 'minimize'];
  if (directions.length === 0) throw new InvalidOptionsError('`directions` must not be empty');
  directions.forEach((d, i) => {
    if (d !== 'minimize' && d !== 'maximize') {
      throw new InvalidOptionsError(`\`directions[${i}]\` must be 'minimize' or 'maximize', got ${JSON.stringify(d)}`);
    }
  });
  return Object.freeze([...directions]);
}

/** Validates a deterministic lag. */
export function checkLag(lag: unknown, field: string): number {
  if (typeof lag !== 'number' || !Number.isSafeInteger(lag) || lag < 1) {
    throw new InvalidOptionsError(`\`${field}\` must be an integer >= 1, got ${JSON.stringify(lag)}`);
  }
  return lag;
}
