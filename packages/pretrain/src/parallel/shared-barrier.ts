import { PretrainWorkerError } from '../errors.js';

const COUNT = 0;
const GENERATION = 1;
const ABORTED = 2;
/** Int32 slots a barrier needs in its control buffer. */
export const BARRIER_SLOTS = 3;

/**
 * A reusable barrier for worker threads on a SharedArrayBuffer (generation counting, as in
 * Herlihy & Shavit, "The Art of Multiprocessor Programming", 17.2): the last thread to arrive bumps
 * the generation and wakes the others. `abortBarrier` wakes everybody with an error, so that one
 * crashed worker never leaves the others waiting forever.
 */
export class SharedBarrier {
  readonly #control: Int32Array;
  readonly #parties: number;
  readonly #timeoutMs: number;

  /** `control` must hold {@link BARRIER_SLOTS} Int32 slots shared by all parties, initially zero. */
  constructor(control: Int32Array, parties: number, timeoutMs: number) {
    this.#control = control;
    this.#parties = parties;
    this.#timeoutMs = timeoutMs;
  }

  /** Blocks until all parties have arrived; throws if aborted or after the timeout. */
  arriveAndWait(what: string): void {
    const c = this.#control;
    this.#checkAborted(what);
    const generation = Atomics.load(c, GENERATION);
    if (Atomics.add(c, COUNT, 1) === this.#parties - 1) {
      Atomics.store(c, COUNT, 0);
      Atomics.add(c, GENERATION, 1);
      Atomics.notify(c, GENERATION);
      return;
    }
    const deadline = Date.now() + this.#timeoutMs;
    while (Atomics.load(c, GENERATION) === generation) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(c, GENERATION, generation, left) === 'timed-out') {
        if (Atomics.load(c, GENERATION) !== generation) break;
        throw new PretrainWorkerError(
          `no other worker reached ${what} within ${Math.round(this.#timeoutMs / 1000)} s; one has died or hangs`,
        );
      }
      this.#checkAborted(what);
    }
  }

  #checkAborted(what: string): void {
    if (Atomics.load(this.#control, ABORTED) !== 0) {
      throw new PretrainWorkerError(`another worker failed; stopping at ${what}`);
    }
  }
}

/** Wakes every party waiting on the barrier in `control` with an error (called when a worker dies). */
export function abortBarrier(control: Int32Array): void {
  Atomics.store(control, ABORTED, 1);
  Atomics.add(control, GENERATION, 1);
  Atomics.notify(control, GENERATION);
}
