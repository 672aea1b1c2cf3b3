import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { readDistributionFile, type LrDistribution } from '@lrdist/combine';
import { resolveGlueTask } from '@lrdist/glue';
import { DEFAULT_ORIGINAL } from '../cli/common-flags.js';
import type { FlagValues } from '../cli/flags.js';
import { findCombinedDistribution, findModelDistribution } from '../config/find-combined.js';
import { type EwcFisher, METHOD_NAMES, type MethodName, MODEL_DEFAULTS, type ModelDefaults, planMethods, type PoolerPlacement, SEARCHED_CONTROLS, type SearchedControl, taskCliName } from '@lrdist/protocol';
import { ArgsError } from '../errors.js';
import { checkVocabulary, resolveModelSource, type ModelSource } from '../model/model-source.js';
import type { BenchSetup } from '../runner/run-benchmark.js';
import type { CommandContext } from './command-context.js';
import { layerCountOf } from './layer-count.js';
import { ensureTaskData, type TaskData } from '../data/ensure-task-data.js';

/** A resolved benchmark setup plus what the report says about it. */
export interface ResolvedBench {
  readonly setup: BenchSetup;
  readonly defaults: ModelDefaults;
  readonly flatLr: number;
  /** Encoder layers of the model. */
  readonly layers: number;
  /** Where `combined` came from, if used. */
  readonly combinedPath: string | null;
}

/** Task name as the CLI spells it, with the error listing valid names for an unknown one. */
export function cliTask(name: string, flag: string): string {
  try {
    return taskCliName(resolveGlueTask(name));
  } catch (error) {
    throw new ArgsError(`${flag} ${name}: ${(error as Error).message}`, { cause: error });
  }
}

/** The data of `tasks`, checked before any work (from `--data-dir` alone when it is given). */
export function checkTaskData(tasks: readonly string[], flags: FlagValues, ctx: CommandContext): Promise<Record<string, TaskData>> {
  return ensureTaskData(tasks, {
    cwd: ctx.cwd,
    ...(typeof flags['data-dir'] === 'string' ? { dataDir: resolve(ctx.cwd, flags['data-dir']) } : {}),
  });
}

/** The model a spec names; a checkpoint without its own vocabulary is a one-line warning (or an error). */
export async function resolveCheckedModel(spec: string, ctx: CommandContext): Promise<ModelSource> {
  const source = await resolveModelSource(spec, { cwd: ctx.cwd, env: process.env });
  const vocabularyWarning = await checkVocabulary(source);
  if (vocabularyWarning !== null) ctx.display.log(vocabularyWarning);
  return source;
}

/**
 * Resolves a benchmark from flags, model defaults and the files lrdist ships (the `mini` model,
 * its combined distribution). `distribution` (evaluate) takes the role of `combined`; `tasks` are
 * further tasks the command trains on (tune, finetune), whose data is checked before any work too.
 */
