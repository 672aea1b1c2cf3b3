import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { localWorkerGone } from '@lrdist/search';
import type { ModelSource } from '../model/model-source.js';
import type { ProgressDisplay } from '../progress/progress-display.js';
import type { BenchJobEvent, DataSpec, SequenceJobResult } from '../runner/jobs.js';
import { localPairCells } from '../runner/pair-cell.js';
import { resolveFirstStage, type BenchPool, type PhaseAProvider } from '../runner/run-benchmark.js';
import type { CellOutcome } from './cell-work.js';
import type { CellQueue, ClaimedCell, FinishedCell } from './cell-queue.js';

/** What runs a claimed cell on this machine: its pool, its phase-A cache, its model and data. */
export interface CellEnvironment {
  readonly pool: BenchPool;
  readonly provider: Pick<PhaseAProvider, 'get'>;
  readonly source: ModelSource;
  readonly data: DataSpec;
}

/** Runs one cell here: a pair cell's phase A (this machine's cache, or trained) then B, or a whole stream. */
export async function executeCell(
  cell: ClaimedCell,
  env: CellEnvironment,
  options: { signal: AbortSignal; onEvent: (event: BenchJobEvent) => unknown },
): Promise<CellOutcome> {
  const { work } = cell;
  if (work.kind === 'pair') return localPairCells(env).run(work, options);
  const job = await resolveFirstStage({ ...work.job, source: env.source, data: env.data }, env.provider, options.signal);
  return (await env.pool.run(job, options)) as SequenceJobResult;
}

/** A worker id `localWorkerGone` understands: `<host>:<pid>:<random>`. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Options of {@link CellWorker}. */
export interface CellWorkerOptions {
  readonly queue: CellQueue;
  readonly run: string;
  readonly workerId: string;
  /** Cells held at once (this machine's `--jobs`). */
  readonly slots: number;
  /** The run's heartbeat timeout in seconds: holders beat four times within it. */
  readonly heartbeatTimeoutS: number;
  readonly env: CellEnvironment;
  readonly display: ProgressDisplay;
  /** After an abort no cell is claimed; cells in flight finish and are recorded. */
  readonly signal: AbortSignal;
  /**
   * Whether to go on when nothing waits. Default: stop as soon as no cell waits and none is held
   * (a worker); a coordinator goes on until every cell it waits for is final, since a holder that
   * dies puts its cell back.
   */
  readonly keepGoing?: () => boolean;
  /** Where a cell's events go. Default: its progress on the display. */
  readonly onEvent?: (key: string, event: BenchJobEvent) => void;
  /** Called when a cell this worker held is recorded complete or failed. */
  readonly onFinished?: (cell: FinishedCell) => void;
  /** How often the queue is polled when there is nothing to claim. Default 1_000 ms. */
  readonly pollMs?: number;
}

/** What a worker did. */
export interface CellWorkOutcome {
  /** Cells it recorded complete. */
  readonly ran: number;
  /** Cells it recorded failed. */
  readonly failed: number;
  /** Results it dropped: their claim was re-queued (and maybe taken) while they ran. */
  readonly dropped: number;
}

interface Held {
  readonly cell: ClaimedCell;
  lost: boolean;
}

/**
 * Takes cells of a run from the queue, `slots` at a time, runs them here and records each result
 * under its claim. Keeps every held cell's heartbeat, and puts back the cells of holders that went
 * silent or (on this machine) ended. A result whose claim was lost meanwhile is dropped, so no cell
 * is ever recorded twice.
 */
export class CellWorker {
  readonly #o: CellWorkerOptions;
  readonly #held = new Map<string, Held>();
  readonly #flights = new Set<Promise<void>>();
  #wake: () => void = () => undefined;
  #ran = 0;
  #failed = 0;
  #dropped = 0;

  constructor(options: CellWorkerOptions) {
    this.#o = options;
  }

  /** Whether this worker runs the cell `key` now. */
  holds(key: string): boolean {
    return this.#held.has(key);
  }

  /** Ends the current wait at once (something it waits on changed). */
  wake(): void {
    this.#wake();
  }

