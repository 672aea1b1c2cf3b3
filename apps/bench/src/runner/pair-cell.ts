import type { MethodPlan, PhaseAKey } from '@lrdist/protocol';
import { WorkerCrashError } from '../errors.js';
import type { ModelSource } from '../model/model-source.js';
import type { BenchJobEvent, DataSpec, PhaseAJobResult, PhaseBJob, PhaseBJobResult } from './jobs.js';
import { type BenchPool, type BenchSetup, penaltyOf, type PhaseAProvider, phaseAKeyFor, phaseBJob } from './run-benchmark.js';

/** Phase B's job less what only one machine knows: the model's folder, the data's folders, phase A's folder. */
export type PortablePhaseBJob = Omit<PhaseBJob, 'source' | 'data' | 'phaseADir'>;

/**
 * One (method, seed) cell of a pair, in a form any machine can run: phase A by its cache key (each
 * machine finds or trains it in its own cache), phase B's job with the machine-bound fields left out.
 */
export interface PairCellWork {
  readonly kind: 'pair';
  readonly method: string;
  readonly seed: number;
  readonly key: PhaseAKey;
  readonly phaseB: PortablePhaseBJob;
}

/** Both phases' results of a cell: what the cell's figures are made from. */
export interface PairCellOutcome {
  readonly a: PhaseAJobResult;
  readonly b: PhaseBJobResult;
}

/** Runs pair cells: on this machine's pool, or through a distributed run's queue. */
export interface PairCellRunner {
  run(work: PairCellWork, options: { signal: AbortSignal; onEvent?: (event: BenchJobEvent) => unknown }): Promise<PairCellOutcome>;
}

/** The cell of (plan, seed) on a pair: the phase-A key and phase-B job `runBenchmark` has always run. */
export function pairCellWork(setup: BenchSetup, plan: MethodPlan, seed: number): PairCellWork {
  // phaseBJob is the one place a phase-B job is assembled; the fields bound to this machine are
  // dropped here and put back, from the machine that runs the cell, by localPairCells.
  const {
    source: _source,
    data: _data,
    phaseADir: _phaseADir,
    ...phaseB
  } = phaseBJob(setup, {
    label: `${plan.name} seed ${seed}`,
    phaseADir: '',
    lr: plan.lr,
    ...penaltyOf(plan),
    seed,
    split: 'test',
    reportEpochs: false,
  });
  return { kind: 'pair', method: plan.name, seed, key: phaseAKeyFor(setup, plan, seed), phaseB };
}

/**
 * Pair cells on this machine: phase A from `provider` (this machine's cache, or trained once on
 * `pool`), then phase B on `pool` from phase A's folder, with this machine's model and data.
 */
export function localPairCells(options: {
  provider: Pick<PhaseAProvider, 'get'>;
  pool: BenchPool;
  source: ModelSource;
  data: DataSpec;
}): PairCellRunner {
  const { provider, pool, source, data } = options;
  return {
    async run(work, { signal, onEvent }) {
      const a = await provider.get(work.key, signal);
      // After an abort no new job starts (a phase A already trained stays cached for the next sitting).
      if (signal.aborted) throw new WorkerCrashError('aborted before it started');
      const b = (await pool.run(
        { ...work.phaseB, source, data, phaseADir: a.dir },
        { signal, ...(onEvent === undefined ? {} : { onEvent }) },
      )) as PhaseBJobResult;
      return { a, b };
    },
  };
}
