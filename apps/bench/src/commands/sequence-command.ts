import { cpus } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@lrdist/model';
import { METHOD_NAMES, type MethodName, taskCliName } from '@lrdist/protocol';
import { COMMON_FLAGS, METHOD_FLAGS } from '../cli/common-flags.js';
import { without, type FlagSpec, type FlagValuesOf } from '../cli/flags.js';
import { DISTRIBUTED_FLAGS, distributedTargetOf } from '../cli/distributed-flags.js';
import { openDistributedRun } from '../distributed/distributed-run.js';
import { ArgsError } from '../errors.js';
import { renderStreamHtml, renderStreamMarkdown, renderStreamSvg, renderStreamTable, summarizeStreams } from '../report/stream-report.js';
import { ResultsStore } from '../results/results-store.js';
import type { SequenceJob, SequenceJobResult } from '../runner/jobs.js';
import { createBenchPool, PhaseAProvider, phaseAKeyFor, resolveFirstStage, settingsFor, setupConfig } from '../runner/run-benchmark.js';
import { resolveBench } from './bench-setup.js';
import type { CommandContext } from './command-context.js';
import { chooseOutputDir } from './output-dir.js';

/** Flags of `sequence`. */
export const SEQUENCE_FLAGS = [
  {
    name: 'tasks',
    kind: 'task-list',
    unique: true,
    default: ['sst2', 'mrpc', 'cola', 'rte'],
    help: 'the stream, learnt in this order (two or more tasks)',
    example: 'sst2,mrpc,cola,rte',
  },
  { name: 'distribution', kind: 'string', help: 'a distribution file, run as the `combined` method', example: 'dist.json' },
  {
    name: 'methods',
    kind: 'string-list',
    help: `methods to compare (${METHOD_NAMES.join(', ')})`,
    example: 'flat,l2sp',
    defaultText: 'flat,flat-matched,llrd,ewc,l2sp,replay,paper-combined (+combined when it exists)',
  },
  ...without(METHOD_FLAGS, 'methods'),
  {
    name: 'ewc-gamma',
    kind: 'number',
    min: 0,
    max: 1,
    default: 1,
    help: "online EWC: the decay of the Fisher sum at each task (1: every task's Fisher kept in full)",
    example: '0.9',
  },
  ...DISTRIBUTED_FLAGS,
  ...without(COMMON_FLAGS, 'protocol'),
] as const satisfies readonly FlagSpec[];

/** Help notes of `sequence`. */
export const SEQUENCE_NOTES = `The first stage learns its task at the flat LR (as phase A does); the method governs every later stage.
Each task has its own head; after every stage every task is scored on GLUE dev, which fills the accuracy
matrix R. ewc is online EWC: one Fisher sum over the tasks learnt so far (decayed by --ewc-gamma), anchored
at the weights after the latest; l2sp pulls each stage toward the weights it starts from; replay keeps
--replay-size training examples of each learnt task and mixes them into every later step (it needs the old data).
Results go to --out as each cell (method, seed) finishes; the same command again resumes.
With --storage and --run-name the cells are shared through PostgreSQL with \`pnpm bench worker --run NAME\`.`;

/** The methods a stream runs when --methods is not given. */
const DEFAULT_STREAM_METHODS: readonly MethodName[] = ['flat', 'flat-matched', 'llrd', 'ewc', 'l2sp', 'replay', 'paper-combined'];

/**
 * `sequence`: every method on a task stream over seeds: R per cell, then ACC, BWT, FWT and average
 * forgetting per method (mean and 95% interval), report.md and a heatmap of R per method.
 */
