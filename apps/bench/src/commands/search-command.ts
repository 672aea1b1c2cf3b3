import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { bertGroups, fromTrials, renderDistributionsSvg, writeDistributionFile, type TrialRecord } from '@lrdist/combine';
import { createStudy, localWorkerGone, openStorage, StudyNotFoundError, type FrozenTrial, type Storage, type Study } from '@lrdist/search';
import { initBackend, writeFileAtomic } from '@lrdist/model';
import { COMMON_FLAGS, DEFAULT_ORIGINAL_NOTE, PAIR_FLAGS } from '../cli/common-flags.js';
import { without, type FlagSpec, type FlagValuesOf } from '../cli/flags.js';
import { MODEL_DEFAULTS } from '@lrdist/protocol';
import { ArgsError, StudyConfigError } from '../errors.js';
import { createBenchPool, numericsOf } from '../runner/run-benchmark.js';
import { checkTaskData, dataDirOf, pairOf, resolveCheckedModel } from './bench-setup.js';
import type { CommandContext } from './command-context.js';
import { SEARCH_CONFIG_ATTR, searchConfigSchema, type SearchConfig } from './search-config.js';
import { describeWait, flatParams, groupLrsOf, prunerOf, runSearch, samplerOf, searchSetup } from './search-runner.js';
import { layerCountOf } from './layer-count.js';

/** Flags naming a study and where it lives. */
export const STUDY_FLAGS = [
  {
    name: 'study',
    kind: 'string',
    safeName: true,
    help: 'study name',
    example: 'sst2-mrpc-mini',
    defaultText: '<A>-<B>-<model>-<protocol>',
  },
  {
    name: 'storage',
    kind: 'string',
    default: 'journal:runs/studies.jsonl',
    help: 'journal:PATH or postgres://user@host/db',
    example: 'journal:runs/studies.jsonl',
  },
  {
    name: 'out',
    kind: 'string',
    default: 'runs/studies',
    help: "folder of the study's distribution (JSON and SVG)",
    example: 'runs/studies',
  },
] as const satisfies readonly FlagSpec[];

/** Flags of `search`. */
export const SEARCH_FLAGS = [
  ...PAIR_FLAGS,
  ...STUDY_FLAGS,
  { name: 'trials', kind: 'int', min: 1, default: 50, help: 'finished trials the study aims at (first: flat)', example: '50' },
  {
    name: 'sampler',
    kind: 'enum',
    values: ['gp', 'tpe-mv', 'random'],
    default: 'gp',
    help: 'GP-BO (the paper), multivariate TPE, random',
    example: 'gp',
  },
  {
    name: 'objective',
    kind: 'enum',
    values: ['sum', 'pareto'],
    default: 'sum',
    help: "p_o + p_s (the paper's), or (p_o, p_s) as a Pareto problem",
    example: 'sum',
  },
  {
    name: 'pruner',
    kind: 'enum',
    values: ['asha', 'median', 'none'],
    default: 'asha',
    help: 'stop bad trials after an epoch',
    example: 'asha',
  },
  {
    name: 'space',
    kind: 'enum',
    values: ['groups', 'llrd', 'flat', 'two-group'],
    help: 'one log LR per group in [1e-7, 1e-3]; LLRD (lr, xi); flat: one LR for all (the fair single-LR control); two-group: encoder and head',
    example: 'groups',
    default: 'groups',
  },
  { name: 'seed', kind: 'int', min: 0, default: 0, help: 'first training seed of every trial', example: '0' },
  {
    name: 'seeds-per-trial',
    kind: 'int',
    min: 1,
    default: 1,
    help: 'seeds a trial that survives pruning is scored on (mean)',
    example: '3',
  },
  {
    name: 'sampler-seed',
    kind: 'int',
    min: 0,
    help: 'seed of the sampler',
    example: '0',
    defaultText: "the study's (new study: a hash of its name)",
  },
  {
    name: 'lr',
    kind: 'number',
    min: 0,
    exclusiveMin: true,
    help: "the flat baseline's LR (first trial, and phase A)",
    example: '1e-4',
    defaultText: "the model's",
  },
  {
    name: 'protocol',
    kind: 'enum',
    values: ['b-only', 'paper'],
    default: 'b-only',
    help: 'b-only: search governs B only; paper: A and B',
    example: 'b-only',
  },
  ...without(COMMON_FLAGS, 'seeds', 'protocol', 'out'),
] as const satisfies readonly FlagSpec[];

/**
 * A new study's default sampler seed: a hash of its name, so that studies of different pairs do not
 * all start from the same random start-up points (with one fixed seed they did), while the same
 * command still makes the same study.
 */
