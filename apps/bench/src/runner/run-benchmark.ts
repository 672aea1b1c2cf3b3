import { WorkerPool } from '../parallel/worker-pool.js';
import type { ProgressDisplay } from '../progress/progress-display.js';
import type { ResultsStore } from '../results/results-store.js';
import type { CellResult } from '../results/schemas.js';
import type { ModelSource } from '../model/model-source.js';
import { localPairCells, pairCellWork, type PairCellRunner } from './pair-cell.js';
import type { BenchJob, BenchJobEvent, BenchJobResult, DataSpec, PhaseAJobResult, PhaseBJob, SequenceJob } from './jobs.js';
import { type EwcFisher, type MethodPlan, type PhaseAKey, readPhaseA, type ReplaySettings, type TrainingSettings } from '@lrdist/protocol';
import type { BackendInfo, GroupLearningRates } from '@lrdist/model';

/** Everything a benchmark run needs, resolved from flags and defaults. */
export interface BenchSetup {
  readonly source: ModelSource;
  readonly taskA: string;
  readonly taskB: string;
  readonly protocol: 'b-only' | 'paper';
  readonly seeds: readonly number[];
  readonly plans: readonly MethodPlan[];
  /** Phase A's learning rate per group under `b-only`. */
  readonly phaseALrs: Readonly<Record<string, number>>;
  readonly data: DataSpec;
  readonly epochs: number;
  readonly batchSize: number;
  readonly warmupFraction: number;
  readonly cacheDir: string;
  readonly jobs: number;
  /**
   * The arithmetic the workers run, when it is not tfjs-wasm with XNNPACK's GEMM (e.g. the native
   * OpenBLAS GEMM, or another backend): part of the results' config and of the phase-A cache key,
   * so that figures made with different arithmetic are never mixed. Unset for XNNPACK, so results
   * and caches made before the native path stay valid.
   */
  readonly numerics?: string;
  /** The paper's optimiser (TrainingSettings.optimizer); unset: AdamW, and keys made before it stay valid. */
  readonly optimizer?: 'paper';
}

/** {@link BenchSetup.numerics} for the backend the workers will set up (the same environment). */
export function numericsOf(info: BackendInfo): string | undefined {
  return info.choice === 'wasm' && info.gemm?.path !== 'native' ? undefined : info.description;
}

/** The parts of a setup that determine the figures (what results.json is keyed by). */
export function setupConfig(setup: BenchSetup): Record<string, unknown> {
  return {
    model: setup.source.id,
    taskA: setup.taskA,
    taskB: setup.taskB,
    protocol: setup.protocol,
    methods: Object.fromEntries(
      setup.plans.map((p) => [
        p.name,
        {
          lrs: p.lrs,
          ...penaltyOf(p),
        },
      ]),
    ),
    phaseALrs: setup.protocol === 'b-only' ? setup.phaseALrs : 'per method',
    dataSeed: setup.data.dataSeed,
    maxTrain: setup.data.maxTrain,
    maxEval: setup.data.maxEval,
    maxSeqLength: setup.data.maxSeqLength,
    epochs: setup.epochs,
    batchSize: setup.batchSize,
    warmupFraction: setup.warmupFraction,
    // The bytes of the data read: the same flags over edited files are another run.
    ...(setup.data.tasks === undefined
      ? {}
      : { data: Object.fromEntries(Object.entries(setup.data.tasks).map(([task, t]) => [task, t.sha256])) }),
    ...(setup.numerics === undefined ? {} : { numerics: setup.numerics }),
    ...(setup.optimizer === undefined ? {} : { optimizer: setup.optimizer }),
  };
}

/** What the benchmark needs of the pool of bench workers (a test may pass a fake). */
export type BenchPool = Pick<WorkerPool<BenchJob, BenchJobResult, BenchJobEvent>, 'run'>;

/** Starts `size` bench worker threads. */
export function createBenchPool(size: number): WorkerPool<BenchJob, BenchJobResult, BenchJobEvent> {
  return new WorkerPool<BenchJob, BenchJobResult, BenchJobEvent>({ size, module: new URL('./bench-worker', import.meta.url) });
}

/** What a phase's training settings depend on. */
export type TrainingSetup = Pick<BenchSetup, 'protocol' | 'epochs' | 'batchSize' | 'warmupFraction' | 'optimizer'>;

/** What {@link PhaseAProvider} needs: the training settings, and where this machine's model, data and cache are. */
export type PhaseASetup = TrainingSetup & Pick<BenchSetup, 'source' | 'data' | 'cacheDir'>;

/** Schedule of a phase: the paper's code (its protocol or its optimiser) warms up then follows a cosine; else HF's linear. */
export function settingsFor(setup: TrainingSetup, seed: number): TrainingSettings {
  return {
    epochs: setup.epochs,
    batchSize: setup.batchSize,
    warmupFraction: setup.warmupFraction,
    schedule: setup.protocol === 'paper' || setup.optimizer === 'paper' ? 'cosine' : 'linear',
    seed,
    ...(setup.optimizer === undefined ? {} : { optimizer: setup.optimizer }),
  };
}

