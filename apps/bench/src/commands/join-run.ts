import { resolve } from 'node:path';
import { initBackend } from '@lrdist/model';
import { ArgsError, RunMismatchError } from '../errors.js';
import { CellWorker, newWorkerId } from '../distributed/cell-worker.js';
import { openCellQueue, type QueuedRun } from '../distributed/cell-queue.js';
import type { DataSpec } from '../runner/jobs.js';
import { createBenchPool, numericsOf, PhaseAProvider } from '../runner/run-benchmark.js';
import type { ModelSource } from '../model/model-source.js';
import { checkTaskData, dataDirOf, resolveCheckedModel } from './bench-setup.js';
import type { CommandContext } from './command-context.js';

/** The flags `worker --run` reads. */
export interface JoinRunFlags {
  readonly run: string;
  readonly storage: string;
  readonly 'data-dir'?: string;
  readonly 'cache-dir': string;
  readonly jobs: number;
  readonly json: boolean;
}

/**
 * `worker --run NAME`: joins a distributed run of `run`, `evaluate` or `sequence` from any machine
 * and works on its cells until none is left to take. Everything but where data and caches live
 * comes from the run; a machine whose task data, model weights or arithmetic differ refuses to join.
 */
export async function joinRunCommand(flags: JoinRunFlags, ctx: CommandContext): Promise<number> {
  const { run: name, jobs } = flags;
  if (!/^postgres(ql)?:\/\//.test(flags.storage)) {
    throw new ArgsError(`--run needs --storage postgresql://USER@HOST/DB, the PostgreSQL the run lives in; got '${flags.storage}'`);
  }
  const queue = await openCellQueue({ connectionString: flags.storage });
  let pool: ReturnType<typeof createBenchPool> | null = null;
  try {
    const run = await queue.getRun(name);
    const { source, data } = await checkMachine(run, flags, ctx);
    pool = createBenchPool(jobs);
    const cacheDir = resolve(ctx.cwd, flags['cache-dir']);
    ctx.display.log(
      `worker: joined run '${name}' (${run.spec.kind}, model ${run.spec.model}, ${await queue.waiting(name)} cells waiting) with ${jobs} jobs`,
    );
    const worker = new CellWorker({
      queue,
      run: name,
      workerId: newWorkerId(),
      slots: jobs,
      heartbeatTimeoutS: run.heartbeatTimeoutS,
      env: { pool, provider: new PhaseAProvider(pool, { ...run.spec.training, source, data, cacheDir }, ctx.display), source, data },
      display: ctx.display,
      signal: ctx.signal,
    });
    const outcome = await worker.work();
    ctx.display.finish();
    if (flags.json) ctx.stdout.write(`${JSON.stringify({ run: name, ...outcome }, null, 2)}\n`);
    else
      ctx.stdout.write(
        `worker: ran ${outcome.ran} cells of run '${name}' (${outcome.failed} failed, ${outcome.dropped} dropped); ` +
          `${ctx.signal.aborted ? 'interrupted' : 'nothing left to take'}\n`,
      );
    return ctx.signal.aborted ? 130 : 0;
  } finally {
    await pool?.close();
    await queue.close();
  }
}

/** This machine's model and data for the run, checked against the run's fingerprints before any work. */
async function checkMachine(
  run: QueuedRun,
  flags: Pick<JoinRunFlags, 'data-dir'>,
  ctx: CommandContext,
): Promise<{ source: ModelSource; data: DataSpec }> {
  const { spec, name } = run;
  const tasks = await checkTaskData(Object.keys(spec.data.tasks), flags, ctx);
  for (const [task, sha256] of Object.entries(spec.data.tasks)) {
    const here = tasks[task]!;
    if (here.sha256 !== sha256) {
      throw new RunMismatchError(
        `this machine's ${task} data (${here.root}, sha256 ${here.sha256.slice(0, 12)}) differs from the data of run '${name}' (sha256 ${sha256.slice(0, 12)}); ` +
          'pass --data-dir a folder with the same GLUE files',
      );
    }
  }
  const source = await resolveCheckedModel(spec.model, ctx);
  if (source.id !== spec.modelId) {
    throw new RunMismatchError(
      `this machine's ${spec.model} is ${source.id}, run '${name}' was made with ${spec.modelId}; install the same weights first`,
    );
  }
  const backend = await initBackend();
  const numerics = numericsOf(backend);
  if (numerics !== spec.numerics) {
    throw new RunMismatchError(
      `this machine computes with ${backend.description}, run '${name}' with ${spec.numerics ?? "tfjs-wasm and XNNPACK's GEMM"}; ` +
        'figures made with other arithmetic are not mixed (set $LRDIST_BACKEND to match)',
    );
  }
  const { dataSeed, maxTrain, maxEval, maxSeqLength } = spec.data;
  const data: DataSpec = { cwd: ctx.cwd, ...dataDirOf(flags, ctx), tasks, dataSeed, maxTrain, maxEval, maxSeqLength };
  return { source, data };
}