export function samplerSeedOf(studyName: string): number {
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (const byte of new TextEncoder().encode(studyName)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash & 0x7fffffff;
}

/** The sampler seed an existing study was made with, so that resuming it needs no --sampler-seed. */
async function storedSamplerSeed(storage: Storage, studyName: string): Promise<number | undefined> {
  const existing = await storage.getStudy(studyName).catch((error: unknown) => {
    if (error instanceof StudyNotFoundError) return undefined;
    throw error;
  });
  const stored = searchConfigSchema.safeParse(existing?.userAttrs[SEARCH_CONFIG_ATTR]);
  return stored.success ? stored.data.samplerSeed : undefined;
}

/** `--storage` as an absolute URL (default a journal under runs/). */
function storageUrlOf(flags: { readonly storage: string }, ctx: CommandContext): string {
  const spec = flags.storage;
  return spec.startsWith('journal:') ? `journal:${resolve(ctx.cwd, spec.slice('journal:'.length))}` : spec;
}

/** The command that opens the live dashboard on a study (a password in a PostgreSQL URL is not printed). */
export function dashboardLine(storageUrl: string, studyName: string): string {
  let shown = storageUrl;
  if (/^postgres(ql)?:/.test(storageUrl)) {
    try {
      const u = new URL(storageUrl);
      if (u.password !== '') u.password = '***';
      shown = u.toString();
    } catch {
      shown = 'postgres://...';
    }
  }
  const quote = (x: string) => (/^[\w./:@%+=,-]+$/.test(x) ? x : `'${x.replace(/'/g, `'\\''`)}'`);
  return `watch it live: pnpm --filter @lrdist/bench exec lrdist-search dashboard --storage ${quote(shown)} --study ${quote(studyName)}`;
}

/** Opens `--storage` (default a journal under runs/). */
export async function openStudyStorage(flags: { readonly storage: string }, ctx: CommandContext): Promise<Storage> {
  const spec = flags.storage;
  const url = storageUrlOf(flags, ctx);
  try {
    return await openStorage(url);
  } catch (cause) {
    throw new ArgsError(`--storage ${spec}: ${(cause as Error).message} (use journal:PATH or postgres://user@host:port/db)`, { cause });
  }
}

/** Prints the study's best trials and writes its distribution (rank-weighted geometric mean). */
export async function summarizeStudy(study: Study, config: SearchConfig, ctx: CommandContext, outDir: string): Promise<void> {
  const trials = await study.getTrials();
  const records: TrialRecord[] = trials.map((t) => ({
    number: t.number,
    state: t.state,
    values: t.values === null ? null : [...t.values],
    params: t.state === 'complete' ? groupLrsOf(t.params as Record<string, number>, config) : {},
  }));
  const complete = trials.filter((t) => t.state === 'complete' && t.values !== null);
  const score = (v: readonly number[]): number => v.reduce((a, x) => a + x, 0);
  const top = complete
    .slice()
    .sort((a, b) => score(b.values!) - score(a.values!))
    .slice(0, 5);
  ctx.stdout.write(
    `\nstudy ${study.studyName}: ${trials.length} trials (${complete.length} complete, ${trials.filter((t) => t.state === 'pruned').length} pruned, ${trials.filter((t) => t.state === 'failed').length} failed)\n`,
  );
  const line = (label: string, t: FrozenTrial): string =>
    `  ${label}: p_o ${(((t.userAttrs['p_o'] as number | undefined) ?? Number.NaN) * 100).toFixed(1)}, p_s ${(((t.userAttrs['p_s'] as number | undefined) ?? Number.NaN) * 100).toFixed(1)}  ` +
    Object.entries(t.params)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? v.toExponential(1) : String(v)}`)
      .join(' ') +
    '\n';
  for (const t of top) ctx.stdout.write(line(`trial ${String(t.number).padStart(3)}`, t));
  const flat = flatParams(config);
  const flatTrial = complete.find((t) => Object.entries(flat).every(([k, v]) => t.params[k] === v));
  if (flatTrial !== undefined && !top.includes(flatTrial)) ctx.stdout.write(line(`flat (trial ${flatTrial.number})`, flatTrial));
  if (complete.length === 0) return;
  const dist = fromTrials(records, {
    groups: bertGroups(config.layers),
    objective: config.objective,
    provenance: { model: config.model, pairs: [`${config.taskA}->${config.taskB}`], studies: [study.studyName] },
  });
  const file = join(outDir, `${study.studyName}.distribution.json`);
  await writeDistributionFile(file, dist);
  await writeFileAtomic(
    join(outDir, `${study.studyName}.distribution.svg`),
    renderDistributionsSvg([{ label: study.studyName, distribution: dist }], {
      title: `Searched distribution, ${config.taskA} -> ${config.taskB}`,
    }),
  );
  ctx.stdout.write(`distribution of the study (${config.objective === 'sum' ? 'rank-weighted 1.8^-rank' : 'Pareto front'}): ${file}\n`);
}

/** `search`: searches a distribution on the validation split; resumable. */
export async function searchCommand(flags: FlagValuesOf<typeof SEARCH_FLAGS>, ctx: CommandContext): Promise<number> {
  const { taskA, taskB } = pairOf(flags);
  const tasks = await checkTaskData([taskA, taskB], flags, ctx);
  const modelSpec = flags.model;
  const source = await resolveCheckedModel(modelSpec, ctx);
  const layers = await layerCountOf(source);
  const defaults = MODEL_DEFAULTS[source.preset === 'bert-base-uncased' ? 'bert-base-uncased' : 'mini'];
  const { protocol, jobs } = flags;
  const studyName = flags.study ?? `${taskA}-${taskB}-${modelSpec.replace(/[^A-Za-z0-9_-]/g, '_')}-${protocol}`;
  const storage = await openStudyStorage(flags, ctx);
  const pool = createBenchPool(jobs);
  try {
    const config: SearchConfig = searchConfigSchema.parse({
      version: 1,
      model: modelSpec,
      modelId: source.id,
      taskA,
      taskB,
      protocol,
      seed: flags.seed,
      dataSeed: flags['data-seed'],
      maxTrain: flags['max-train'] ?? defaults.maxTrain,
      maxEval: flags['max-eval'] ?? defaults.maxEval,
      maxSeqLength: flags['max-seq-len'] ?? defaults.maxSeqLength,
      epochs: flags.epochs ?? defaults.epochs,
      batchSize: flags['batch-size'] ?? defaults.batchSize,
      warmupFraction: defaults.warmupFraction,
      flatLr: flags.lr ?? defaults.flatLr,
      objective: flags.objective,
      sampler: flags.sampler,
      pruner: flags.pruner,
      space: flags.space,
      log10Low: -7,
      log10High: -3,
      trials: flags.trials,
      samplerSeed: flags['sampler-seed'] ?? (await storedSamplerSeed(storage, studyName)) ?? samplerSeedOf(studyName),
      layers,
      seedsPerTrial: flags['seeds-per-trial'],
    });
    const study = await createStudy({
      storage,
      studyName,
      directions: config.objective === 'sum' ? ['maximize'] : ['maximize', 'maximize'],
      loadIfExists: true,
      sampler: samplerOf(config),
      pruner: prunerOf(config),
      deterministic: { lag: jobs },
      heartbeat: { intervalMs: 30_000, staleAfterMs: 300_000, onStale: 'requeue', isWorkerGone: localWorkerGone },
      workerId: `${hostname()}:${process.pid}`,
      onWait: (e) => ctx.display.log(describeWait(e)),
      userAttrs: { [SEARCH_CONFIG_ATTR]: config },
    });
    const stored = searchConfigSchema.safeParse((await study.userAttrs())[SEARCH_CONFIG_ATTR]);
    if (!stored.success)
      throw new StudyConfigError(
        `study ${studyName} was not created by \`pnpm bench search\` (no valid ${SEARCH_CONFIG_ATTR}); pick another --study`,
      );
    const { trials: _t, ...a } = stored.data;
    const { trials: _u, ...b } = config;
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      throw new StudyConfigError(
        `study ${studyName} exists with another configuration (${JSON.stringify(stored.data)}); pick another --study or repeat its flags`,
      );
    }
    if (stored.data.trials !== config.trials) await study.setUserAttr(SEARCH_CONFIG_ATTR, config);
    await study.enqueueTrial(flatParams(config), { skipIfExists: true });
    ctx.display.log(
      `search ${studyName}: ${taskA} -> ${taskB}, ${config.sampler} sampler, ${config.objective}, ${config.pruner} pruning, ${config.trials} trials, ${jobs} jobs`,
    );
    ctx.display.log(dashboardLine(storageUrlOf(flags, ctx), studyName));
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
    const outDir = resolve(ctx.cwd, flags.out);
    await summarizeStudy(study, config, ctx, outDir);
    ctx.stdout.write(
      `${result.ran} trials run this time (${result.stoppedBy})${ctx.signal.aborted ? '; interrupted: run the same command again to continue' : ''}\n`,
    );
    return ctx.signal.aborted ? 130 : 0;
  } finally {
    await pool.close();
    await storage.close();
  }
}

/** Help notes of `search`. */
export const SEARCH_NOTES = `${DEFAULT_ORIGINAL_NOTE}.
Trials train B from the cached phase A and are scored on the validation carve only. The study resumes
when run again; other machines join it with \`pnpm bench worker --study NAME --storage postgres://...\`.`;
