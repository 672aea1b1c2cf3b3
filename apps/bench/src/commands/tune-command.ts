import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@lrdist/model';
import { COMMON_FLAGS } from '../cli/common-flags.js';
import { without, type FlagSpec, type FlagValuesOf } from '../cli/flags.js';
import { ArgsError } from '../errors.js';
import type { PhaseBJobResult } from '../runner/jobs.js';
import { planMethods, taskCliName, type MethodPlan } from '@lrdist/protocol';
import { createBenchPool, PhaseAProvider, penaltyOf, phaseAKeyFor, phaseBJob, type BenchSetup } from '../runner/run-benchmark.js';
import { resolveBench } from './bench-setup.js';
import type { CommandContext } from './command-context.js';

/** Flags of `tune`. */
export const TUNE_FLAGS = [
  { name: 'task', kind: 'task', help: 'task B of the pair that tunes llrd and ewc', example: 'mrpc' },
  { name: 'original', kind: 'task', help: 'task A of that pair', example: 'sst2', defaultText: 'per task' },
  {
    name: 'tasks',
    kind: 'task-list',
    unique: true,
    default: ['sst2', 'mrpc', 'cola', 'rte'],
    help: 'tasks that tune the flat LR (single-task validation score)',
    example: 'sst2,mrpc,cola,rte',
  },
  {
    name: 'lrs',
    kind: 'number-list',
    min: 0,
    exclusiveMin: true,
    unique: true,
    default: [3e-5, 1e-4, 3e-4, 1e-3],
    help: 'flat learning rates to try',
    example: '3e-5,1e-4,3e-4',
  },
  {
    name: 'xis',
    kind: 'number-list',
    min: 0,
    exclusiveMin: true,
    unique: true,
    default: [0.5, 0.65, 0.8, 0.9],
    help: 'LLRD decays to try',
    example: '0.5,0.8',
  },
  {
    name: 'lambdas',
    kind: 'number-list',
    min: 0,
    exclusiveMin: true,
    unique: true,
    default: [1, 10, 100, 1000, 10000],
    help: 'EWC strengths to try',
    example: '10,1000',
  },
  {
    name: 'alphas',
    kind: 'number-list',
    min: 0,
    exclusiveMin: true,
    unique: true,
    default: [0.001, 0.01, 0.1, 1, 10],
    help: 'L2-SP strengths to try',
    example: '0.01,1',
  },
  {
    name: 'baselines',
    kind: 'string-list',
    unique: true,
    default: ['flat', 'llrd', 'ewc'],
    help: 'what to tune: flat (its LR), llrd (xi), ewc (lambda), l2sp (alpha); the others keep --lr',
    example: 'ewc',
  },
  ...without(COMMON_FLAGS, 'protocol'),
] as const satisfies readonly FlagSpec[];

const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;

/**
 * `tune`: the baselines' hyperparameters for a model, once, on validation data only: the flat LR by
 * the mean single-task validation score over `--tasks` (it is also phase A's LR), then LLRD's decay
 * and EWC's strength by p_o + p_s on the validation carves of one pair.
 */
