import type { Worker } from 'node:worker_threads';
import { WorkerCrashError } from '../errors.js';
import { spawnModuleWorker } from '@lrdist/model';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** A failed job: the worker's error message (and code) without a stack trace. */
export class JobFailedError extends Error {
  readonly jobCode: string | undefined;

  constructor(message: string, code?: string) {
    super(message);
    this.name = 'JobFailedError';
    this.jobCode = code;
  }
}

interface Pending<Job, Result, Event> {
  readonly id: number;
  readonly job: Job;
  readonly onEvent: (event: Event) => unknown;
  readonly resolve: (r: Result) => void;
  readonly reject: (e: Error) => void;
  readonly signal: AbortSignal | undefined;
}

/**
 * A fixed set of worker threads, each running one job at a time (each holds its own TensorFlow.js
 * backend: wasm is single-threaded, so one worker per core). Jobs queue in order; a worker that dies
 * fails its job with WorkerCrashError and is replaced. Events may ask the main thread a question
 * (pruning); the answer is posted back to the worker.
 */
export class WorkerPool<Job, Result, Event> {
  readonly size: number;
  readonly #module: URL;
  readonly #workerData: unknown;
  readonly #queue: Pending<Job, Result, Event>[] = [];
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, Pending<Job, Result, Event>>();
  #nextId = 1;
  #closed = false;

  constructor(options: { size: number; module: URL; workerData?: unknown }) {
    this.size = options.size;
    this.#module = options.module;
    this.#workerData = options.workerData ?? {};
  }

  /** Worker threads started so far: at most `size`, and never more than jobs were ever waiting at once. */
  get started(): number {
    return this.#idle.length + this.#busy.size;
  }

  /**
   * Runs a job on the next free worker. An aborted `signal` withdraws the job while it waits in the
   * queue; a job already running always finishes (its result is worth saving).
   */
  run(job: Job, options: { onEvent?: (event: Event) => unknown; signal?: AbortSignal } = {}): Promise<Result> {
    if (this.#closed) return Promise.reject(new WorkerCrashError('the worker pool is closed'));
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, job, onEvent: options.onEvent ?? (() => undefined), resolve, reject, signal: options.signal });
      this.#dispatch();
    });
  }

  /** Stops every worker; queued and running jobs fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const p of this.#queue.splice(0)) p.reject(new WorkerCrashError('the worker pool was closed'));
    const workers = [...this.#idle, ...this.#busy.keys()];
    for (const [, p] of this.#busy) p.reject(new WorkerCrashError('the worker pool was closed'));
    this.#busy.clear();
    this.#idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  // Workers start on demand, so a run of three cells under --jobs 8 starts three backends, not eight.
  #spawn(): Worker {
    const worker = spawnModuleWorker(this.#module, { workerData: this.#workerData as Record<string, unknown> });
    worker.on('message', (m: FromWorker<Result, Event>) => this.#onMessage(worker, m));
    worker.on('error', (e) => this.#onDeath(worker, new WorkerCrashError(`a worker thread failed: ${e.message}`, { cause: e })));
    worker.on('exit', (code) => this.#onDeath(worker, new WorkerCrashError(`a worker thread exited (code ${code})`)));
    return worker;
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      if (this.#queue[0]!.signal?.aborted === true) {
        this.#queue.shift()!.reject(new WorkerCrashError('aborted before it started'));
        continue;
      }
      if (this.#idle.length === 0 && this.started >= this.size) return;
      const worker = this.#idle.pop() ?? this.#spawn();
      const pending = this.#queue.shift()!;
      this.#busy.set(worker, pending);
      worker.postMessage({ type: 'job', id: pending.id, job: pending.job } satisfies ToWorker<Job>);
    }
  }

  #onMessage(worker: Worker, m: FromWorker<Result, Event>): void {
    const pending = this.#busy.get(worker);
    if (m.type === 'ready' || pending === undefined || m.id !== pending.id) return;
    if (m.type === 'event') {
      Promise.resolve(pending.onEvent(m.event)).then(
        (answer) => {
          if (m.wantsAnswer) worker.postMessage({ type: 'answer', id: m.id, answer } satisfies ToWorker<Job>);
        },
        (error: Error) => {
          if (m.wantsAnswer) worker.postMessage({ type: 'answer', id: m.id, answer: { error: error.message } } satisfies ToWorker<Job>);
        },
      );
      return;
    }
    this.#busy.delete(worker);
    this.#idle.push(worker);
    if (m.type === 'result') pending.resolve(m.result);
    else pending.reject(new JobFailedError(m.message, m.code));
    this.#dispatch();
  }

  #onDeath(worker: Worker, error: WorkerCrashError): void {
    const pending = this.#busy.get(worker);
    const wasIdle = this.#idle.indexOf(worker);
    if (pending === undefined && wasIdle < 0) return;
    this.#busy.delete(worker);
    if (wasIdle >= 0) this.#idle.splice(wasIdle, 1);
    pending?.reject(error);
    if (!this.#closed) this.#dispatch();
  }
}
