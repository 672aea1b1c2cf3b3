import { randomInt, randomUUID } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { StorageError } from '../../errors.js';

/** Options of {@link FileLock}. */
export interface FileLockOptions {
  /** The lock file, created with O_EXCL. */
  readonly path: string;
  /** Give up (StorageError) after waiting this long. Default 30_000 ms. */
  readonly timeoutMs?: number;
  /**
   * A lock older than this is stale even if its owner looks alive (a lock is held for one append,
   * milliseconds; this guards against recycled pids and owners on other hosts). Default 60_000 ms.
   */
  readonly staleAfterMs?: number;
}

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly at: number;
}

/** A lock file that is being written (or was left half-written) is judged by its age after this. */
const HALF_WRITTEN_GRACE_MS = 5_000;

/**
 * A cross-process mutex on one machine: a lock file created with O_EXCL holding its owner's pid,
 * host and a random token. A lock whose owner process is gone (SIGKILL mid-append) is taken over;
 * the takeover itself is guarded by a second O_EXCL file, so two processes never both break the
 * same stale lock and then both hold it.
 */
export class FileLock {
  readonly #path: string;
  readonly #timeoutMs: number;
  readonly #staleAfterMs: number;
  #token: string | null = null;

  constructor(options: FileLockOptions) {
    this.#path = options.path;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#staleAfterMs = options.staleAfterMs ?? 60_000;
  }

  /** Waits until this process holds the lock. */
  async acquire(): Promise<void> {
    if (this.#token !== null) throw new StorageError(`lock ${this.#path} is already held by this handle`);
    const token = randomUUID();
    const body = JSON.stringify({ pid: process.pid, host: hostname(), token, at: Date.now() } satisfies Owner);
    const deadline = Date.now() + this.#timeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const fh = await open(this.#path, 'wx');
        try {
          await fh.writeFile(body);
        } finally {
          await fh.close();
        }
        this.#token = token;
        return;
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw new StorageError(`cannot create lock file ${this.#path}`, { cause: error });
      }
      const held = await this.#inspect();
      if (held.stale) {
        await this.#breakStale(held.text);
        continue;
      }
      if (Date.now() > deadline) {
        throw new StorageError(`could not lock ${this.#path} within ${this.#timeoutMs} ms: held by ${held.text || 'an unknown owner'}`);
      }
      // Short, jittered waits: appends take milliseconds. Jitter only spreads contenders; results never depend on it.
      await sleep(Math.min(1 + attempt, 20) + randomInt(0, 3));
    }
  }

  /** Releases the lock if this handle still owns it. */
  async release(): Promise<void> {
    const token = this.#token;
    this.#token = null;
    if (token === null) return;
    const text = await readFile(this.#path, 'utf8').catch(() => '');
    if (parseOwner(text)?.token === token) await unlink(this.#path).catch(() => undefined);
  }

  async #inspect(): Promise<{ stale: boolean; text: string }> {
    let text: string;
    let mtimeMs: number;
    try {
      [text, { mtimeMs }] = await Promise.all([readFile(this.#path, 'utf8'), stat(this.#path)]);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return { stale: false, text: '' };
      throw new StorageError(`cannot read lock file ${this.#path}`, { cause: error });
    }
    const owner = parseOwner(text);
    const age = Date.now() - mtimeMs;
    if (owner === null) return { stale: age > HALF_WRITTEN_GRACE_MS, text };
    if (age > this.#staleAfterMs) return { stale: true, text };
    if (owner.host === hostname()) return { stale: !isAlive(owner.pid), text };
    return { stale: false, text };
  }

  /** Removes a stale lock, unless someone replaced it meanwhile. */
  async #breakStale(staleText: string): Promise<void> {
    const breaker = `${this.#path}.break`;
    try {
      await (await open(breaker, 'wx')).close();
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw new StorageError(`cannot create ${breaker}`, { cause: error });
      // Another process is breaking it; if that process died mid-way, its breaker file goes stale too.
      const s = await stat(breaker).catch(() => null);
      if (s !== null && Date.now() - s.mtimeMs > HALF_WRITTEN_GRACE_MS) await unlink(breaker).catch(() => undefined);
      await sleep(2);
      return;
    }
    try {
      const text = await readFile(this.#path, 'utf8').catch(() => null);
      if (text === staleText) await unlink(this.#path).catch(() => undefined);
    } finally {
      await unlink(breaker).catch(() => undefined);
    }
  }
}

function parseOwner(text: string): Owner | null {
  try {
    const o = JSON.parse(text) as Partial<Owner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.token === 'string' && typeof o.at === 'number'
      ? (o as Owner)
      : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
