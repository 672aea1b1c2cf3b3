import { cpus, totalmem } from 'node:os';
import { glueNumLabels, resolveGlueTask } from '@lrdist/glue';
import { estimateTrainingMemory } from '@lrdist/model';
import { COMMON_FLAGS, DEFAULT_ORIGINAL_NOTE, METHOD_FLAGS, PAIR_FLAGS } from '../cli/common-flags.js';
import type { FlagSpec, FlagValuesOf } from '../cli/flags.js';
import { DISTRIBUTED_FLAGS, distributedTargetOf } from '../cli/distributed-flags.js';
import { type DistributedRun, openDistributedRun } from '../distributed/distributed-run.js';
import { ArgsError } from '../errors.js';
import { readModelConfig } from '../model/model-source.js';
import { estimateRun, type RunEstimate } from '../runner/estimate-run.js';
import { checkMemory } from '../runner/memory-check.js';
import { createBenchPool, runBenchmark, settingsFor, setupConfig } from '../runner/run-benchmark.js';
import { formatWallTimeLine } from '../runner/wall-time.js';
import { renderTextTable } from '../report/results-table.js';
import { summarizeMethods } from '../report/method-summary.js';
import { writeReports, type ReportInput } from '../report/write-report.js';
import { ResultsStore } from '../results/results-store.js';
import { resolveBench, type ResolvedBench } from './bench-setup.js';
import type { CommandContext } from './command-context.js';
import { chooseOutputDir } from './output-dir.js';

/** Flags of `run` (the default command). */
export const RUN_FLAGS = [...PAIR_FLAGS, ...METHOD_FLAGS, ...DISTRIBUTED_FLAGS, ...COMMON_FLAGS] as const satisfies readonly FlagSpec[];

/** Help notes of `run`. */
export const RUN_NOTES = `${DEFAULT_ORIGINAL_NOTE}.
Results go to --out as they are measured; the same command again resumes and repeats nothing.
With --storage and --run-name the cells are shared through PostgreSQL: \`pnpm bench worker --run NAME
--storage URL\` on any machine takes some, this command works on them too, waits for all and writes
results.json and the report here, as without.`;

