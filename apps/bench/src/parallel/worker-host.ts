import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** What a job handler gets besides its job. */
export interface JobContext<Event> {
  /** Posts an event (progress). */
  emit(event: Event): void;
  /** Posts an event and waits for the main thread's answer (e.g. a pruning decision). */
  ask(event: Event): Promise<unknown>;
}

/** Serves jobs posted by a {@link WorkerPool} one at a time with `handler`, inside a worker thread. */
export function serveJobs<Job, Result, Event>(handler: (job: Job, ctx: JobContext<Event>) => Promise<Result>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveJobs must run inside a worker thread');
  const post = (m: FromWorker<Result, Event>): void => port.postMessage(m);
  const answers = new Map<number, (answer: unknown) => void>();
  port.on('message', (m: ToWorker<Job>) => {
    if (m.type === 'answer') {
      answers.get(m.id)?.(m.answer);
      answers.delete(m.id);
      return;
    }
    const ctx: JobContext<Event> = {
      emit: (event) => post({ type: 'event', id: m.id, event, wantsAnswer: false }),
      ask: (event) =>
        new Promise((resolve) => {
          answers.set(m.id, resolve);
          post({ type: 'event', id: m.id, event, wantsAnswer: true });
        }),
    };
    handler(m.job, ctx).then(
      (result) => post({ type: 'result', id: m.id, result }),
      (error: unknown) => {
        const code = (error as { code?: unknown }).code;
        post({
          type: 'failure',
          id: m.id,
          message: error instanceof Error ? error.message : String(error),
          ...(typeof code === 'string' ? { code } : {}),
        });
      },
    );
  });
  post({ type: 'ready' });
}
