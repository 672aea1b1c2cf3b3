import { resolve } from 'node:path';
import { MAX_JOBS } from '../cli/common-flags.js';
import type { FlagSpec, FlagValuesOf } from '../cli/flags.js';
import { DEFAULT_PRETRAIN_CONFIG, pretrainConfigSchema, runPretraining, type PretrainConfig } from '@lrdist/pretrain';
import type { CommandContext } from './command-context.js';

const d = DEFAULT_PRETRAIN_CONFIG;

/** Flags of `pretrain`. */
export const PRETRAIN_FLAGS = [
  { name: 'out', kind: 'string', default: 'models/mini-wordnet', help: 'model folder to write', example: 'models/mini-wordnet' },
  {
    name: 'work-dir',
    kind: 'string',
    default: '.cache/pretrain',
    help: 'checkpoints of unfinished runs (resume)',
    example: '.cache/pretrain',
  },
  { name: 'steps', kind: 'int', min: 1, help: 'optimiser steps', example: String(d.steps), default: d.steps },
  { name: 'batch-size', kind: 'int', min: 1, help: 'rows per step over all workers', example: String(d.batchSize), default: d.batchSize },
  { name: 'seq-len', kind: 'int', min: 8, help: 'packed row length', example: String(d.seqLength), default: d.seqLength },
  { name: 'lr', kind: 'number', min: 0, exclusiveMin: true, help: 'peak learning rate (AdamW)', example: String(d.lr), default: d.lr },
  {
    name: 'warmup',
    kind: 'number',
    min: 0,
    help: 'share of steps warming up',
    example: String(d.warmupFraction),
    default: d.warmupFraction,
  },
  { name: 'workers', kind: 'int', min: 1, max: MAX_JOBS, help: 'data-parallel worker threads', example: '2', default: d.workers },
  {
    name: 'seed',
    kind: 'int',
    min: 0,
    help: 'seed of initialisation, data order, masks and held-out split',
    example: '0',
    default: d.seed,
  },
  {
    name: 'eval-every',
    kind: 'int',
    min: 1,
    help: 'held-out evaluation interval (steps)',
    example: String(d.evalEvery),
    default: d.evalEvery,
  },
  {
    name: 'checkpoint-every',
    kind: 'int',
    min: 1,
    help: 'checkpoint interval (steps)',
    example: String(d.checkpointEvery),
    default: d.checkpointEvery,
  },
  { name: 'json', kind: 'boolean', help: 'print the summary as JSON on stdout, no live display', example: '' },
  { name: 'help', kind: 'boolean', help: 'show this help', example: '' },
] as const satisfies readonly FlagSpec[];

/** `pretrain`: MLM pretraining of the `mini` default on WordNet glosses. */
export async function pretrainCommand(flags: FlagValuesOf<typeof PRETRAIN_FLAGS>, ctx: CommandContext): Promise<number> {
  const config: PretrainConfig = pretrainConfigSchema.parse({
    ...d,
    steps: flags.steps,
    batchSize: flags['batch-size'],
    seqLength: flags['seq-len'],
    lr: flags.lr,
    warmupFraction: flags.warmup,
    workers: flags.workers,
    seed: flags.seed,
    evalEvery: flags['eval-every'],
    checkpointEvery: flags['checkpoint-every'],
  });
  const outDir = resolve(ctx.cwd, flags.out);
  const workDir = resolve(ctx.cwd, flags['work-dir']);
  ctx.display.log(
    `pretrain: mini on WordNet glosses: ${config.steps} steps x ${config.batchSize} rows x ${config.seqLength} tokens, ` +
      `lr ${config.lr}, ${config.workers} workers, seed ${config.seed} -> ${outDir}`,
  );
  const summary = await runPretraining({
    config,
    outDir,
    workDir,
    display: ctx.display,
    command: ctx.commandLine,
    ...(ctx.backend === undefined ? {} : { backend: ctx.backend }),
  });
  ctx.display.finish();
  if (flags.json) ctx.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const f = summary.final;
    ctx.stdout.write(
      `pretrain: done in ${(summary.wallSeconds / 60).toFixed(1)} min; held-out MLM loss ${f?.loss.toFixed(3) ?? 'n/a'}, ` +
        `accuracy ${f === null ? 'n/a' : `${(f.accuracy * 100).toFixed(1)}%`}; wrote ${outDir}\n`,
    );
  }
  return 0;
}