function setupLines(r: ResolvedBench, backend: string, extra: (readonly [string, string])[]): (readonly [string, string])[] {
  const s = r.setup;
  return [
    ['pair', `${s.taskA} (A) -> ${s.taskB} (B)`],
    ['model', `${s.source.spec} (${s.source.id})`],
    ['protocol', s.protocol],
    ['seeds', s.seeds.join(', ')],
    [
      'data',
      `train capped at ${s.data.maxTrain ?? 'all'}, validation/test at ${s.data.maxEval ?? 'all'} (data seed ${s.data.dataSeed}); test = GLUE dev`,
    ],
    [
      'training',
      `${s.epochs} epochs, batch ${s.batchSize}, max ${s.data.maxSeqLength} tokens, ` +
        (s.optimizer === 'paper'
          ? "Adam (no weight decay, no clipping; A's moments carried into B)"
          : 'AdamW (weight decay 0.01, clipping at norm 1)') +
        `, warm-up ${s.warmupFraction * 100}% then ${settingsFor(s, 0).schedule} decay`,
    ],
    ['phase A', s.protocol === 'b-only' ? `flat ${r.flatLr}, cached per seed` : "each method's distribution"],
    ...r.setup.plans.map((p) => [`method ${p.name}`, p.description] as const),
    ['backend', `${backend}; ${s.jobs} worker threads; ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}`],
    ...extra,
  ];
}

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/** Times a few steps on one worker and logs the wall-time estimate of the run; null when there is none. */
async function logWallTimeEstimate(options: {
  resolved: ResolvedBench;
  store: ResultsStore;
  pool: ReturnType<typeof createBenchPool>;
  ctx: CommandContext;
  modelConfig: Awaited<ReturnType<typeof readModelConfig>>;
  measuring: boolean;
}): Promise<string | null> {
  const { resolved, store, pool, ctx, modelConfig } = options;
  const { setup, backend: backendInfo } = resolved;
  let run: RunEstimate | null = null;
  try {
    if (options.measuring)
      ctx.display.log(`timing a few training steps at batch ${setup.batchSize} on one worker for the wall-time estimate...`);
    run = await estimateRun({ setup, store, pool, signal: ctx.signal, cores: cpus().length });
  } catch (error) {
    // The estimate is advice: a run goes on without it (a real fault shows again in the cells).
    if (!ctx.signal.aborted) ctx.display.log(`warning: no wall-time estimate: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (run === null) return null;
  const line = formatWallTimeLine(run.estimate, { jobs: setup.jobs, batchSize: setup.batchSize });
  ctx.display.log(line);
  const heap = run.probe.measurement.heapBytes;
  if (heap !== null) {
    const predicted = estimateTrainingMemory({
      config: modelConfig,
      batchSize: setup.batchSize,
      seqLength: run.probe.seqLength,
      gemm: backendInfo.gemm?.path ?? 'native',
    }).heapBytes;
    ctx.display.log(
      `  measured on one worker: wasm heap ${gib(heap)} after steps at batch ${setup.batchSize} x ${run.probe.seqLength} tokens ` +
        `(the longest training example; estimated ${gib(predicted)})`,
    );
  }
  return line;
}

/** Runs (or resumes) the methods on a pair and writes results.json, report.md and report.html. */
export async function runPair(
  flags: FlagValuesOf<typeof RUN_FLAGS>,
  ctx: CommandContext,
  options: { distribution?: string } = {},
): Promise<number> {
  // A half-given distributed run is a flag error, before any work.
  const target = distributedTargetOf(flags);
  const resolved = await resolveBench(flags, ctx, options);
  const { setup, backend: backendInfo } = resolved;
  const backend = backendInfo.description;
  // Before any work: a shape that cannot fit a worker's wasm heap stops here, with the fix.
  const modelConfig = await readModelConfig(setup.source);
  const memory = checkMemory({
    config: modelConfig,
    batchSize: setup.batchSize,
    seqLength: setup.data.maxSeqLength,
    numLabels: Math.max(...[setup.taskA, setup.taskB].map((t) => glueNumLabels(resolveGlueTask(t).task))),
    jobs: setup.jobs,
    gemm: backendInfo.choice === 'wasm' ? (backendInfo.gemm?.path ?? 'native') : null,
    totalMemoryBytes: totalmem(),
  });
  if (memory.level === 'error') throw new ArgsError(`memory: ${memory.line}`);
  const config = setupConfig(setup);
  const out = await chooseOutputDir({ cwd: ctx.cwd, out: flags.out, task: setup.taskB, config });
  const store = await ResultsStore.open({
    dir: out.dir,
    config,
    environment: { backend, node: process.version, cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`, jobs: String(setup.jobs) },
  });
  const done = setup.plans.reduce((n, p) => n + setup.seeds.filter((s) => store.completed(p.name, s) !== undefined).length, 0);
  const total = setup.plans.length * setup.seeds.length;
  ctx.display.log(
    `lrdist bench: ${setup.taskA} -> ${setup.taskB}, model ${setup.source.spec}, protocol ${setup.protocol}, ` +
      `methods ${setup.plans.map((p) => p.name).join(', ')}, seeds ${setup.seeds.join(',')}`,
  );
  ctx.display.log(
    `  ${setup.epochs} epochs, batch ${setup.batchSize}, max ${setup.data.maxSeqLength} tokens, train cap ${setup.data.maxTrain ?? 'none'}, ` +
      `eval cap ${setup.data.maxEval ?? 'none'}; backend ${backend}; ${setup.jobs} jobs`,
  );
  ctx.display.log(`  output ${out.dir}${done > 0 ? ` (resuming: ${done} of ${total} cells already measured)` : ''}`);
  ctx.display.log(`${memory.level === 'warning' ? 'warning: ' : ''}memory: ${memory.line}`);
  const started = Date.now();
  const report = async (): Promise<ReportInput> => {
    const input: ReportInput = {
      results: store.file,
      plans: setup.plans,
      pair: `${setup.taskA} -> ${setup.taskB}`,
      setup: setupLines(resolved, backend, [
        ['memory', memory.line],
        ...(estimateLine === null ? [] : [['estimate', estimateLine] as const]),
        ['wall time of this sitting', `${((Date.now() - started) / 60000).toFixed(1)} min`],
        ['command', ctx.commandLine],
      ]),
    };
    await writeReports(out.dir, input);
    return input;
  };
  const pool = createBenchPool(setup.jobs);
  let distributed: DistributedRun | null = null;
  let outcome;
  let estimateLine: string | null = null;
  try {
    if (target === null) {
      estimateLine = await logWallTimeEstimate({ resolved, store, pool, ctx, modelConfig, measuring: done < total });
    } else {
      // The estimate is for one machine; with others joining it would only mislead.
      distributed = await openDistributedRun({ target, kind: 'pair', config, setup, pool, display: ctx.display, signal: ctx.signal });
      ctx.display.log(distributed.joinLine);
    }
    outcome = await runBenchmark({
      setup,
      store,
      display: ctx.display,
      signal: ctx.signal,
      pool,
      ...(distributed === null ? {} : { cells: distributed.pairCells }),
    });
  } finally {
    await distributed?.close();
    await pool.close();
  }
  await report();
  ctx.display.finish();
  const summaries = summarizeMethods(
    store.cells,
    setup.plans.map((p) => p.name),
  );
  const minutes = (Date.now() - started) / 60000;
  if (flags.json) {
    ctx.stdout.write(`${JSON.stringify({ out: out.dir, minutes, outcome, summaries, results: store.file }, null, 2)}\n`);
  } else {
    ctx.stdout.write(
      `\n${setup.taskA} -> ${setup.taskB} (${setup.source.spec}, ${setup.protocol}, ${setup.seeds.length} seeds; x 100, mean ± 95% CI)\n`,
    );
    ctx.stdout.write(`${renderTextTable(summaries)}\n`);
    ctx.stdout.write(
      `\n${outcome.recorded} cells measured, ${outcome.skipped} resumed, ${outcome.failed} failed in ${minutes.toFixed(1)} min; ` +
        `report: ${out.dir}/report.html${outcome.interrupted ? '\ninterrupted: run the same command again to continue' : ''}\n`,
    );
  }
  if (outcome.interrupted) return 130;
  return outcome.failed > 0 ? 1 : 0;
}