export async function sequenceCommand(flags: FlagValuesOf<typeof SEQUENCE_FLAGS>, ctx: CommandContext): Promise<number> {
  const tasks = flags.tasks.map(taskCliName);
  if (tasks.length < 2)
    throw new ArgsError(`--tasks must name two or more tasks, got '${tasks.join(',')}' (e.g. --tasks sst2,mrpc,cola,rte)`);
  const target = distributedTargetOf(flags);
  const resolved = await resolveBench({ ...flags, task: flags.tasks[1]!, original: flags.tasks[0]! }, ctx, {
    tasks,
    defaultMethods: DEFAULT_STREAM_METHODS,
    ...(flags.distribution === undefined ? {} : { distribution: flags.distribution }),
  });
  const { setup, backend } = resolved;
  // EWC's decay shapes its cells, so it keys the run (only when ewc runs: other runs keep their hash).
  const config = {
    kind: 'sequence',
    tasks,
    ...setupConfig(setup),
    ...(setup.plans.some((p) => p.name === 'ewc') ? { ewcGamma: flags['ewc-gamma'] } : {}),
  };
  const out = await chooseOutputDir({ cwd: ctx.cwd, out: flags.out, task: `sequence-${tasks.join('-')}`, config });
  const store = await ResultsStore.open({
    dir: out.dir,
    config,
    environment: {
      backend: backend.description,
      node: process.version,
      cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
      jobs: String(setup.jobs),
    },
  });
  const stream = tasks.join(' -> ');
  // Seed-major: a seed's first stage is trained once, then all its methods follow it, and a run
  // stopped half-way holds every method on the seeds it reached.
  const cells = setup.seeds.flatMap((seed) => setup.plans.map((plan) => ({ plan, seed })));
  const todo = cells.filter((c) => store.completed(c.plan.name, c.seed) === undefined);
  ctx.display.log(
    `lrdist bench sequence: ${stream}, model ${setup.source.spec}, methods ${setup.plans.map((p) => p.name).join(', ')}, ` +
      `seeds ${setup.seeds.join(',')}; ${cells.length - todo.length} of ${cells.length} cells done; writing ${out.dir}`,
  );
  const started = Date.now();
  let done = cells.length - todo.length;
  let failed = 0;
  let measured = 0;
  const local = createBenchPool(Math.min(setup.jobs, Math.max(1, todo.length)));
  // With --storage the cells go to the run's queue, for workers anywhere and for `local` (closed with it).
  const distributed =
    target === null
      ? null
      : await openDistributedRun({ target, kind: 'sequence', config, setup, pool: local, display: ctx.display, signal: ctx.signal });
  if (distributed !== null) ctx.display.log(distributed.joinLine);
  // Every method's first stage is the flat LR on tasks[0]: a pair's phase A, trained once per seed
  // and cached (a pair run with the same flags shares it). Cells of a distributed run resolve it on
  // the machine that takes them; here every cell's job is handed over at once, which publishes them
  // in one go.
  const firstStages = new PhaseAProvider(local, setup, ctx.display);
  const runStream = async (job: SequenceJob, options: Parameters<typeof local.run>[1]) =>
    distributed === null ? local.run(await resolveFirstStage(job, firstStages, ctx.signal), options) : distributed.run(job, options);
  try {
    ctx.display.setOverall(`stream ${stream}`, done, cells.length);
    await Promise.all(
      todo.map(async ({ plan, seed }) => {
        const tag = `${plan.name}/seed${seed}`;
        const t0 = Date.now();
        try {
          const result = (await runStream(
            {
              kind: 'sequence',
              label: tag,
              source: setup.source,
              data: setup.data,
              tasks,
              lrFirst: setup.phaseALrs,
              lr: plan.lr,
              ...(plan.l2spAlpha === undefined ? {} : { l2spAlpha: plan.l2spAlpha }),
              ...(plan.replay === undefined ? {} : { replay: plan.replay }),
              ...(plan.ewcLambda === undefined
                ? {}
                : { ewc: { lambda: plan.ewcLambda, gamma: flags['ewc-gamma'], fisher: plan.ewcFisher ?? 'example' } }),
              settings: settingsFor(setup, seed),
              firstStage: { key: phaseAKeyFor(setup, plan, seed) },
            },
            {
              signal: ctx.signal,
              onEvent: (e) => {
                if (e.type === 'progress')
                  ctx.display.update(tag, {
                    phase: 'stream',
                    label: tag,
                    step: e.step,
                    totalSteps: e.totalSteps,
                    loss: e.loss,
                    etaSeconds: e.etaSeconds,
                  });
              },
            },
          )) as SequenceJobResult;
          await store.record({
            method: plan.name,
            seed,
            status: 'complete',
            stream: { tasks, r: result.r, before: result.before },
            lrs: plan.lrs,
            seconds: result.seconds,
            finishedAt: new Date().toISOString(),
          });
          measured++;
        } catch (error) {
          if (ctx.signal.aborted) return;
          failed++;
          const message = (error as Error).message.split('\n')[0]!;
          ctx.display.log(`${tag} failed: ${message}`);
          await store.record({
            method: plan.name,
            seed,
            status: 'failed',
            error: message,
            seconds: (Date.now() - t0) / 1000,
            finishedAt: new Date().toISOString(),
          });
        } finally {
          ctx.display.remove(tag);
          done++;
          ctx.display.setOverall(`stream ${stream}`, done, cells.length);
        }
      }),
    );
  } finally {
    await (distributed ?? local).close();
  }
  ctx.display.finish();
  const summaries = summarizeStreams(
    store.cells,
    setup.plans.map((p) => p.name),
  );
  await writeFileAtomic(join(out.dir, 'report.md'), renderStreamMarkdown({ tasks, command: ctx.commandLine, summaries }));
  await writeFileAtomic(join(out.dir, 'stream-r.svg'), renderStreamSvg(tasks, summaries));
  await writeFileAtomic(join(out.dir, 'report.html'), renderStreamHtml({ tasks, command: ctx.commandLine, summaries }));
  const minutes = (Date.now() - started) / 60000;
  if (flags.json) {
    ctx.stdout.write(`${JSON.stringify({ out: out.dir, minutes, summaries, results: store.file }, null, 2)}\n`);
  } else {
    ctx.stdout.write(
      `\n${stream} (${setup.source.spec}, ${setup.seeds.length} seeds; x 100, mean ± 95% CI)\n${renderStreamTable(summaries)}\n`,
    );
    ctx.stdout.write(
      `\n${measured} cells measured, ${cells.length - todo.length} resumed, ${failed} failed in ${minutes.toFixed(1)} min; report: ${out.dir}/report.html` +
        `${ctx.signal.aborted ? '\ninterrupted: run the same command again to continue' : ''}\n`,
    );
  }
  if (ctx.signal.aborted) return 130;
  return failed > 0 ? 1 : 0;
}
