import { resolve } from 'node:path';
import { InvalidOptionsError, JournalCorruptError, SearchError, StorageError } from '../../errors.js';
import type { FrozenTrial, JsonValue } from '../../trial/frozen-trial.js';
import { describeZodError } from '@lrdist/core';
import type { Operation } from '../operations.js';
import { planCreateStudy, planEnqueue, planReap, planRelease, planStart, planUpdate, startedNumber, touchedNumbers } from '../plans.js';
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
} from '../storage.js';
import { StorageState } from '../storage-state.js';
import { FileLock } from './file-lock.js';
import { JournalFile, type JournalTextLine } from './journal-file.js';
import { journalLineSchema, lineToOperation, operationToLine } from './schemas.js';

/** Something a journal reader noticed and skipped without failing. */
export interface JournalWarning {
  /** `torn-tail`: the last line was cut short (a writer killed mid-append); it is skipped and later cut off. */
  readonly kind: 'torn-tail';
  readonly path: string;
  /** 1-based number the torn line would have had. */
  readonly line: number;
  readonly bytes: number;
  /** Its first characters. */
  readonly preview: string;
  readonly message: string;
}

/** Options of {@link createJournalStorage}. */
export interface JournalStorageOptions {
  /** The journal file (created if absent). Its lock file is `<path>.lock`. */
  path: string;
  /** Called once per torn tail found. Default: none (they are listed in `warnings`). */
  onWarning?: (warning: JournalWarning) => void;
  /** fsync after every append, so an acknowledged write survives a power loss. Default true. */
  fsync?: boolean;
  /** Longest wait for the lock before a StorageError. Default 30_000 ms. */
  lockTimeoutMs?: number;
  /** Bytes per write call: a huge line (big attributes) goes out in several. Default 262_144. */
  writeChunkBytes?: number;
}

/** A journal-file storage, with what its reader noticed. */
export interface JournalStorage extends Storage {
  readonly path: string;
  /** Torn tails found so far (skipped, never fatal). */
  readonly warnings: readonly JournalWarning[];
}

/**
 * Opens a journal storage: an append-only file of JSON lines, one operation per line, replayed into
 * memory on open and then incrementally (only the new tail is read). Several processes on one
 * machine can share it: every change is appended under a lock file after catching up with the
 * file, so trial numbers and state changes are decided on the latest state. A torn last line is
 * reported and skipped; a bad line anywhere else is a JournalCorruptError naming file:line.
 * The design follows Optuna's JournalStorage (optuna/storages/_journal), with validated lines,
 * stale-lock takeover and torn-tail repair added.
 */
export async function createJournalStorage(options: JournalStorageOptions): Promise<JournalStorage> {
  const path = resolve(options.path);
  const file = await JournalFile.open(path);
  const storage = new JournalStorageImpl(path, file, options);
  try {
    await storage.openReplay();
  } catch (error) {
    await file.close();
    throw error;
  }
  return storage;
}

class JournalStorageImpl implements JournalStorage {
  readonly path: string;
  readonly description: string;
  readonly warnings: JournalWarning[] = [];
  readonly #file: JournalFile;
  readonly #lock: FileLock;
  readonly #state = new StorageState();
  readonly #fsync: boolean;
  readonly #chunkBytes: number;
  readonly #onWarning: ((w: JournalWarning) => void) | undefined;
  /** In-process queue: one replay or append at a time per handle. */
  #queue: Promise<unknown> = Promise.resolve();
  #tornReportedAtLine = -1;
  #closed = false;
  /** An append failed part-way: what is on disk is unknown here, so this handle refuses further work. */
  #broken = false;

