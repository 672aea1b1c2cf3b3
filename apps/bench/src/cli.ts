// lrdist-bench: the forgetting benchmark's command line (`pnpm bench ...` at the repository root).
import { readFileSync } from 'node:fs';
import { formatHelp } from './cli/flags.js';
import type { CommandContext } from './commands/command-context.js';
import { COMMANDS, type Command, type Invocation } from './commands/registry.js';
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

\`pnpm bench --task mrpc\` runs \`run\`. Every command takes -h / --help; --version prints the version.
`;

/** The app's version, from its package.json. */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-');
  if (first === '--version' || first === '-v') {
    process.stdout.write(`lrdist-bench ${version()}\n`);
    return 0;
  }
  const asksHelp = argv.includes('--help') || argv.includes('-h');
  if (first === 'help' || (!named && asksHelp && !argv.includes('--task'))) {
    process.stdout.write(GLOBAL_HELP);
    return 0;
  }
  const name = named ? first! : 'run';
  const command: Command | undefined = (COMMANDS as Record<string, Command>)[name];
  if (command === undefined) {
    process.stderr.write(`lrdist-bench: unknown command \`${first}\`; commands: ${Object.keys(COMMANDS).join(', ')} (see --help)\n`);
    return 2;
  }
  const rest = named ? argv.slice(1) : argv;
  let invocation: Invocation;
  try {
    invocation = command.parse(rest, name);
    if (invocation.positionals.length > 0) {
      throw new Error(`unexpected argument \`${invocation.positionals[0]}\`; flags look like --name value (see --help)`);
    }
  } catch (error) {
    process.stderr.write(`lrdist-bench ${name}: ${describeError(error)}\n`);
    return 2;
  }
  if (invocation.help) {
    process.stdout.write(
      formatHelp({
        usage: command.usage,
        description: command.description,
        specs: command.flags,
        ...(command.notes === undefined ? {} : { notes: command.notes }),
      }),
    );
    return 0;
  }
  const controller = new AbortController();
  const display = new ProgressDisplay({ enabled: !invocation.json && process.stderr.isTTY === true });
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
    return await invocation.run(ctx);
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
