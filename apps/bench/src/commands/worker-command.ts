import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { loadStudy, localWorkerGone } from '@lrdist/search';
import { initBackend } from '@lrdist/model';
import { COMMON_FLAGS } from '../cli/common-flags.js';
import { without, type FlagSpec, type FlagValuesOf } from '../cli/flags.js';
import { checkTaskData, dataDirOf, resolveCheckedModel } from './bench-setup.js';
import { ArgsError, StudyConfigError } from '../errors.js';
import { createBenchPool, numericsOf } from '../runner/run-benchmark.js';
import type { CommandContext } from './command-context.js';
import { joinRunCommand } from './join-run.js';
import { openStudyStorage, STUDY_FLAGS, summarizeStudy } from './search-command.js';
import { SEARCH_CONFIG_ATTR, searchConfigSchema } from './search-config.js';
import { describeWait, prunerOf, runSearch, samplerOf, searchSetup } from './search-runner.js';

/** Flags of `worker`. */
export const WORKER_FLAGS = [
  ...STUDY_FLAGS,
  {
    name: 'run',
    kind: 'string',
    safeName: true,
    help: 'join a distributed run instead (`run`, `evaluate` or `sequence` with --storage and --run-name NAME); --storage must be its PostgreSQL',
    example: 'rte-mini',
  },
  // Everything else comes from the study itself.
  ...without(
    COMMON_FLAGS,
    'model',
    'protocol',
    'seeds',
    'max-train',
    'max-eval',
    'epochs',
    'batch-size',
    'max-seq-len',
    'data-seed',
    'out',
  ),
] as const satisfies readonly FlagSpec[];

/**
 * `worker`: joins an existing search study from any machine. Everything but where the data and
 * caches live comes from the study itself (model, pair, caps, sampler, pruner), so every worker
 * trains exactly what the study asked for; a worker whose model weights differ refuses to join.
 */
export async function workerCommand(flags: FlagValuesOf<typeof WORKER_FLAGS>, ctx: CommandContext): Promise<number> {
  const { study: studyName, jobs } = flags;
  if (flags.run !== undefined) {
    if (studyName !== undefined) throw new ArgsError('give --study (a search study) or --run (a distributed run), not both');
    return joinRunCommand({ ...flags, run: flags.run }, ctx);
  }
  if (studyName === undefined)
    throw new ArgsError('--study is required: the name of a study made by `pnpm bench search` (or --run NAME: a distributed run)');
  const storage = await openStudyStorage(flags, ctx);
  let pool: ReturnType<typeof createBenchPool> | null = null;
  try {
    const probe = await loadStudy({ storage, studyName });
    const parsed = searchConfigSchema.safeParse((await probe.userAttrs())[SEARCH_CONFIG_ATTR]);
    if (!parsed.success)
      throw new StudyConfigError(`study ${studyName} has no valid ${SEARCH_CONFIG_ATTR}: it was not created by \`pnpm bench search\``);
    const config = parsed.data;
    // The study's data, checked here before any work (one line naming the task and the fix), and its fingerprint keys phase A.
    const tasks = await checkTaskData([config.taskA, config.taskB], flags, ctx);
    const source = await resolveCheckedModel(config.model, ctx);
    if (source.id !== config.modelId) {
      throw new StudyConfigError(
        `this machine's ${config.model} is ${source.id}, the study was made with ${config.modelId}; install the same weights first`,
      );
    }
    const study = await loadStudy({
      storage,
      studyName,
      sampler: samplerOf(config),
      pruner: prunerOf(config),
      heartbeat: { intervalMs: 30_000, staleAfterMs: 300_000, onStale: 'requeue', isWorkerGone: localWorkerGone },
      workerId: `${hostname()}:${process.pid}`,
      onWait: (e) => ctx.display.log(describeWait(e)),
    });
    ctx.display.log(`worker: joined ${study.studyName} (${config.taskA} -> ${config.taskB}, ${config.trials} trials) with ${jobs} jobs`);
    pool = createBenchPool(jobs);
    const numerics = numericsOf(await initBackend());
    const setup = searchSetup(config, source, {
      ...(numerics === undefined ? {} : { numerics }),
      cwd: ctx.cwd,
      ...dataDirOf(flags, ctx),
      cacheDir: resolve(ctx.cwd, flags['cache-dir']),
      jobs,
      tasks,
    });
    const result = await runSearch({ study, config, setup, pool, display: ctx.display, signal: ctx.signal });
    ctx.display.finish();
    await summarizeStudy(study, config, ctx, resolve(ctx.cwd, flags.out));
    ctx.stdout.write(`worker: ran ${result.ran} trials (${result.stoppedBy})\n`);
    return ctx.signal.aborted ? 130 : 0;
  } finally {
    await pool?.close();
    await storage.close();
  }
}