export async function tuneCommand(flags: FlagValuesOf<typeof TUNE_FLAGS>, ctx: CommandContext): Promise<number> {
  const { lrs, xis, lambdas, alphas, baselines } = flags;
  const tasks = flags.tasks.map(taskCliName);
  const unknownBaseline = baselines.find((b) => !['flat', 'llrd', 'ewc', 'l2sp'].includes(b));
  if (unknownBaseline !== undefined || baselines.length === 0) {
    throw new ArgsError(`--baselines must list some of flat, llrd, ewc, l2sp, got '${unknownBaseline ?? ''}' (e.g. --baselines ewc)`);
  }
  const resolved = await resolveBench({ ...flags, methods: ['flat'] }, ctx, { tasks });
  const base = resolved.setup;
  const pool = createBenchPool(flags.jobs);
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(line);
    ctx.display.log(line);
  };
  try {
    // 1. Flat LR: single-task fine-tuning, mean validation headline over tasks and seeds.
    const flatFor = (lr: number): MethodPlan =>
      planMethods({ methods: ['flat'], layers: resolved.layers, flatLr: lr, llrdXi: 1, ewcLambda: 0, combined: null })[0]!;
    // (Skipped with --baselines that leave out flat: phase A on four tasks is the costly part.)
    const tuneFlat = baselines.includes('flat');
    const single = !tuneFlat
      ? []
      : await Promise.all(
          lrs.flatMap((lr) =>
            tasks.flatMap((task) =>
              base.seeds.map(async (seed) => {
                const setup: BenchSetup = { ...base, taskA: task, phaseALrs: flatFor(lr).lrs };
                const a = await new PhaseAProvider(pool, setup, ctx.display).get(phaseAKeyFor(setup, flatFor(lr), seed), ctx.signal);
                return { lr, task, seed, score: a.pAValidation.headline };
              }),
            ),
          ),
        );
    let bestLr = resolved.flatLr;
    if (tuneFlat) {
      const byLr = lrs.map((lr) => ({ lr, score: mean(single.filter((r) => r.lr === lr).map((r) => r.score)) }));
      for (const t of tasks)
        log(
          `flat LR, ${t}: ${lrs.map((lr) => `${lr}: ${(mean(single.filter((r) => r.lr === lr && r.task === t).map((r) => r.score)) * 100).toFixed(1)}`).join(', ')}`,
        );
      bestLr = byLr.reduce((a, b) => (b.score > a.score ? b : a)).lr;
      log(`flat LR: mean validation score ${byLr.map((r) => `${r.lr}: ${(r.score * 100).toFixed(1)}`).join(', ')} -> ${bestLr}`);
    } else {
      log(`flat LR: ${bestLr} (not tuned: --lr or the model's)`);
    }

    // 2. LLRD decay, EWC strength and L2-SP strength on the pair, phase A at the chosen flat LR.
    const setup: BenchSetup = { ...base, phaseALrs: flatFor(bestLr).lrs };
    const provider = new PhaseAProvider(pool, setup, ctx.display);
    const triedXis = baselines.includes('llrd') ? xis : [];
    const triedLambdas = baselines.includes('ewc') ? lambdas : [];
    const triedAlphas = baselines.includes('l2sp') ? alphas : [];
    const candidates: MethodPlan[] = [
      flatFor(bestLr),
      ...triedXis.map(
        (xi) => planMethods({ methods: ['llrd'], layers: resolved.layers, flatLr: bestLr, llrdXi: xi, ewcLambda: 0, combined: null })[0]!,
      ),
      ...triedLambdas.map(
        (lambda) =>
          planMethods({ methods: ['ewc'], layers: resolved.layers, flatLr: bestLr, llrdXi: 1, ewcLambda: lambda, combined: null })[0]!,
      ),
      ...triedAlphas.map(
        (alpha) =>
          planMethods({
            methods: ['l2sp'],
            layers: resolved.layers,
            flatLr: bestLr,
            llrdXi: 1,
            ewcLambda: 0,
            l2spAlpha: alpha,
            combined: null,
          })[0]!,
      ),
    ];
    const pair = await Promise.all(
      candidates.flatMap((plan, index) =>
        base.seeds.map(async (seed) => {
          const a = await provider.get(phaseAKeyFor(setup, plan, seed), ctx.signal);
          const b = (await pool.run(
            phaseBJob(setup, {
              label: `${plan.name} seed ${seed}`,
              phaseADir: a.dir,
              lr: plan.lr,
              ...penaltyOf(plan),
              seed,
              split: 'validation',
              reportEpochs: false,
            }),
            { signal: ctx.signal },
          )) as PhaseBJobResult;
          return { index, plan, seed, pO: b.pO.headline, pS: b.pS.headline };
        }),
      ),
    );
    const score = (index: number): number => mean(pair.filter((r) => r.index === index).map((r) => r.pO + r.pS));
    const describe = (index: number): string => {
      const rows = pair.filter((r) => r.index === index);
      return `p_o ${(mean(rows.map((r) => r.pO)) * 100).toFixed(1)}, p_s ${(mean(rows.map((r) => r.pS)) * 100).toFixed(1)}`;
    };
    log(`pair ${setup.taskA} -> ${setup.taskB} (validation): flat ${bestLr}: ${describe(0)}`);
    triedXis.forEach((xi, i) => log(`  llrd xi ${xi}: ${describe(1 + i)}`));
    triedLambdas.forEach((l, i) => log(`  ewc lambda ${l}: ${describe(1 + triedXis.length + i)}`));
    triedAlphas.forEach((a, i) => log(`  l2sp alpha ${a}: ${describe(1 + triedXis.length + triedLambdas.length + i)}`));
    const argmax = (values: readonly number[], offset: number): number =>
      values.map((_, i) => score(offset + i)).reduce((b, s, i, all) => (s > all[b]! ? i : b), 0);
    const bestXi = triedXis.length === 0 ? null : triedXis[argmax(triedXis, 1)]!;
    const bestLambda = triedLambdas.length === 0 ? null : triedLambdas[argmax(triedLambdas, 1 + triedXis.length)]!;
    const bestAlpha = triedAlphas.length === 0 ? null : triedAlphas[argmax(triedAlphas, 1 + triedXis.length + triedLambdas.length)]!;
    log(
      `chosen: flatLr ${bestLr}${bestXi === null ? '' : `, llrdXi ${bestXi}`}${bestLambda === null ? '' : `, ewcLambda ${bestLambda}`}${bestAlpha === null ? '' : `, l2spAlpha ${bestAlpha}`} (mean p_o + p_s over ${base.seeds.length} seed${base.seeds.length === 1 ? '' : 's'})`,
    );
    const out = resolve(ctx.cwd, flags.out ?? join('runs', `tune-${base.source.spec.replace(/[^A-Za-z0-9_-]/g, '_')}`));
    const report = {
      flatLr: bestLr,
      ...(bestXi === null ? {} : { llrdXi: bestXi }),
      ...(bestLambda === null ? {} : { ewcLambda: bestLambda }),
      ...(bestAlpha === null ? {} : { l2spAlpha: bestAlpha }),
      seeds: base.seeds,
      single,
      pair: pair.map(({ plan, ...r }) => ({ ...r, method: plan.name, description: plan.description })),
      command: ctx.commandLine,
    };
    await writeFileAtomic(join(out, 'tune.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFileAtomic(
      join(out, 'tune.md'),
      `# Tuning the baselines of ${base.source.spec}\n\n\`${ctx.commandLine}\`\n\n${lines.map((l) => `    ${l}`).join('\n')}\n`,
    );
    ctx.display.finish();
    ctx.stdout.write(`${lines.join('\n')}\nwrote ${out}/tune.json\n`);
    return 0;
  } finally {
    await pool.close();
  }
}
