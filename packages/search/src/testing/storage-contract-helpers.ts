import { strict as assert } from 'node:assert';
import type { Storage } from '../storages/storage.js';

/** How the contract gets storages to test. */
export interface StorageHarness {
  /** A fresh, empty storage. */
  create(): Promise<Storage>;
  /**
   * A second, independent handle on the same backing store (what another process would open); omit
   * it where the backend has none (the in-memory storage), and the cross-handle cases use `storage`.
   */
  reopen?(storage: Storage): Promise<Storage>;
}

/** One contract check. */
export interface StorageContractCase {
  readonly name: string;
  run(harness: StorageHarness): Promise<void>;
}

/** Runs `body` with a fresh storage and closes it afterwards. */
export async function withStorage(harness: StorageHarness, body: (s: Storage) => Promise<void>): Promise<void> {
  const storage = await harness.create();
  try {
    await body(storage);
  } finally {
    await storage.close();
  }
}

/** A second handle (or the same storage where the backend has none); closed by the caller via `done`. */
export async function peerOf(harness: StorageHarness, storage: Storage): Promise<{ peer: Storage; done: () => Promise<void> }> {
  if (harness.reopen === undefined) return { peer: storage, done: () => Promise.resolve() };
  const peer = await harness.reopen(storage);
  return { peer, done: () => peer.close() };
}

/** Asserts that `promise` rejects with a search error of `code`. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string, what: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    const got = (error as { code?: unknown }).code;
    assert.equal(got, code, `${what}: expected an error with code ${code}, got ${String(got)}: ${String(error)}`);
    return true;
  });
}

/** A study with one objective, minimised, created at t = 1000. */
export async function makeStudy(
  storage: Storage,
  name = 'contract',
  directions: readonly ('minimize' | 'maximize')[] = ['minimize'],
): Promise<string> {
  await storage.createStudy({ studyName: name, directions, now: 1000 });
  return name;
}

/** Claim arguments at time `now`. */
export function claim(now = 2000, heartbeat = false, workerId = 'w1'): { workerId: string; heartbeat: boolean; now: number } {
  return { workerId, heartbeat, now };
}
