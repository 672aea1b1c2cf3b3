import { parseArgs } from 'node:util';
import { z } from 'zod';
import { InvalidOptionsError } from '../errors.js';
import { describeZodError } from '@lrdist/core';

/** What the CLI was asked to do, validated. */
export interface CliArgs {
  readonly command: 'studies' | 'best' | 'pareto' | 'trials' | 'dashboard' | 'importance' | 'help';
  readonly storage: string;
  readonly study: string | null;
  readonly format: 'table' | 'json' | 'csv';
  readonly states: readonly ('waiting' | 'running' | 'complete' | 'pruned' | 'failed')[] | null;
  readonly schema: string | null;
  /** importance only: the parameters to assess, or null for every one all complete trials share. */
  readonly params: readonly string[] | null;
  /** importance only: which objective's value to explain (0-based), or null for the only one. */
  readonly objective: number | null;
  /** dashboard only: the port (0 = any free one), or null for the default. */
  readonly port: number | null;
  /** dashboard only: the address to bind, or null for the default (127.0.0.1). */
  readonly host: string | null;
}

/** The environment variable that supplies `--storage` when the flag is absent. */
export const STORAGE_ENV = 'LRDIST_SEARCH_STORAGE';

const COMMANDS = ['studies', 'best', 'pareto', 'trials', 'dashboard', 'importance'] as const;
const STATES = ['waiting', 'running', 'complete', 'pruned', 'failed'] as const;

const rawSchema = z.strictObject({
  command: z.enum(COMMANDS),
  storage: z.string().min(1),
  study: z.string().min(1).optional(),
  format: z.enum(['table', 'json', 'csv']).optional(),
  states: z.array(z.enum(STATES)).min(1).optional(),
  schema: z.string().min(1).optional(),
  params: z.array(z.string().min(1)).min(1).optional(),
  objective: z.coerce.number().int().min(0).optional(),
  port: z.coerce.number().int().min(0).max(65_535).optional(),
  host: z.string().min(1).optional(),
});

/** The help text. */
export const HELP = `lrdist-search: inspect hyperparameter studies of @lrdist/search

Usage: lrdist-search <command> --storage URL [flags]

Commands:
  studies                  list the studies with their trial counts and best values
  best --study NAME        the best trial of a single-objective study
  pareto --study NAME      the Pareto front (non-dominated complete trials) of a study
  trials --study NAME      export every trial (--format csv, the default, or json)
  importance --study NAME  how much each parameter explains of the objective (fANOVA)
  dashboard                a live, read-only web page of the studies (Ctrl-C stops it);
                           with --study NAME, its URL opens on that study

Flags:
  --storage URL            journal:PATH (or PATH.jsonl), or postgres://USER@HOST:PORT/DB;
                           default: $${STORAGE_ENV}
  --study NAME             the study (see \`lrdist-search studies\`)
  --format FORMAT          table (default) or json; for trials: csv (default) or json
  --states LIST            trials only: keep these states, e.g. complete,pruned
  --schema NAME            PostgreSQL schema holding the tables (default public)
  --json                   the same as --format json
  --params LIST            importance only: assess these parameters, e.g. lr,warmup
  --objective INDEX        importance only: the objective to explain (0-based; needed with several)
  --port N                 dashboard only: the port (default 8080; 0 = any free port)
  --host ADDRESS           dashboard only: the address to bind (default 127.0.0.1)
  -h, --help               this text
`;

