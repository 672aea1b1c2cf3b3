import type { ResultsStore } from '../results/results-store.js';
import type { ProbeJobResult } from './jobs.js';
import { readPhaseA } from '@lrdist/protocol';
import { phaseAKeyFor, type BenchPool, type BenchSetup } from './run-benchmark.js';
import { estimateWallTime, type PlannedCell, type WallTimeEstimate } from './wall-time.js';

/** A run's wall-time estimate and the probe it came from. */
export interface RunEstimate {
  readonly estimate: WallTimeEstimate;
  readonly probe: ProbeJobResult;
}

/**
 * Times the model on one worker of `pool` (a probe job: a few steps at the run's batch size and its
 * longest training example, which also loads the tasks that worker will need) and estimates the
 * wall time of the cells `store` lacks. Null when nothing is left to run.
 */
export async function estimateRun(options: {
  setup: BenchSetup;
  store: ResultsStore;
  pool: BenchPool;
  signal: AbortSignal;
  cores: number;
}): Promise<RunEstimate | null> {
  const { setup, store } = options;
  // Seed-major, as runBenchmark starts them.
  const todo = setup.seeds.flatMap((seed) =>
    setup.plans.filter((plan) => store.completed(plan.name, seed) === undefined).map((plan) => ({ plan, seed })),
  );
  if (todo.length === 0) return null;
  const cells: PlannedCell[] = [];
  const cachedPhaseA = new Set<string>();
  for (const { plan, seed } of todo) {
    const key = phaseAKeyFor(setup, plan, seed);
    const id = JSON.stringify(key);
    if (!cachedPhaseA.has(id) && (await readPhaseA(setup.cacheDir, key)) !== null) cachedPhaseA.add(id);
    cells.push({ method: plan.name, ewc: plan.ewcLambda !== undefined, phaseA: id });
  }
  const probe = (await options.pool.run(
    {
      kind: 'probe',
      label: 'probe',
      source: setup.source,
      data: setup.data,
      taskA: setup.taskA,
      taskB: setup.taskB,
      batchSize: setup.batchSize,
    },
    { signal: options.signal },
  )) as ProbeJobResult;
  const estimate = estimateWallTime({
    taskA: setup.taskA,
    taskB: setup.taskB,
    epochs: setup.epochs,
    batchSize: setup.batchSize,
    jobs: setup.jobs,
    cores: options.cores,
    cells,
    cachedPhaseA,
    timings: {
      train: probe.measurement.train,
      forward: probe.measurement.forward,
      mlm: probe.mlm,
      mlmLengths: probe.mlmLengths,
      loadSeconds: probe.loadSeconds,
      lengths: probe.lengths,
    },
  });
  return { estimate, probe };
}
