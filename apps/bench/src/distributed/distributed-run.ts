import { hashConfig } from '@lrdist/model';
import { RunQueueError, WorkerCrashError } from '../errors.js';
import { JobFailedError, type WorkerPool } from '../parallel/worker-pool.js';
import type { ProgressDisplay } from '../progress/progress-display.js';
import { cellKey } from '../results/results-store.js';
import type { BenchJob, BenchJobEvent, BenchJobResult } from '../runner/jobs.js';
import type { PairCellRunner } from '../runner/pair-cell.js';
import { type BenchSetup, PhaseAProvider } from '../runner/run-benchmark.js';
import { type CellOutcome, type CellWork, parsePairOutcome, parseSequenceOutcome } from './cell-work.js';
import { type CellQueue, type FinishedCell, type NewCell, openCellQueue, type QueuedRun } from './cell-queue.js';
import { CellWorker, newWorkerId } from './cell-worker.js';
import type { RunSpec } from './schemas.js';
import { RUN_SPEC_VERSION } from './schemas.js';

/** Where a distributed run lives and how its holders are judged (the run flags, checked). */
export interface DistributedTarget {
  /** `postgresql://...` */
  readonly storage: string;
  readonly name: string;
  readonly heartbeatTimeoutS: number;
}

/** Options of {@link openDistributedRun}. */
export interface OpenDistributedRunOptions {
  readonly target: DistributedTarget;
  readonly kind: RunSpec['kind'];
  /** The results config (what results.json is keyed by): a run with another is refused. */
  readonly config: Record<string, unknown>;
  /** The coordinator's setup: its model, data and cache serve the cells it takes itself. */
  readonly setup: BenchSetup;
  /** This machine's worker threads (closed with the run); as many cells as it has threads run here at once. */
  readonly pool: WorkerPool<BenchJob, BenchJobResult, BenchJobEvent>;
  readonly display: ProgressDisplay;
  /** After an abort no cell is claimed here and no result is awaited but those of cells in flight here. */
  readonly signal: AbortSignal;
}

/** What a machine needs besides its own folders, from a coordinator's setup (the run's spec). */
export function runSpecOf(kind: RunSpec['kind'], setup: BenchSetup): RunSpec {
  const tasks = setup.data.tasks ?? {};
  return {
    version: RUN_SPEC_VERSION,
    kind,
    model: setup.source.spec,
    modelId: setup.source.id,
    ...(setup.numerics === undefined ? {} : { numerics: setup.numerics }),
    data: {
      dataSeed: setup.data.dataSeed,
      maxTrain: setup.data.maxTrain,
      maxEval: setup.data.maxEval,
      maxSeqLength: setup.data.maxSeqLength,
      tasks: Object.fromEntries(Object.entries(tasks).map(([name, t]) => [name, t.sha256])),
    },
    training: {
      protocol: setup.protocol,
      epochs: setup.epochs,
      batchSize: setup.batchSize,
      warmupFraction: setup.warmupFraction,
      ...(setup.optimizer === undefined ? {} : { optimizer: setup.optimizer }),
    },
  };
}

/**
 * Opens (or reconnects to) a distributed run: refuses at once a run of the same name made by
 * another configuration, before any work.
 */
export async function openDistributedRun(options: OpenDistributedRunOptions): Promise<DistributedRun> {
  const queue = await openCellQueue({ connectionString: options.target.storage });
  try {
    await queue.checkConfig(options.target.name, hashConfig(options.config));
  } catch (error) {
    await queue.close();
    throw error;
  }
  return new DistributedRun(queue, options);
}

interface Waiter {
  readonly resolve: (outcome: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly onEvent: ((event: BenchJobEvent) => unknown) | undefined;
}

/** Consecutive failed polls of the queue after which the cells still awaited fail (the run resumes later). */
const POLL_FAILURES_TOLERATED = 5;

/**
 * The coordinator's side of a distributed run: the cells the run asks for are published to the
 * queue, this process works on them with its own worker threads like any worker, and each cell's
 * result comes back to the code that asked for it, wherever it ran. It stands in for the pool of a
 * one-machine run: `pairCells` for `runBenchmark`, `run` (sequence jobs) for `sequence`.
 */
export class DistributedRun {
  /** Pair cells through the queue. */
  readonly pairCells: PairCellRunner;
  readonly #queue: CellQueue;
  readonly #o: OpenDistributedRunOptions;
  readonly #run: QueuedRun;
  readonly #pool: WorkerPool<BenchJob, BenchJobResult, BenchJobEvent>;
  readonly #worker: CellWorker;
  readonly #waiters = new Map<string, Waiter>();
  #drafts: NewCell[] = [];
  #flushing: Promise<void> | null = null;
  #working: Promise<unknown> | null = null;
  #polling: ReturnType<typeof setTimeout> | null = null;
  #pollFailures = 0;
  #closed = false;

  constructor(queue: CellQueue, options: OpenDistributedRunOptions) {
    this.#queue = queue;
    this.#o = options;
    const { setup, display, signal, target } = options;
    this.#run = {
      name: target.name,
      config: options.config,
      configHash: hashConfig(options.config),
      spec: runSpecOf(options.kind, setup),
      heartbeatTimeoutS: target.heartbeatTimeoutS,
    };
    this.#pool = options.pool;
    this.#worker = new CellWorker({
      queue,
      run: target.name,
      workerId: newWorkerId(),
      slots: options.pool.size,
      heartbeatTimeoutS: target.heartbeatTimeoutS,
      env: { pool: this.#pool, provider: new PhaseAProvider(this.#pool, setup, display), source: setup.source, data: setup.data },
      display,
      signal,
      keepGoing: () => this.#waiters.size > 0,
      onEvent: (key, event) => this.#waiters.get(key)?.onEvent?.(event),
      onFinished: (cell) => this.#settle(cell),
    });
    this.pairCells = {
      run: async (work, { signal: cellSignal, onEvent }) =>
        parsePairOutcome(
          await this.#submit(cellKey(work.method, work.seed), work, cellSignal, onEvent),
          `cell ${work.method}/seed${work.seed}`,
        ),
    };
    signal.addEventListener('abort', () => this.#onAbort(), { once: true });
  }