/** Parses and validates argv (without `node` and the script). */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        storage: { type: 'string' },
        study: { type: 'string' },
        format: { type: 'string' },
        states: { type: 'string' },
        schema: { type: 'string' },
        params: { type: 'string' },
        objective: { type: 'string' },
        json: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(-[^']*)'/.exec(message)?.[1];
    throw new InvalidOptionsError(
      flag === undefined
        ? `${message}; see \`lrdist-search --help\``
        : `unknown or incomplete flag \`${flag}\`: see \`lrdist-search --help\` for the flags`,
    );
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help === true || parsed.positionals.length === 0) {
    return {
      command: 'help',
      storage: '',
      study: null,
      format: 'table',
      states: null,
      schema: null,
      port: null,
      host: null,
      params: null,
      objective: null,
    };
  }
  if (parsed.positionals.length > 1) {
    throw new InvalidOptionsError(
      `expected one command, got ${parsed.positionals.map((p) => `'${p}'`).join(' ')}: run \`lrdist-search --help\``,
    );
  }
  if (values.json === true && values.format !== undefined && values.format !== 'json') {
    throw new InvalidOptionsError(`\`--json\` contradicts \`--format ${String(values.format)}\`: pass one of them`);
  }
  const formatFlag = values.json === true ? 'json' : values.format;
  const input = {
    command: parsed.positionals[0],
    storage: values.storage ?? env[STORAGE_ENV],
    ...(values.study === undefined ? {} : { study: values.study }),
    ...(formatFlag === undefined ? {} : { format: formatFlag }),
    ...(values.states === undefined
      ? {}
      : {
          states: String(values.states)
            .split(',')
            .map((s) => s.trim()),
        }),
    ...(values.schema === undefined ? {} : { schema: values.schema }),
    ...(values.params === undefined
      ? {}
      : {
          params: String(values.params)
            .split(',')
            .map((s) => s.trim()),
        }),
    ...(values.objective === undefined ? {} : { objective: values.objective }),
    ...(values.port === undefined ? {} : { port: values.port }),
    ...(values.host === undefined ? {} : { host: values.host }),
  };
  if (input.storage === undefined || input.storage === '') {
    throw new InvalidOptionsError(
      `\`--storage\` is required: pass --storage journal:PATH or --storage postgres://..., or set $${STORAGE_ENV}`,
    );
  }
  const result = rawSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const message = describeZodError(result.error, input, 'x').replace(/^`x\.([a-z]+)(\[\d+\])?`/, (_m, f: string, i?: string) =>
      f === 'command' ? '`command`' : `\`--${f}${i ?? ''}\``,
    );
    const hint = field === 'command' ? `; commands: ${COMMANDS.join(', ')}` : '; see `lrdist-search --help`';
    throw new InvalidOptionsError(`${message}${hint}`);
  }
  const a = result.data;
  if ((a.port !== undefined || a.host !== undefined) && a.command !== 'dashboard') {
    throw new InvalidOptionsError(
      `\`--${a.port !== undefined ? 'port' : 'host'}\` only applies to \`dashboard\`, got it with \`${a.command}\``,
    );
  }
  if (a.command !== 'studies' && a.command !== 'dashboard' && a.study === undefined) {
    throw new InvalidOptionsError(
      `\`--study\` is required for \`${a.command}\`: pass --study NAME (list them with \`lrdist-search studies --storage ${a.storage}\`)`,
    );
  }
  const format = a.format ?? (a.command === 'trials' ? 'csv' : 'table');
  const allowed = a.command === 'trials' ? ['csv', 'json'] : ['table', 'json'];
  if (!allowed.includes(format)) {
    throw new InvalidOptionsError(`\`--format\` must be ${allowed.join(' or ')} for \`${a.command}\`, got '${format}'`);
  }
  if ((a.params !== undefined || a.objective !== undefined) && a.command !== 'importance') {
    throw new InvalidOptionsError(
      `\`--${a.params !== undefined ? 'params' : 'objective'}\` only applies to \`importance\`, got it with \`${a.command}\``,
    );
  }
  if (a.states !== undefined && a.command !== 'trials') {
    throw new InvalidOptionsError(`\`--states\` only applies to \`trials\`, got it with \`${a.command}\``);
  }
  return {
    command: a.command,
    storage: a.storage,
    study: a.study ?? null,
    format,
    states: a.states ?? null,
    schema: a.schema ?? null,
    params: a.params ?? null,
    objective: a.objective ?? null,
    port: a.port ?? null,
    host: a.host ?? null,
  };
}
