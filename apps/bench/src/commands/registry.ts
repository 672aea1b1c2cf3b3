import { parseFlags, type FlagSpec, type FlagValuesOf } from '../cli/flags.js';
import type { CommandContext } from './command-context.js';
import { PRETRAIN_FLAGS, pretrainCommand } from './pretrain-command.js';
import { RUN_FLAGS, RUN_NOTES, runPair } from './run-command.js';
import { EVALUATE_FLAGS, evaluateCommand } from './evaluate-command.js';
import { SEARCH_FLAGS, SEARCH_NOTES, searchCommand } from './search-command.js';
import { WORKER_FLAGS, workerCommand } from './worker-command.js';
import { COMBINE_FLAGS, combineCommand } from './combine-command.js';
import { TUNE_FLAGS, tuneCommand } from './tune-command.js';
import { SEQUENCE_FLAGS, SEQUENCE_NOTES, sequenceCommand } from './sequence-command.js';
import { FINETUNE_FLAGS, finetuneCommand } from './finetune-command.js';

/** A command as the CLI calls it: its argv parsed (or an ArgsError) into a run, or a request for help. */
export interface Invocation {
  readonly help: boolean;
  /** `--json`: machine output on stdout, so no live display. */
  readonly json: boolean;
  readonly positionals: readonly string[];
  run(ctx: CommandContext): Promise<number>;
}

/** A subcommand of the CLI. */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly description: string;
  readonly notes?: string;
  readonly flags: readonly FlagSpec[];
  /** Reads argv against `flags` (parseArgs, then the flags' zod schema); throws ArgsError. */
  parse(argv: readonly string[], name: string): Invocation;
}

/** A command whose `run` receives its flags typed as its spec list declares them. */
function command<const S extends readonly FlagSpec[]>(
  def: Omit<Command, 'flags' | 'parse'> & { readonly flags: S; run(flags: FlagValuesOf<S>, ctx: CommandContext): Promise<number> },
): Command {
  const { run, ...rest } = def;
  return {
    ...rest,
    parse(argv, name) {
      const { flags, positionals } = parseFlags(argv, def.flags, name);
      const view: Readonly<Record<string, unknown>> = flags;
      return { help: view['help'] === true, json: view['json'] === true, positionals, run: (ctx) => run(flags, ctx) };
    },
  };
}

