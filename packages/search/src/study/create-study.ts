import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { InvalidOptionsError, StudyExistsError, StudyMismatchError } from '../errors.js';
import { createMemoryStorage } from '../storages/memory.js';
import type { StoredStudy, Storage } from '../storages/storage.js';
import { DEFAULT_SAMPLER } from './default-sampler.js';
import {
  DETERMINISTIC_LAG_ATTR,
  checkLag,
  resolveDirections,
  resolveHeartbeat,
  type CreateStudyOptions,
  type LoadStudyOptions,
  type StudyOptions,
} from './study-options.js';
import { Study } from './study.js';

/** Creates a study (or opens it with `loadIfExists`). */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  const storage = options.storage ?? createMemoryStorage();
  const directions = resolveDirections(options);
  const studyName = options.studyName ?? `study-${randomUUID()}`;
  if (studyName.length === 0) throw new InvalidOptionsError('`studyName` must not be empty');
  const lag = options.deterministic == null ? null : checkLag(options.deterministic.lag, 'deterministic.lag');
  const now = options.now ?? Date.now;
  let stored: StoredStudy;
  try {
    stored = await storage.createStudy({
      studyName,
      directions,
      userAttrs: options.userAttrs ?? {},
      systemAttrs: lag === null ? {} : { [DETERMINISTIC_LAG_ATTR]: lag },
      now: now(),
    });
  } catch (error) {
    if (!(error instanceof StudyExistsError) || options.loadIfExists !== true) throw error;
    stored = await storage.getStudy(studyName);
    const same = stored.directions.length === directions.length && stored.directions.every((d, i) => d === directions[i]);
    if (!same) {
      throw new StudyMismatchError(
        `study '${studyName}' in ${storage.description} has directions ${JSON.stringify(stored.directions)}, got ${JSON.stringify(directions)}`,
      );
    }
    const storedLag = storedLagOf(stored);
    if (options.deterministic !== undefined && storedLag !== lag) {
      throw new StudyMismatchError(
        `study '${studyName}' in ${storage.description} has deterministic lag ${String(storedLag)}, got ${String(lag)}`,
      );
    }
  }
  return open(stored, storage, options);
}

/** Opens an existing study by name (StudyNotFoundError if absent); its stored settings apply. */
export async function loadStudy(options: LoadStudyOptions): Promise<Study> {
  const stored = await options.storage.getStudy(options.studyName);
  return open(stored, options.storage, options);
}

function storedLagOf(stored: StoredStudy): number | null {
  const lag = stored.systemAttrs[DETERMINISTIC_LAG_ATTR];
  return lag === undefined || lag === null ? null : checkLag(lag, `study '${stored.studyName}' system attribute ${DETERMINISTIC_LAG_ATTR}`);
}

function open(stored: StoredStudy, storage: Storage, options: StudyOptions): Study {
  if (options.sampler !== undefined && options.seed !== undefined) {
    throw new InvalidOptionsError('`seed` seeds the default sampler: give it to your `sampler` instead');
  }
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  if (!(Number.isFinite(pollIntervalMs) && pollIntervalMs > 0)) {
    throw new InvalidOptionsError(`\`pollIntervalMs\` must be a positive number, got ${pollIntervalMs}`);
  }
  return new Study({
    studyName: stored.studyName,
    directions: stored.directions,
    storage,
    sampler: options.sampler ?? DEFAULT_SAMPLER(options.seed === undefined ? {} : { seed: options.seed }),
    pruner: options.pruner ?? null,
    deterministicLag: storedLagOf(stored),
    heartbeat: resolveHeartbeat(options.heartbeat),
    workerId: options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    now: options.now ?? Date.now,
    pollIntervalMs,
    onWait: options.onWait ?? null,
  });
}
