import { resolve } from 'node:path';
import { readDistributionFile, type LrDistribution } from '@lrdist/combine';
import { defaultGlueTaskRef, GLUE_TASKS, type GlueTaskRef } from '@lrdist/glue';
import { initBackend, type BackendInfo } from '@lrdist/model';
import { findCombinedDistribution, findModelDistribution } from '../config/find-combined.js';
import {
  type EwcFisher,
  METHOD_NAMES,
  type MethodName,
  MODEL_DEFAULTS,
  type ModelDefaults,
  planMethods,
  type PoolerPlacement,
  SEARCHED_CONTROLS,
  type SearchedControl,
  taskCliName,
  type ReplayStrategy,
} from '@lrdist/protocol';
import { ArgsError } from '../errors.js';
import { checkVocabulary, resolveModelSource, type ModelSource } from '../model/model-source.js';
import { numericsOf, type BenchSetup } from '../runner/run-benchmark.js';
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
  /** The backend the workers will run on (its arithmetic is in `setup.numerics` unless it is XNNPACK's). */
  readonly backend: BackendInfo;
}

/**
 * The flags {@link resolveBench} reads, as the commands' schemas deliver them: those with a default
 * are always set; the method flags are absent from commands that plan no methods (tune, finetune),
 * which then get the protocol's defaults.
 */
export interface BenchFlags {
  readonly task?: GlueTaskRef;
  readonly original?: GlueTaskRef;
  readonly model: string;
  readonly methods?: readonly string[];
  readonly lr?: number;
  readonly 'llrd-xi'?: number;
  readonly 'ewc-lambda'?: number;
  readonly 'l2sp-alpha'?: number;
  readonly 'replay-size'?: number;
  readonly 'replay-strategy'?: ReplayStrategy;
  readonly 'replay-per-step'?: number;
  readonly 'ewc-fisher'?: EwcFisher;
  readonly pooler?: PoolerPlacement;
  readonly optimizer?: 'adamw' | 'paper';
  readonly protocol?: 'b-only' | 'paper';
  readonly seeds?: readonly number[];
  readonly 'max-train'?: number;
  readonly 'max-eval'?: number;
  readonly 'max-seq-len'?: number;
  readonly epochs?: number;
  readonly 'batch-size'?: number;
  readonly 'data-dir'?: string;
  readonly 'data-seed': number;
  readonly 'cache-dir': string;
  readonly jobs: number;
}

/** The data of `tasks`, checked before any work (from `--data-dir` alone when it is given). */
export function checkTaskData(
  tasks: readonly string[],
  flags: { readonly 'data-dir'?: string },
  ctx: CommandContext,
): Promise<Record<string, TaskData>> {
  return ensureTaskData(tasks, { cwd: ctx.cwd, ...dataDirOf(flags, ctx) });
}

/** `--data-dir` as an absolute path, when given. */
export function dataDirOf(flags: { readonly 'data-dir'?: string }, ctx: CommandContext): { dataDir?: string } {
  return flags['data-dir'] === undefined ? {} : { dataDir: resolve(ctx.cwd, flags['data-dir']) };
}

/**
 * Task A and B of a pair by their canonical names (the form jobs, cache keys and results carry):
 * `--original` defaults to glue's table (GlueTaskSpec.defaultOriginal); A and B differ.
 */
export function pairOf(flags: { readonly task?: GlueTaskRef; readonly original?: GlueTaskRef }): { taskA: string; taskB: string } {
  if (flags.task === undefined) throw new ArgsError('--task is required: the second task, e.g. --task mrpc (see --help)');
  const taskB = taskCliName(flags.task);
  const taskA = taskCliName(flags.original ?? defaultGlueTaskRef(GLUE_TASKS[flags.task.task].defaultOriginal));
  if (taskA === taskB) throw new ArgsError(`--original must differ from --task, both are ${taskA}`);
  return { taskA, taskB };
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
 * further tasks the command trains on (tune, finetune), whose data is checked before any work too;
 * `defaultMethods` replaces the pair's default methods (`combined` is added to them when it exists).
 */
export async function resolveBench(
  flags: BenchFlags,
  ctx: CommandContext,
  options: { distribution?: string; tasks?: readonly string[]; defaultMethods?: readonly MethodName[] } = {},
): Promise<ResolvedBench> {
  const { taskA, taskB } = pairOf(flags);

  const tasks = await checkTaskData([taskA, taskB, ...(options.tasks ?? [])], flags, ctx);
  const source = await resolveCheckedModel(flags.model, ctx);
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
  const defaultMethods: MethodName[] = [
    ...(options.defaultMethods ?? (['flat', 'flat-matched', 'llrd', 'ewc', 'paper-combined'] as const)),
    ...(combined === null ? [] : ['combined' as const]),
  ];
  const isMethod = (m: string): m is MethodName => (METHOD_NAMES as readonly string[]).includes(m);
  const unknown = flags.methods?.find((m) => !isMethod(m));
  if (unknown !== undefined) throw new ArgsError(`--methods: unknown method ${unknown}; choose from ${METHOD_NAMES.join(', ')}`);
  const methods = flags.methods?.filter(isMethod) ?? defaultMethods;

  const flatLr = flags.lr ?? defaults.flatLr;
  const plans = planMethods({
    methods,
    layers,
    flatLr,
    llrdXi: flags['llrd-xi'] ?? defaults.llrdXi,
    ewcLambda: flags['ewc-lambda'] ?? defaults.ewcLambda,
    l2spAlpha: flags['l2sp-alpha'] ?? defaults.l2spAlpha,
    ...(flags['replay-size'] === undefined
      ? {}
      : {
          replay: {
            size: flags['replay-size'],
            strategy: flags['replay-strategy'] ?? 'balanced',
            ...(flags['replay-per-step'] === undefined ? {} : { perStep: flags['replay-per-step'] }),
          },
        }),
    combined,
    controls,
    ...(flags.pooler === undefined ? {} : { pooler: flags.pooler }),
    ...(flags['ewc-fisher'] === undefined ? {} : { ewcFisher: flags['ewc-fisher'] }),
  });
  const phaseALrs = planMethods({ methods: ['flat'], layers, flatLr, llrdXi: 1, ewcLambda: 0, combined: null })[0]!.lrs;
  const maxTrain = flags['max-train'] ?? defaults.maxTrain;
  const maxEval = flags['max-eval'] ?? defaults.maxEval;
  const setup: BenchSetup = {
    source,
    taskA,
    taskB,
    // tune and finetune take no --protocol: their phase A is always the flat one.
    protocol: flags.protocol ?? 'b-only',
    seeds: [...(flags.seeds ?? defaults.seeds)],
    plans,
    phaseALrs,
    data: {
      cwd: ctx.cwd,
      ...dataDirOf(flags, ctx),
      tasks,
      dataSeed: flags['data-seed'],
      maxTrain,
      maxEval,
      maxSeqLength: flags['max-seq-len'] ?? defaults.maxSeqLength,
    },
    epochs: flags.epochs ?? defaults.epochs,
    batchSize: flags['batch-size'] ?? defaults.batchSize,
    warmupFraction: defaults.warmupFraction,
    cacheDir: resolve(ctx.cwd, flags['cache-dir']),
    jobs: flags.jobs,
    ...(flags.optimizer === 'paper' ? { optimizer: 'paper' as const } : {}),
  };
  // Every command keys its phase-A cache and results by the workers' arithmetic, not only run and search.
  const backend = await initBackend();
  const numerics = numericsOf(backend);
  return { setup: numerics === undefined ? setup : { ...setup, numerics }, defaults, flatLr, layers, combinedPath, backend };
}