/**
 * What a plan adds to its rates (EWC's or L2-SP's penalty, replay's memory) as jobs and results
 * configs carry it; nothing for the other methods.
 */
export function penaltyOf(plan: Pick<MethodPlan, 'ewcLambda' | 'ewcFisher' | 'l2spAlpha' | 'replay'>): {
  ewcLambda?: number;
  ewcFisher?: EwcFisher;
  l2spAlpha?: number;
  replay?: ReplaySettings;
} {
  return {
    ...(plan.ewcLambda === undefined ? {} : { ewcLambda: plan.ewcLambda }),
    ...(plan.ewcFisher === undefined ? {} : { ewcFisher: plan.ewcFisher }),
    ...(plan.l2spAlpha === undefined ? {} : { l2spAlpha: plan.l2spAlpha }),
    ...(plan.replay === undefined ? {} : { replay: plan.replay }),
  };
}

/** The phase-B job of a cell or trial: B from the cached phase A in `phaseADir` with the rates `lr`. */
export function phaseBJob(
  setup: BenchSetup,
  options: {
    label: string;
    phaseADir: string;
    lr: GroupLearningRates;
    ewcLambda?: number;
    ewcFisher?: EwcFisher;
    l2spAlpha?: number;
    replay?: ReplaySettings;
    seed: number;
    split: 'test' | 'validation';
    reportEpochs: boolean;
  },
): PhaseBJob {
  return {
    kind: 'phase-b',
    label: options.label,
    source: setup.source,
    data: setup.data,
    taskA: setup.taskA,
    taskB: setup.taskB,
    phaseADir: options.phaseADir,
    lr: options.lr,
    ...penaltyOf(options),
    settings: settingsFor(setup, options.seed),
    split: options.split,
    reportEpochs: options.reportEpochs,
  };
}

/** The phase-A cache key of a (method, seed) cell: shared by all methods under `b-only`. */
export function phaseAKeyFor(setup: BenchSetup, plan: MethodPlan, seed: number): PhaseAKey {
  const settings = settingsFor(setup, seed);
  const dataA = setup.data.tasks?.[setup.taskA];
  return {
    modelId: setup.source.id,
    taskA: setup.taskA,
    seed,
    dataSeed: setup.data.dataSeed,
    lrs: setup.protocol === 'b-only' ? setup.phaseALrs : plan.lrs,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    warmupFraction: settings.warmupFraction,
    schedule: settings.schedule,
    maxSeqLength: setup.data.maxSeqLength,
    maxTrain: setup.data.maxTrain,
    maxEval: setup.data.maxEval,
    ...(dataA === undefined ? {} : { data: dataA.sha256 }),
    ...(setup.numerics === undefined ? {} : { numerics: setup.numerics }),
    ...(setup.optimizer === undefined ? {} : { optimizer: setup.optimizer }),
  };
}

/** Phase A for a key: from the cache, or trained once however many cells ask at the same time. */
export class PhaseAProvider {
  readonly #pending = new Map<string, Promise<PhaseAJobResult>>();

  constructor(
    private readonly pool: BenchPool,
    private readonly setup: PhaseASetup,
    private readonly display: ProgressDisplay,
  ) {}

  get(key: PhaseAKey, signal: AbortSignal): Promise<PhaseAJobResult> {
    const id = JSON.stringify(key);
    let p = this.#pending.get(id);
    if (p === undefined) {
      p = this.#load(key, signal);
      this.#pending.set(id, p);
      p.catch(() => this.#pending.delete(id));
    }
    return p;
  }

  async #load(key: PhaseAKey, signal: AbortSignal): Promise<PhaseAJobResult> {
    const cached = await readPhaseA(this.setup.cacheDir, key);
    if (cached !== null) {
      this.display.log(`phase A ${key.taskA} seed ${key.seed}: reused from ${cached.dir}`);
      return {
        kind: 'phase-a',
        dir: cached.dir,
        pA: cached.pA,
        pAValidation: cached.pAValidation,
        seconds: cached.seconds,
        ...(cached.mlmBeforeA === undefined ? {} : { mlmBeforeA: cached.mlmBeforeA }),
        ...(cached.mlmAfterA === undefined ? {} : { mlmAfterA: cached.mlmAfterA }),
      };
    }
    const label = `${key.taskA} seed ${key.seed}`;
    const tag = `A ${label} ${Object.values(key.lrs).join(',')}`;
    try {
      const result = (await this.pool.run(
        {
          kind: 'phase-a',
          label,
          source: this.setup.source,
          data: this.setup.data,
          taskA: key.taskA,
          key,
          lr: key.lrs,
          settings: settingsFor(this.setup, key.seed),
          cacheDir: this.setup.cacheDir,
        },
        {
          signal,
          onEvent: (e) => {
            if (e.type === 'progress')
              this.display.update(tag, {
                phase: `A: ${key.taskA}`,
                label: `seed ${key.seed}`,
                step: e.step,
                totalSteps: e.totalSteps,
                loss: e.loss,
                etaSeconds: e.etaSeconds,
              });
          },
        },
      )) as PhaseAJobResult;
      this.display.log(`phase A ${label}: p_a ${(result.pA.headline * 100).toFixed(1)} (${result.seconds.toFixed(0)} s)`);
      return result;
    } finally {
      this.display.remove(tag);
    }
  }
}

