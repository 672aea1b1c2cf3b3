import { InvalidOptionsError, NoCompletedTrialsError } from '../errors.js';
import { getParamImportances } from '../importance/param-importances.js';
import type { Storage } from '../storages/storage.js';
import type { StudyDirection } from '../trial/frozen-trial.js';
import type { CliArgs } from './args.js';
import { table, toJson } from './format.js';
import type { CliIo } from './run-cli.js';

/** Width of a full bar (importance 1) in the table. */
const BAR_WIDTH = 40;

/**
 * `lrdist-search importance --study NAME`: fANOVA importance of each parameter over the study's
 * complete trials, as a table with bars or (`--json`) the object `getParamImportances` returns.
 */
export async function runImportanceCommand(
  args: CliArgs,
  storage: Storage,
  directions: readonly StudyDirection[],
  io: CliIo,
): Promise<void> {
  const name = args.study as string;
  if (args.objective === null && directions.length > 1) {
    throw new InvalidOptionsError(
      `study '${name}' has ${directions.length} objectives: pass --objective INDEX (0 to ${directions.length - 1})`,
    );
  }
  const objective = args.objective ?? 0;
  if (objective >= directions.length) {
    throw new InvalidOptionsError(`\`--objective\` must be < ${directions.length} for study '${name}', got ${objective}`);
  }
  const complete = await storage.getTrials(name, { states: ['complete'] });
  if (complete.length === 0) throw new NoCompletedTrialsError(`study '${name}' has no complete trial yet`);
  let importances: Record<string, number>;
  try {
    importances = getParamImportances(complete, {
      target: (t) => t.values?.[objective] ?? Number.NaN,
      ...(args.params === null ? {} : { params: args.params }),
    });
  } catch (error) {
    if (error instanceof InvalidOptionsError)
      throw new InvalidOptionsError(error.message.replace('`params`', '`--params`'), { cause: error });
    throw error;
  }
  // Sorted again: integer-like keys would otherwise lead whatever their value.
  const rows = Object.entries(importances).sort((a, b) => b[1] - a[1]);
  if (args.format === 'json') {
    io.stdout(`${toJson(importances)}\n`);
    return;
  }
  if (rows.length === 0) {
    io.stdout(`no parameter varies across the ${complete.length} complete trials of study '${name}'\n`);
    return;
  }
  const body = rows.map(([param, v]) => [param, v.toFixed(4), '█'.repeat(Math.round(v * BAR_WIDTH))]);
  const objectiveNote = directions.length > 1 ? `, objective ${objective} (${directions[objective]})` : '';
  io.stdout(`${table(['PARAM', 'IMPORTANCE', ''], body)}\n(fANOVA over ${complete.length} complete trials${objectiveNote})\n`);
}