/** Every command by name. */
export const COMMANDS = {
  run: command({
    summary: 'compare LR methods on a pair (the default command)',
    usage: 'pnpm bench [run] --task <B> [--original <A>] [flags]',
    description:
      'Fine-tunes the model on task A, then on task B under each method, over several seeds, and prints\n' +
      'p_a, p_o, p_s, forgetting, accuracy and the held-out MLM loss per method (mean and 95% interval).\n' +
      'Phase A is cached per seed and shared by every method; cells run in parallel worker threads.',
    notes: RUN_NOTES,
    flags: RUN_FLAGS,
    run: (flags, ctx) => runPair(flags, ctx),
  }),
  evaluate: command({
    summary: 'evaluate a distribution file on a pair against the baselines',
    usage: 'pnpm bench evaluate --distribution <file> --task <B> [--original <A>] [flags]',
    description:
      'Like `run`, with the distribution in --distribution (e.g. from `pnpm bench combine`) as the\n' +
      '`combined` method and flat-matched matched to its scale.',
    notes: RUN_NOTES,
    flags: EVALUATE_FLAGS,
    run: evaluateCommand,
  }),
  search: command({
    summary: 'search a per-group LR distribution for a pair (Bayesian optimisation)',
    usage:
      'pnpm bench search --task <B> [--original <A>] [--trials 50] [--sampler gp|tpe|random] [--objective sum|pareto] [--pruner asha|median|none] [--storage journal:PATH|postgres://...] [--study NAME]',
    description:
      'Searches one learning rate per LR group for fine-tuning B after A, scored on the validation carve\n' +
      '(p_o + p_s, or the Pareto problem). The first trial is the flat baseline; the study is resumable and\n' +
      "shared by workers on other machines. Writes the study's distribution (rank-weighted geometric mean).",
    notes: SEARCH_NOTES,
    flags: SEARCH_FLAGS,
    run: searchCommand,
  }),
  sequence: command({
    summary: 'compare LR methods on a task stream (accuracy matrix, BWT, FWT, forgetting)',
    usage: 'pnpm bench sequence [--tasks sst2,mrpc,cola,rte] [--methods ...] [--seeds ...] [flags]',
    description:
      'Fine-tunes the model on each task of the stream in turn, under each method and seed, scores every task\n' +
      'after every stage (the accuracy matrix R), and reports average accuracy, backward and forward transfer\n' +
      'and average forgetting per method (mean and 95% interval), with a heatmap of R per method.',
    notes: SEQUENCE_NOTES,
    flags: SEQUENCE_FLAGS,
    run: sequenceCommand,
  }),
  worker: command({
    summary: 'join a search study, or a distributed run, from any machine',
    usage: 'pnpm bench worker --study NAME --storage postgres://... | --run NAME --storage postgresql://...',
    description:
      'With --study: runs trials of an existing study until it has its number of trials; the study holds the whole configuration.\n' +
      'With --run: takes cells of a distributed `run`, `evaluate` or `sequence` (started with --storage and --run-name) until none\n' +
      'is left to take; the run holds the whole configuration, this machine only its data (--data-dir) and caches (--cache-dir).',
    flags: WORKER_FLAGS,
    run: workerCommand,
  }),
  combine: command({
    summary: 'combine the distributions of several studies',
    usage: 'pnpm bench combine --studies a,b,c --out dist.json [--storage ...]',
    description:
      "Within each study: the rank-weighted geometric mean of its trials (weight 1.8^-rank, the paper's rule),\n" +
      'or the Pareto front for pareto studies; across studies: the geometric mean per group, with a\n' +
      'geometric-SD band. Writes the distribution file, an SVG chart and a Markdown table.',
    flags: COMBINE_FLAGS,
    run: combineCommand,
  }),
  tune: command({
    summary: "tune the baselines' hyperparameters for a model (validation only)",
    usage: 'pnpm bench tune --task <B> [--original <A>] [--tasks ...] [--lrs ...] [--xis ...] [--lambdas ...]',
    description:
      'Chooses the flat learning rate by the mean single-task validation score over --tasks, then the\n' +
      'LLRD decay and the EWC strength by p_o + p_s on the validation carves of one pair. No test score\n' +
      'takes part in a choice. Writes tune.json and tune.md.',
    flags: TUNE_FLAGS,
    run: tuneCommand,
  }),
  finetune: command({
    summary: 'single-task fine-tuning on several tasks (test metrics over seeds)',
    usage: 'pnpm bench finetune [--tasks sst2,mrpc,cola,rte] [--model mini|mini-random|...] [--seeds 0,1,2]',
    description:
      "Fine-tunes the model on each task alone (the benchmark's phase A, cached) and prints the test\n" +
      'metrics per task as mean and 95% interval over seeds: what a model is worth before any forgetting.',
    flags: FINETUNE_FLAGS,
    run: finetuneCommand,
  }),
  pretrain: command({
    summary: 'pretrain the `mini` default encoder with MLM on WordNet glosses',
    usage: 'pnpm pretrain [flags]',
    description:
      "Masked-language-model pretraining of lrdist's CPU default encoder (`mini`: 4 layers, hidden 128) on\n" +
      'the glosses of WordNet 3.1, data-parallel over worker threads. Writes config.json, model.safetensors\n' +
      '(float16), the tokenizer files, PRETRAINING.md and the loss curve. Resumes when run again.',
    flags: PRETRAIN_FLAGS,
    run: pretrainCommand,
  }),
} as const satisfies Record<string, Command>;

/** Names of the commands. */
export type CommandName = keyof typeof COMMANDS;
