import { ArgsError } from '../errors.js';
import type { FlagSpec, FlagValuesOf } from '../cli/flags.js';
import type { CommandContext } from './command-context.js';
import { RUN_FLAGS, runPair } from './run-command.js';

/** Flags of `evaluate`. */
export const EVALUATE_FLAGS = [
  { name: 'distribution', kind: 'string', help: 'distribution file (lrdist.distribution JSON)', example: 'dist.json' },
  ...RUN_FLAGS,
] as const satisfies readonly FlagSpec[];

/** `evaluate`: a distribution file on a pair, against the baselines. */
export async function evaluateCommand(flags: FlagValuesOf<typeof EVALUATE_FLAGS>, ctx: CommandContext): Promise<number> {
  const { distribution } = flags;
  if (distribution === undefined) throw new ArgsError('--distribution is required: a distribution file, e.g. --distribution dist.json');
  return runPair(flags, ctx, { distribution });
}