  constructor(path: string, file: JournalFile, options: JournalStorageOptions) {
    this.path = path;
    this.description = `journal:${path}`;
    this.#file = file;
    this.#lock = new FileLock({
      path: `${path}.lock`,
      ...(options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs }),
    });
    this.#fsync = options.fsync ?? true;
    this.#chunkBytes = options.writeChunkBytes ?? 262_144;
    if (!Number.isSafeInteger(this.#chunkBytes) || this.#chunkBytes < 1) {
      throw new InvalidOptionsError(`\`writeChunkBytes\` must be a positive integer, got ${this.#chunkBytes}`);
    }
    this.#onWarning = options.onWarning;
  }

  /** First replay, under the lock so that a partial last line is known to be torn, not in progress. */
  openReplay(): Promise<void> {
    return this.#serial(async () => {
      await this.#lock.acquire();
      try {
        await this.#catchUp();
        await this.#noticeTorn();
      } finally {
        await this.#lock.release();
      }
    });
  }

  createStudy(study: NewStudy): Promise<StoredStudy> {
    return this.#write(
      () => planCreateStudy(study),
      (s) => s.getStudy(study.studyName),
    );
  }

  getStudy(name: string): Promise<StoredStudy> {
    return this.#read((s) => s.getStudy(name));
  }

  listStudies(): Promise<StudySummary[]> {
    return this.#read((s) => s.listStudies());
  }

  deleteStudy(name: string): Promise<void> {
    return this.#write(
      (s) => {
        s.getStudy(name);
        return [{ op: 'deleteStudy', study: name }];
      },
      () => undefined,
    );
  }

  setStudyAttrs(name: string, attrs: { user?: Record<string, JsonValue>; system?: Record<string, JsonValue> }): Promise<void> {
    return this.#write(
      () => [{ op: 'setStudyAttrs', study: name, user: attrs.user ?? {}, system: attrs.system ?? {} }],
      () => undefined,
    );
  }

  enqueueTrial(name: string, trial: NewWaitingTrial): Promise<FrozenTrial> {
    let number = -1;
    return this.#write(
      (s) => {
        const ops = planEnqueue(s, name, trial);
        number = startedNumber(ops);
        return ops;
      },
      (s) => s.getTrial(name, number),
    );
  }

  startTrial(name: string, claim: TrialClaim): Promise<FrozenTrial> {
    let number = -1;
    return this.#write(
      (s) => {
        const ops = planStart(s, name, claim);
        number = startedNumber(ops);
        return ops;
      },
      (s) => s.getTrial(name, number),
    );
  }

  updateTrial(name: string, number: number, update: TrialUpdate): Promise<void> {
    return this.#write(
      (s) => planUpdate(s, name, number, update),
      () => undefined,
    );
  }

  releaseTrial(name: string, number: number): Promise<void> {
    return this.#write(
      () => planRelease(name, number, Date.now()),
      () => undefined,
    );
  }

  reapStaleTrials(name: string, options: ReapStaleOptions): Promise<FrozenTrial[]> {
    let numbers: number[] = [];
    return this.#write(
      (s) => {
        const ops = planReap(s, name, options);
        numbers = touchedNumbers(ops);
        return ops;
      },
      (s) => numbers.map((n) => s.getTrial(name, n)),
    );
  }

  getTrial(name: string, number: number): Promise<FrozenTrial> {
    return this.#read((s) => s.getTrial(name, number));
  }

  getTrials(name: string, query?: TrialQuery): Promise<FrozenTrial[]> {
    return this.#read((s) => s.getTrials(name, query));
  }

  close(): Promise<void> {
    return this.#serial(async () => {
      this.#closed = true;
      await this.#file.close();
    }, true);
  }

  #serial<T>(task: () => Promise<T>, evenIfBroken = false): Promise<T> {
    const run = (): Promise<T> => {
      if (this.#closed) return Promise.reject(new StorageError(`journal ${this.path} is closed`));
      if (this.#broken && !evenIfBroken) {
        return Promise.reject(new StorageError(`journal ${this.path}: an append failed part-way; open the journal again to continue`));
      }
      return task();
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #read<T>(query: (s: StorageState) => T): Promise<T> {
    return this.#serial(async () => {
      await this.#catchUp();
      return query(this.#state);
    });
  }

  /**
   * Lock, catch up with the file, plan and check the operations against the latest state, append
   * them and apply them (they sit right after what was read, so reading them back is not needed).
   */
  #write<T>(plan: (s: StorageState) => Operation[], result: (s: StorageState) => T): Promise<T> {
    return this.#serial(async () => {
      await this.#lock.acquire();
      try {
        await this.#catchUp();
        if (this.#file.pendingBytes > 0) {
          await this.#noticeTorn();
          await this.#file.truncateTail();
        }
        const ops = plan(this.#state);
        for (const op of ops) this.#state.check(op);
        if (ops.length > 0) {
          try {
            await this.#file.append(ops.map(operationToLine), { fsync: this.#fsync, chunkBytes: this.#chunkBytes });
          } catch (error) {
            // Part of the lines may be on disk: forget the in-memory state and replay from scratch next time.
            this.#broken = true;
            throw new StorageError(`cannot append to journal ${this.path}`, { cause: error });
          }
          // Checked above and written under the lock right after what was read: apply without reading back.
          for (const op of ops) this.#state.apply(op);
        }
        return result(this.#state);
      } finally {
        await this.#lock.release();
      }
    });
  }

  async #catchUp(): Promise<void> {
    let lines: JournalTextLine[];
    try {
      lines = await this.#file.readNew();
    } catch (error) {
      if (error instanceof SearchError) throw error;
      throw new StorageError(`cannot read journal ${this.path}`, { cause: error });
    }
    for (const line of lines) this.#replay(line);
  }

  #replay({ text, line }: JournalTextLine): void {
    const where = `${this.path}:${line}`;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new JournalCorruptError(`${where}: the line must be JSON, got ${JSON.stringify(text.slice(0, 60))}`, { cause: error });
    }
    const parsed = journalLineSchema.safeParse(json);
    if (!parsed.success) {
      throw new JournalCorruptError(`${where}: ${describeZodError(parsed.error, json, 'line')}`, { cause: parsed.error });
    }
    try {
      this.#state.apply(lineToOperation(parsed.data));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new JournalCorruptError(`${where}: the operation cannot be replayed: ${message}`, { cause: error });
    }
  }

  async #noticeTorn(): Promise<void> {
    const bytes = this.#file.pendingBytes;
    const line = this.#file.lineCount + 1;
    if (bytes === 0 || this.#tornReportedAtLine === line) return;
    this.#tornReportedAtLine = line;
    const preview = await this.#file.pendingPreview();
    const warning: JournalWarning = {
      kind: 'torn-tail',
      path: this.path,
      line,
      bytes,
      preview,
      message: `${this.path}:${line}: torn last line (${bytes} bytes without a newline, a writer was killed mid-append): skipped`,
    };
    this.warnings.push(warning);
    this.#onWarning?.(warning);
  }
}