  /** Where the run lives, for messages (password hidden). */
  get where(): string {
    return this.#queue.where;
  }

  /** The line that tells other machines how to join the run. */
  get joinLine(): string {
    const name = this.#run.name;
    return `distributed run '${name}' at ${this.where}: other machines join with \`pnpm bench worker --run ${name} --storage ${this.where}\``;
  }

  /** A sequence job as a cell of the run (keyed by its label, `<method>/seed<n>`), as a pool runs it. */
  async run(job: BenchJob, options: { signal?: AbortSignal; onEvent?: (event: BenchJobEvent) => unknown } = {}): Promise<BenchJobResult> {
    if (job.kind !== 'sequence') throw new RunQueueError(`a distributed run takes whole cells; a ${job.kind} job cannot go to the queue`);
    const { source: _source, data: _data, ...portable } = job;
    const outcome = await this.#submit(job.label, { kind: 'sequence', job: portable }, options.signal ?? this.#o.signal, options.onEvent);
    return parseSequenceOutcome(outcome, `cell ${job.label}`);
  }

  /** Stops working on the run (after the cells in flight here) and closes the queue and the worker threads. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopPolling();
    for (const [key, w] of this.#waiters) w.reject(new WorkerCrashError(`the distributed run closed before cell ${key} finished`));
    this.#waiters.clear();
    this.#worker.wake();
    await this.#flushing?.catch(() => undefined);
    await this.#working?.catch(() => undefined);
    await this.#pool.close();
    await this.#queue.close();
  }

  #submit(key: string, work: CellWork, signal: AbortSignal, onEvent?: (event: BenchJobEvent) => unknown): Promise<unknown> {
    if (this.#closed) return Promise.reject(new WorkerCrashError('the distributed run is closed'));
    if (signal.aborted) return Promise.reject(new WorkerCrashError('aborted before it started'));
    if (this.#waiters.has(key)) return Promise.reject(new RunQueueError(`cell ${key} was asked for twice in one sitting`));
    return new Promise<unknown>((resolve, reject) => {
      this.#waiters.set(key, { resolve, reject, onEvent });
      this.#drafts.push({ key, work });
      // The cells a command asks for in one go are published in one transaction: a worker joining
      // then never finds the run half-published and leaves early.
      this.#flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.#flush());
    });
  }

  async #flush(): Promise<void> {
    const drafts = this.#drafts;
    this.#drafts = [];
    try {
      await this.#queue.publish(this.#run, drafts);
    } catch (error) {
      for (const d of drafts) this.#waiters.get(d.key)?.reject(error as Error);
      for (const d of drafts) this.#waiters.delete(d.key);
      return;
    } finally {
      this.#flushing = null;
      if (this.#drafts.length > 0) this.#flushing = new Promise<void>((r) => setImmediate(r)).then(() => this.#flush());
    }
    this.#working ??= this.#worker
      .work()
      .catch((error: unknown) => this.#failAll(error as Error))
      .finally(() => {
        this.#working = null;
        // Stopped by an abort: cells held elsewhere are not waited for; the next sitting picks them up.
        if (this.#o.signal.aborted) this.#failAll(new WorkerCrashError('aborted'));
      });
    this.#schedulePoll();
  }

  #schedulePoll(): void {
    if (this.#polling !== null || this.#closed) return;
    this.#polling = setTimeout(() => {
      this.#polling = null;
      void this.#poll().finally(() => {
        if (this.#waiters.size > 0) this.#schedulePoll();
      });
    }, 1_000);
  }

  #stopPolling(): void {
    if (this.#polling !== null) clearTimeout(this.#polling);
    this.#polling = null;
  }

  /** Results of the cells other machines ran (this process's own come through onFinished at once). */
  async #poll(): Promise<void> {
    const keys = [...this.#waiters.keys()].filter((k) => !this.#worker.holds(k));
    try {
      for (const cell of await this.#queue.finished(this.#run.name, keys)) this.#settle(cell);
      this.#pollFailures = 0;
    } catch (error) {
      this.#pollFailures++;
      this.#o.display.log(`warning: ${(error as Error).message}`);
      if (this.#pollFailures >= POLL_FAILURES_TOLERATED) this.#failAll(error as Error);
    }
  }

  #settle(cell: FinishedCell): void {
    const waiter = this.#waiters.get(cell.key);
    if (waiter === undefined) return;
    this.#waiters.delete(cell.key);
    if (cell.state === 'complete') waiter.resolve(cell.result as CellOutcome);
    else waiter.reject(new JobFailedError(cell.error));
    if (this.#waiters.size === 0) this.#worker.wake();
  }

  #onAbort(): void {
    // Cells in flight here finish and are recorded (their waiters stay); the others are let go now.
    for (const [key, w] of this.#waiters) {
      if (this.#worker.holds(key)) continue;
      this.#waiters.delete(key);
      w.reject(new WorkerCrashError('aborted before it started'));
    }
  }

  #failAll(error: Error): void {
    for (const w of this.#waiters.values()) w.reject(error);
    this.#waiters.clear();
    this.#worker.wake();
  }
}
