import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@lrdist/model';
import { COMMON_FLAGS } from '../cli/common-flags.js';
import { without, type FlagSpec, type FlagValuesOf } from '../cli/flags.js';
import { defaultGlueTaskRef, GLUE_TASKS } from '@lrdist/glue';
import { planMethods, taskCliName } from '@lrdist/protocol';
import { createBenchPool, PhaseAProvider, phaseAKeyFor, type BenchSetup } from '../runner/run-benchmark.js';
import { formatSummary, summarize } from '../stats/summarize.js';
import { resolveBench } from './bench-setup.js';
import type { CommandContext } from './command-context.js';

/** Flags of `finetune`. */
export const FINETUNE_FLAGS = [
  {
    name: 'tasks',
    kind: 'task-list',
    unique: true,
    default: ['sst2', 'mrpc', 'cola', 'rte'],
    help: 'tasks to fine-tune on, one at a time',
    example: 'sst2,mrpc,cola,rte',
  },
  {
    name: 'lr',
    kind: 'number',
    min: 0,
    exclusiveMin: true,
    help: 'learning rate (every group)',
    example: '1e-4',
    defaultText: "the model's flat LR",
  },
  ...without(COMMON_FLAGS, 'protocol'),
] as const satisfies readonly FlagSpec[];

/**
 * `finetune`: single-task fine-tuning on each task (phase A alone, cached like the benchmark's), test
 * metrics as mean ± 95% interval over seeds, e.g. to see what pretraining buys (`--model mini` against
 * `--model mini-random`).
 */
export async function finetuneCommand(flags: FlagValuesOf<typeof FINETUNE_FLAGS>, ctx: CommandContext): Promise<number> {
  const tasks = flags.tasks.map(taskCliName);
  // resolveBench wants a pair; finetune trains each task alone, so the pair is any two of them.
  const [first, second] = flags.tasks;
  const original = second ?? defaultGlueTaskRef(GLUE_TASKS[first!.task].defaultOriginal);
  const resolved = await resolveBench({ ...flags, task: first!, original, methods: ['flat'] }, ctx, { tasks });
  const base = resolved.setup;
  const plan = planMethods({
    methods: ['flat'],
    layers: resolved.layers,
    flatLr: resolved.flatLr,
    llrdXi: 1,
    ewcLambda: 0,
    combined: null,
  })[0]!;
  const pool = createBenchPool(base.jobs);
  try {
    const rows = await Promise.all(
      tasks.flatMap((task) =>
        base.seeds.map(async (seed) => {
          const setup: BenchSetup = { ...base, taskA: task, phaseALrs: plan.lrs };
          const a = await new PhaseAProvider(pool, setup, ctx.display).get(phaseAKeyFor(setup, plan, seed), ctx.signal);
          return { task, seed, test: a.pA, validation: a.pAValidation, mlmAfter: a.mlmAfterA?.loss ?? null };
        }),
      ),
    );
    ctx.display.finish();
    const lines = [
      `single-task fine-tuning, ${base.source.spec}, lr ${resolved.flatLr}, ${base.epochs} epochs, train cap ${base.data.maxTrain ?? 'none'}, seeds ${base.seeds.join(',')} (test = GLUE dev, x 100, mean ± 95% CI)`,
      ...tasks.map((task) => {
        const mine = rows.filter((r) => r.task === task);
        const acc = summarize(mine.map((r) => r.test.metrics['accuracy'] ?? Number.NaN));
        return `  ${task.padEnd(6)} headline ${formatSummary(summarize(mine.map((r) => r.test.headline)))}  accuracy ${formatSummary(acc)}`;
      }),
    ];
    const out = resolve(ctx.cwd, flags.out ?? join('runs', `finetune-${base.source.spec.replace(/[^A-Za-z0-9_-]/g, '_')}`));
    await writeFileAtomic(
      join(out, 'finetune.json'),
      `${JSON.stringify({ model: base.source.id, command: ctx.commandLine, rows }, null, 2)}\n`,
    );
    ctx.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : `${lines.join('\n')}\nwrote ${out}/finetune.json\n`);
    return 0;
  } finally {
    await pool.close();
  }
}
