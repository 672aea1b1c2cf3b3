/**
 * Load and split timings for every GLUE task found on disk (not a test).
 *
 *   pnpm --filter @lrdist/glue bench [-- --data-dir <dir>] [--task mrpc] [--runs 5]
 *
 * Data is found as lrdist finds it (`--data-dir`, $LRDIST_DATA_DIR, ./data/glue, ../shared/data/glue,
 * the cache), plus the first ancestor of this package holding shared/data/glue.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  GLUE_TASK_NAMES,
  GlueDataNotFoundError,
  loadGlueTask,
  resolveGlueDataDir,
  resolveGlueTask,
  splitGlueTask,
  type GlueTaskName,
} from '../src/index.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    task: { type: 'string' },
    runs: { type: 'string', default: '5' },
  },
});
const runs = Math.max(1, Number(values.runs));
const dataDir = values['data-dir'] ?? sharedGlueDir();
const tasks: GlueTaskName[] = values.task === undefined ? [...GLUE_TASK_NAMES] : [resolveGlueTask(values.task).task];

function sharedGlueDir(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'shared', 'data', 'glue'))) return join(dir, 'shared', 'data', 'glue');
  }
  return undefined;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function time<T>(run: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
}

console.log(
  `@lrdist/glue bench: node ${process.version}, median of ${runs} runs, data ${dataDir === undefined ? '(default search)' : resolve(dataDir)}`,
);
console.log('task   | train rows |  dev rows | load ms | rows/s (load) | split ms | split+caps ms');
console.log('-------|------------|-----------|---------|---------------|----------|--------------');
for (const task of tasks) {
  const where = { task, ...(dataDir === undefined ? {} : { dataDir }) };
  try {
    resolveGlueDataDir(where);
  } catch (error) {
    if (error instanceof GlueDataNotFoundError) {
      console.log(`${task.padEnd(6)} | not on disk (skipped)`);
      continue;
    }
    throw error;
  }
  const loads: number[] = [];
  const splits: number[] = [];
  const capped: number[] = [];
  let rows = [0, 0];
  for (let r = 0; r < runs; r++) {
    const { ms, result: data } = await time(() => loadGlueTask(where));
    loads.push(ms);
    rows = [data.train.length, data.dev.length];
    splits.push((await time(() => splitGlueTask(data, { seed: r }))).ms);
    capped.push((await time(() => splitGlueTask(data, { seed: r, maxTrain: 2000, maxEval: 500 }))).ms);
  }
  const load = median(loads);
  const total = (rows[0] ?? 0) + (rows[1] ?? 0);
  console.log(
    [
      task.padEnd(6),
      String(rows[0]).padStart(10),
      String(rows[1]).padStart(9),
      load.toFixed(1).padStart(7),
      Math.round(total / (load / 1000))
        .toLocaleString('en-US')
        .padStart(13),
      median(splits).toFixed(2).padStart(8),
      median(capped).toFixed(2).padStart(13),
    ].join(' | '),
  );
}