export async function resolveBench(flags: FlagValues, ctx: CommandContext, options: { distribution?: string; tasks?: readonly string[] } = {}): Promise<ResolvedBench> {
  if (typeof flags['task'] !== 'string') throw new ArgsError('--task is required: the second task, e.g. --task mrpc (see --help)');
  const taskB = cliTask(flags['task'], '--task');
  const originalFlag = flags['original'];
  const taskA = typeof originalFlag === 'string' ? cliTask(originalFlag, '--original') : DEFAULT_ORIGINAL[taskB];
  if (taskA === undefined) throw new ArgsError(`--original is required for --task ${taskB}`);
  if (taskA === taskB) throw new ArgsError(`--original must differ from --task, both are ${taskA}`);

  const tasks = await checkTaskData([taskA, taskB, ...(options.tasks ?? [])], flags, ctx);
  const source = await resolveCheckedModel(String(flags['model'] ?? 'mini'), ctx);
  const layers = await layerCountOf(source);
  const preset = source.preset === 'bert-base-uncased' || (source.preset === 'custom' && layers > 6) ? 'bert-base-uncased' : 'mini';
  const defaults: ModelDefaults = MODEL_DEFAULTS[preset];

  let combined: LrDistribution | null = null;
  let combinedPath: string | null = null;
  if (options.distribution !== undefined) {
    combinedPath = resolve(ctx.cwd, options.distribution);
    combined = await readDistributionFile(combinedPath);
  } else if (source.preset === 'mini' || source.preset === 'bert-base-uncased') {
    const found = await findCombinedDistribution(source.preset, ctx.cwd);
    if (found !== null) ({ path: combinedPath, distribution: combined } = found);
  }
  const controls: Partial<Record<SearchedControl, LrDistribution>> = {};
  if (source.preset === 'mini' || source.preset === 'bert-base-uncased') {
    for (const kind of SEARCHED_CONTROLS) {
      const found = await findModelDistribution(source.preset, kind, ctx.cwd);
      if (found !== null) controls[kind] = found.distribution;
    }
  }
  const defaultMethods: MethodName[] = ['flat', 'flat-matched', 'llrd', 'ewc', 'paper-combined', ...(combined === null ? [] : ['combined' as const])];
  const methodFlag = flags['methods'] as string[] | undefined;
  const unknown = methodFlag?.find((m) => !(METHOD_NAMES as readonly string[]).includes(m));
  if (unknown !== undefined) throw new ArgsError(`--methods: unknown method ${unknown}; choose from ${METHOD_NAMES.join(', ')}`);
  const methods = (methodFlag as MethodName[] | undefined) ?? defaultMethods;

  const flatLr = (flags['lr'] as number | undefined) ?? defaults.flatLr;
  const plans = planMethods({
    methods,
    layers,
    flatLr,
    llrdXi: (flags['llrd-xi'] as number | undefined) ?? defaults.llrdXi,
    ewcLambda: (flags['ewc-lambda'] as number | undefined) ?? defaults.ewcLambda,
    combined,
    controls,
    pooler: (flags['pooler'] as PoolerPlacement | undefined) ?? 'head',
    ewcFisher: (flags['ewc-fisher'] as EwcFisher | undefined) ?? 'example',
  });
  const phaseALrs = planMethods({ methods: ['flat'], layers, flatLr, llrdXi: 1, ewcLambda: 0, combined: null })[0]!.lrs;
  const maxTrain = (flags['max-train'] as number | undefined) ?? defaults.maxTrain;
  const maxEval = (flags['max-eval'] as number | undefined) ?? defaults.maxEval;
  const setup: BenchSetup = {
    source,
    taskA,
    taskB,
    protocol: (flags['protocol'] as 'b-only' | 'paper' | undefined) ?? 'b-only',
    seeds: (flags['seeds'] as number[] | undefined) ?? [...defaults.seeds],
    plans,
    phaseALrs,
    data: {
      cwd: ctx.cwd,
      ...(typeof flags['data-dir'] === 'string' ? { dataDir: resolve(ctx.cwd, flags['data-dir']) } : {}),
      tasks,
      dataSeed: (flags['data-seed'] as number | undefined) ?? 0,
      maxTrain,
      maxEval,
      maxSeqLength: (flags['max-seq-len'] as number | undefined) ?? defaults.maxSeqLength,
    },
    epochs: (flags['epochs'] as number | undefined) ?? defaults.epochs,
    batchSize: (flags['batch-size'] as number | undefined) ?? defaults.batchSize,
    warmupFraction: defaults.warmupFraction,
    cacheDir: resolve(ctx.cwd, String(flags['cache-dir'] ?? '.cache/lrdist')),
    jobs: (flags['jobs'] as number | undefined) ?? Math.max(1, cpus().length),
    ...(flags['optimizer'] === 'paper' ? { optimizer: 'paper' as const } : {}),
  };
  return { setup, defaults, flatLr, layers, combinedPath };
}
