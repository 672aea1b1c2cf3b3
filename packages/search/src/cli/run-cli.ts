import { InvalidOptionsError, NoCompletedTrialsError, StudyNotFoundError } from '../errors.js';
import { paretoFrontIndices } from '../math/pareto.js';
import { openStorage } from '../storages/open-storage.js';
import type { Storage, StudySummary } from '../storages/storage.js';
import type { FrozenTrial, StudyDirection } from '../trial/frozen-trial.js';
import { HELP, parseCliArgs, type CliArgs } from './args.js';
import { runDashboardCommand } from './dashboard-command.js';
import { num, paramsText, table, toJson, trialJson, trialsCsv } from './format.js';
import { runImportanceCommand } from './importance-command.js';

/** Where the CLI writes. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Stops the long-running `dashboard` command. Default: SIGINT or SIGTERM of this process. */
  signal?: AbortSignal;
}

/**
 * Runs `lrdist-search` with `argv` (no node/script prefix) and returns its exit code: 0 done,
 * 1 a storage or data problem, 2 a usage problem (the message names the flag and the fix).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv, io.env);
  } catch (error) {
    io.stderr(`lrdist-search: ${(error as Error).message}\n`);
    return 2;
  }
  if (args.command === 'help') {
    io.stdout(HELP);
    return 0;
  }
  let storage: Storage | undefined;
  try {
    storage = await open(args, io);
    if (args.command === 'dashboard') await runDashboardCommand(args, storage, io);
    else await execute(args, storage, io);
    return 0;
  } catch (error) {
    io.stderr(`lrdist-search: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof InvalidOptionsError ? 2 : 1;
  } finally {
    await storage?.close().catch(() => undefined);
  }
}

async function open(args: CliArgs, io: CliIo): Promise<Storage> {
  try {
    return await openStorage(args.storage, {
      // Reading must not create an empty journal where the user mistyped a path.
      createIfMissing: false,
      ...(args.schema === null ? {} : { schema: args.schema }),
      onWarning: (w) => io.stderr(`lrdist-search: warning: ${w.message}\n`),
    });
  } catch (error) {
    if (error instanceof InvalidOptionsError)
      throw new InvalidOptionsError(error.message.replace('`storage`', '`--storage`'), { cause: error });
    throw error;
  }
}

async function execute(args: CliArgs, storage: Storage, io: CliIo): Promise<void> {
  if (args.command === 'studies') {
    const studies = await storage.listStudies();
    const rows = await Promise.all(studies.map(async (s) => ({ s, best: await bestText(storage, s) })));
    if (args.format === 'json') {
      io.stdout(`${toJson(rows.map(({ s, best }) => ({ ...s, best })))}\n`);
      return;
    }
    if (studies.length === 0) {
      io.stdout(`no studies in ${storage.description}\n`);
      return;
    }
    const header = ['STUDY', 'DIRECTIONS', 'TRIALS', 'COMPLETE', 'PRUNED', 'FAILED', 'RUNNING', 'WAITING', 'BEST'];
    const body = rows.map(({ s, best }) => {
      const c = s.trialCounts;
      const total = c.complete + c.pruned + c.failed + c.running + c.waiting;
      return [s.studyName, s.directions.join(','), total, c.complete, c.pruned, c.failed, c.running, c.waiting, best ?? '-'].map(String);
    });
    io.stdout(`${table(header, body)}\n`);
    return;
  }
  const name = args.study as string;
  const study = await storage.getStudy(name).catch(async (error: unknown) => {
    if (!(error instanceof StudyNotFoundError)) throw error;
    const names = (await storage.listStudies()).map((s) => s.studyName);
    throw new InvalidOptionsError(
      `\`--study\` must name a study in ${storage.description}, got '${name}'; ${names.length === 0 ? 'it has none' : `it has: ${names.join(', ')}`}`,
    );
  });
  const directions = study.directions;
  if (args.command === 'importance') {
    await runImportanceCommand(args, storage, directions, io);
    return;
  }
  if (args.command === 'trials') {
    const trials = await storage.getTrials(name, args.states === null ? {} : { states: args.states });
    io.stdout(args.format === 'json' ? `${toJson(trials.map(trialJson))}\n` : trialsCsv(trials, directions));
    return;
  }
  const complete = await storage.getTrials(name, { states: ['complete'] });
  if (args.command === 'best') {
    if (directions.length > 1) {
      throw new InvalidOptionsError(
        `study '${name}' has ${directions.length} objectives, so no single best trial: use \`lrdist-search pareto --study ${name}\``,
      );
    }
    const best = bestOf(complete, directions[0] as StudyDirection);
    if (best === undefined) throw new NoCompletedTrialsError(`study '${name}' has no complete trial yet`);
    io.stdout(
      args.format === 'json'
        ? `${toJson(trialJson(best))}\n`
        : `trial ${best.number}  value ${num(best.values?.[0])}  ${paramsText(best)}\n`,
    );
    return;
  }
  const front = paretoFrontIndices(
    complete.map((t) => t.values as readonly number[]),
    directions,
  ).map((i) => complete[i] as FrozenTrial);
  if (args.format === 'json') {
    io.stdout(`${toJson(front.map(trialJson))}\n`);
    return;
  }
  if (front.length === 0) {
    io.stdout(`study '${name}' has no complete trial yet\n`);
    return;
  }
  const header = ['TRIAL', ...directions.map((d, i) => `VALUE_${i} (${d === 'minimize' ? 'min' : 'max'})`), 'PARAMS'];
  io.stdout(
    `${table(
      header,
      front.map((t) => [String(t.number), ...directions.map((_, i) => num(t.values?.[i])), paramsText(t)]),
    )}\n`,
  );
}

function bestOf(trials: readonly FrozenTrial[], direction: StudyDirection): FrozenTrial | undefined {
  const sign = direction === 'maximize' ? -1 : 1;
  let best: FrozenTrial | undefined;
  for (const t of trials) if (best === undefined || sign * (t.values?.[0] as number) < sign * (best.values?.[0] as number)) best = t;
  return best;
}

async function bestText(storage: Storage, s: StudySummary): Promise<string | null> {
  if (s.trialCounts.complete === 0) return null;
  const complete = await storage.getTrials(s.studyName, { states: ['complete'] });
  if (s.directions.length > 1) {
    return `front of ${
      paretoFrontIndices(
        complete.map((t) => t.values as readonly number[]),
        s.directions,
      ).length
    }`;
  }
  const best = bestOf(complete, s.directions[0] as StudyDirection);
  return best === undefined ? null : `${num(best.values?.[0])} (trial ${best.number})`;
}
