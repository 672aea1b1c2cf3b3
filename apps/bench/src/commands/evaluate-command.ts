import { ArgsError } from '../errors.js';
import type { FlagSpec, FlagValues } from '../cli/flags.js';
import type { CommandContext } from './command-context.js';
import { RUN_FLAGS, runPair } from './run-command.js';

/** Flags of `evaluate`. */
export const EVALUATE_FLAGS: readonly FlagSpec[] = [
  { name: 'distribution', kind: 'string', help: 'distribution file (lrdist.distribution JSON)', example: 'dist.json' },
  ...RUN_FLAGS,
];

/** `evaluate`: a distribution file on a pair, against the baselines. */
export async function evaluateCommand(flags: FlagValues, ctx: CommandContext): Promise<number> {
  const distribution = flags['distribution'];
  if (typeof distribution !== 'string') throw new ArgsError('--distribution is required: a distribution file, e.g. --distribution dist.json');
  return runPair(flags, ctx, { distribution });
}
