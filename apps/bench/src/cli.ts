// lrdist-bench: the forgetting benchmark's command line (`pnpm bench ...` at the repository root).
import { formatHelp, parseFlags, tokenizeArgs, type FlagSpec, type FlagValues } from './cli/flags.js';
import type { CommandContext } from './commands/command-context.js';
import { COMMANDS, type Command } from './commands/registry.js';
import { exitCodeOf } from './errors.js';
import { ProgressDisplay } from './progress/progress-display.js';

/** A one-line description of an error for the terminal (the stack only with LRDIST_DEBUG=1). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

const GLOBAL_HELP = `usage: pnpm bench [command] [flags]

The forgetting benchmark of lrdist: fine-tune on task A, then on task B, and measure how much of A is
forgotten under each learning-rate method (flat, flat-matched, llrd, ewc, paper-combined, combined, and the
searched controls flat-searched and two-group).

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}

\`pnpm bench --task mrpc\` runs \`run\`. Every command takes --help.
`;

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('--');
  if (first === 'help' || (!named && argv.includes('--help') && !argv.includes('--task'))) {
    process.stdout.write(GLOBAL_HELP);
    return 0;
  }
  const name = named ? first : 'run';
  const command: Command | undefined = (COMMANDS as Record<string, Command>)[name];
  if (command === undefined) {
    process.stderr.write(`lrdist-bench: unknown command \`${first}\`; commands: ${Object.keys(COMMANDS).join(', ')} (see --help)\n`);
    return 2;
  }
  const rest = named ? argv.slice(1) : argv;
  let flags: FlagValues;
  try {
    const tokens = tokenizeArgs(rest);
    if (tokens.positionals.length > 0) {
      throw new Error(`unexpected argument \`${tokens.positionals[0]}\`; flags look like --name value (see --help)`);
    }
    flags = parseFlags(tokens.flags, command.flags as readonly FlagSpec[], name);
  } catch (error) {
    process.stderr.write(`lrdist-bench ${name}: ${describeError(error)}\n`);
    return 2;
  }
  if (flags['help'] === true) {
    process.stdout.write(formatHelp({ usage: command.usage, description: command.description, specs: command.flags, ...(command.notes === undefined ? {} : { notes: command.notes }) }));
    return 0;
  }
  const controller = new AbortController();
  const display = new ProgressDisplay({ enabled: flags['json'] !== true && process.stderr.isTTY === true });
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      display.log('lrdist-bench: stopping after the work in flight is saved (Ctrl-C again to quit at once)');
      controller.abort();
    } else {
      display.finish();
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  const ctx: CommandContext = {
    cwd: env['INIT_CWD'] ?? process.cwd(),
    stdout: process.stdout,
    display,
    // `pnpm pretrain ...` is the root alias of `pnpm bench pretrain ...`.
    commandLine: (name === 'pretrain' ? `pnpm pretrain ${rest.join(' ')}` : `pnpm bench ${argv.join(' ')}`).trim(),
    backend: env['LRDIST_BACKEND'],
    signal: controller.signal,
  };
  try {
    return await command.run(flags, ctx);
  } catch (error) {
    display.finish();
    process.stderr.write(`lrdist-bench ${name}: ${describeError(error)}\n`);
    if (env['LRDIST_DEBUG'] === '1' && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    return controller.signal.aborted ? 130 : exitCodeOf(error);
  } finally {
    process.off('SIGINT', onSigint);
    display.finish();
  }
}
