import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module given by URL without its extension (`new URL('./my-worker',
 * import.meta.url)`): the built `.js` when it exists (an installed or built package), else the `.ts`
 * source, for tests and tsx runs. A worker thread does not inherit its parent's module loader, so
 * for a source the thread first registers tsx's, resolved from the module's own package (which then
 * needs `tsx` among its dev dependencies). Data-parallel training and the benchmark's worker pool
 * both start their threads this way.
 */
export function spawnModuleWorker(base: URL, options: WorkerOptions = {}): Worker {
  const js = new URL(`${base.href}.js`);
  if (existsSync(fileURLToPath(js))) return new Worker(js, options);
  const bootstrap = `import(${JSON.stringify(tsxEsmApi(base))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(`${base.href}.ts`)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** tsx's ESM API (`tsx/esm/api`, its `import` entry) as seen from `base`'s package. */
function tsxEsmApi(base: URL): string {
  const packageJson = createRequire(fileURLToPath(base)).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(packageJson), manifest.exports['./esm/api']!.import.default)).href;
}
