import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module given by URL without its extension: the built `.js` beside the
 * caller when it exists (the CLI runs from dist/), else the `.ts` source through a bootstrap that
 * registers tsx's loader in the new thread (tests and `tsx` runs from src/). `workerData` must be an
 * object (or absent).
 */
export function spawnModuleWorker(base: URL, options: WorkerOptions = {}): Worker {
  const js = new URL(`${base.href}.js`);
  if (existsSync(fileURLToPath(js))) return new Worker(js, options);
  const data = (options.workerData ?? {}) as Record<string, unknown>;
  return new Worker(new URL('./ts-worker-bootstrap.mjs', import.meta.url), {
    ...options,
    workerData: { ...data, lrdistWorkerModule: `${base.href}.ts` },
  });
}