/**
 * A sequence job with its first stage's folder on this machine: found in this machine's phase-A
 * cache by its key, or trained there (once, however many cells of the seed ask).
 */
export async function resolveFirstStage(
  job: SequenceJob,
  provider: Pick<PhaseAProvider, 'get'>,
  signal: AbortSignal,
): Promise<SequenceJob> {
  if (job.firstStage === undefined || job.firstStage.dir !== undefined) return job;
  const { dir } = await provider.get(job.firstStage.key, signal);
  return { ...job, firstStage: { key: job.firstStage.key, dir } };
}

/** What a finished (or interrupted) run reports. */
export interface BenchOutcome {
  readonly recorded: number;
  readonly skipped: number;
  readonly failed: number;
  readonly interrupted: boolean;
}

/**
 * Runs every (method, seed) cell not yet in `store`: phase A per seed (cached and shared), then
 * phase B per cell, `setup.jobs` at a time. Each finished cell is written to results.json at once;
 * a failed cell is recorded with its reason and the run goes on. After an abort no new job starts;
 * the jobs in flight finish and are saved.
 */
export async function runBenchmark(options: {
  setup: BenchSetup;
  store: ResultsStore;
  display: ProgressDisplay;
  signal: AbortSignal;
  pool: BenchPool;
  /** Where the cells run. Default: this machine's `pool` (a distributed run passes its queue). */
  cells?: PairCellRunner;
  onCell?: (cell: CellResult) => Promise<void> | void;
}): Promise<BenchOutcome> {
  const { setup, store, display, signal, pool } = options;
  const cells =
    options.cells ?? localPairCells({ provider: new PhaseAProvider(pool, setup, display), pool, source: setup.source, data: setup.data });
  const todo = setup.plans
    .flatMap((plan) => setup.seeds.map((seed) => ({ plan, seed })))
    .filter(({ plan, seed }) => store.completed(plan.name, seed) === undefined);
  const total = setup.plans.length * setup.seeds.length;
  let done = total - todo.length;
  let failed = 0;
  let recorded = 0;
  display.setOverall(`${setup.taskA} -> ${setup.taskB}`, done, total);
  const runCell = async ({ plan, seed }: { plan: MethodPlan; seed: number }): Promise<void> => {
    if (signal.aborted) return;
    const started = performance.now();
    const tag = `B ${plan.name} ${seed}`;
    let cell: CellResult;
    try {
      const { a, b } = await cells.run(pairCellWork(setup, plan, seed), {
        signal,
        onEvent: (e) => {
          if (e.type === 'progress')
            display.update(tag, {
              phase: `B: ${setup.taskB}`,
              label: `${plan.name} seed ${seed}`,
              step: e.step,
              totalSteps: e.totalSteps,
              loss: e.loss,
              etaSeconds: e.etaSeconds,
            });
        },
      });
      cell = {
        method: plan.name,
        seed,
        status: 'complete',
        pA: a.pA,
        pO: b.pO,
        pS: b.pS,
        mlm: {
          ...(a.mlmBeforeA === undefined ? {} : { beforeA: a.mlmBeforeA }),
          ...(a.mlmAfterA === undefined ? {} : { afterA: a.mlmAfterA }),
          ...(b.mlmAfterB === undefined ? {} : { afterB: b.mlmAfterB }),
        },
        lrs: { ...plan.lrs },
        // Phase B's own time (phase A is shared and cached; its time is in its cache entry).
        seconds: b.seconds,
        finishedAt: new Date().toISOString(),
      };
    } catch (error) {
      if (signal.aborted) return;
      failed++;
      cell = {
        method: plan.name,
        seed,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        lrs: { ...plan.lrs },
        seconds: (performance.now() - started) / 1000,
        finishedAt: new Date().toISOString(),
      };
    } finally {
      display.remove(tag);
    }
    await store.record(cell);
    recorded++;
    done++;
    display.setOverall(`${setup.taskA} -> ${setup.taskB}`, done, total);
    display.log(
      cell.status === 'complete'
        ? `cell ${plan.name} seed ${seed}: p_o ${(cell.pO!.headline * 100).toFixed(1)}, p_s ${(cell.pS!.headline * 100).toFixed(1)} (${cell.seconds.toFixed(0)} s)`
        : `cell ${plan.name} seed ${seed} FAILED: ${cell.error}`,
    );
    await options.onCell?.(cell);
  };
  // Seed-major order: every seed's phase A starts early, and a seed's cells follow its phase A.
  const ordered = setup.seeds.flatMap((seed) => todo.filter((t) => t.seed === seed));
  await Promise.all(ordered.map(runCell));
  return { recorded, skipped: total - todo.length, failed, interrupted: signal.aborted };
}