  /** Works until the run has nothing left to take (or `keepGoing` says stop, or the signal aborts), then waits for the cells in flight. */
  async work(): Promise<CellWorkOutcome> {
    const { queue, run, workerId, signal } = this.#o;
    const onAbort = (): void => this.#wake();
    signal.addEventListener('abort', onAbort);
    const beat = setInterval(() => void this.#beat(), (this.#o.heartbeatTimeoutS * 1000) / 4);
    try {
      for (;;) {
        if (signal.aborted || (this.#o.keepGoing !== undefined && !this.#o.keepGoing())) break;
        for (const r of await queue.requeueStale(run, { timeoutS: this.#o.heartbeatTimeoutS, isWorkerGone: localWorkerGone })) {
          this.#o.display.log(`cell ${r.key}: its holder ${r.workerId ?? '?'} stopped answering; the cell waits again`);
        }
        let claimed = false;
        while (this.#held.size < this.#o.slots && !signal.aborted) {
          const cell = await queue.claim(run, workerId);
          if (cell === null) break;
          claimed = true;
          this.#start(cell);
        }
        if (this.#o.keepGoing === undefined && !claimed && this.#held.size === 0) break;
        await this.#nap(this.#o.pollMs ?? 1_000);
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      // In flight cells finish and are recorded even when the loop stopped on an error.
      await Promise.all(this.#flights);
      clearInterval(beat);
    }
    return { ran: this.#ran, failed: this.#failed, dropped: this.#dropped };
  }

  #nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  #start(cell: ClaimedCell): void {
    const { queue, run, workerId, display, signal } = this.#o;
    const held: Held = { cell, lost: false };
    this.#held.set(cell.key, held);
    const tag = `cell ${cell.key}`;
    display.log(`cell ${cell.key}: taken${cell.attempt > 1 ? ` (attempt ${cell.attempt})` : ''}`);
    const onEvent =
      this.#o.onEvent === undefined
        ? (e: BenchJobEvent): void => {
            if (e.type === 'progress') display.update(tag, { phase: 'cell', label: cell.key, ...e });
          }
        : (e: BenchJobEvent): void => this.#o.onEvent!(cell.key, e);
    const started = performance.now();
    const flight = (async (): Promise<void> => {
      let finished: FinishedCell;
      try {
        const result = await executeCell(cell, this.#o.env, { signal, onEvent });
        finished = { key: cell.key, state: 'complete', result };
      } catch (error) {
        if (signal.aborted) {
          // Interrupted before its job started: put it back at once rather than leave it to the heartbeat timeout.
          await queue.release(run, workerId, cell).catch(() => false);
          return;
        }
        finished = { key: cell.key, state: 'failed', error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
      } finally {
        display.remove(tag);
      }
      try {
        const recorded =
          finished.state === 'complete'
            ? await queue.complete(run, workerId, cell, finished.result)
            : await queue.fail(run, workerId, cell, finished.error);
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        if (!recorded) {
          this.#dropped++;
          display.log(
            `cell ${cell.key}: was put back while it ran (no heartbeat in time); its result is dropped, another run of it counts`,
          );
        } else if (finished.state === 'complete') {
          this.#ran++;
          display.log(`cell ${cell.key}: done in ${seconds} s`);
        } else {
          this.#failed++;
          display.log(`cell ${cell.key} FAILED: ${finished.error}`);
        }
        if (recorded) this.#o.onFinished?.(finished);
      } catch (error) {
        // The queue is out of reach: the cell stays `running` under this claim until its heartbeat goes stale.
        this.#dropped++;
        display.log(`cell ${cell.key}: its result could not be recorded: ${error instanceof Error ? error.message : String(error)}`);
      }
    })().finally(() => {
      this.#held.delete(cell.key);
      this.#flights.delete(flight);
      this.#wake();
    });
    this.#flights.add(flight);
  }

  async #beat(): Promise<void> {
    const { queue, run, workerId, display } = this.#o;
    for (const held of this.#held.values()) {
      if (held.lost) continue;
      const mine = await queue.heartbeat(run, workerId, held.cell).catch(() => true);
      if (!mine) {
        held.lost = true;
        display.log(`cell ${held.cell.key}: lost its claim (put back after a silent spell); it runs on, but its result will be dropped`);
      }
    }
  }
}
