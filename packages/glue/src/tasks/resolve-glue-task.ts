import { UnknownTaskError } from '../errors.js';
import { GLUE_TASKS, GLUE_TASK_NAMES, type GlueFileLayout, type GlueTaskName } from './glue-tasks.js';

/** A task together with the GLUE dev split that serves as its test set. */
export interface GlueTaskRef {
  readonly task: GlueTaskName;
  /** Key of `GLUE_TASKS[task].dev` (`dev`, or MNLI's `matched` / `mismatched`). */
  readonly dev: string;
}

/** The spellings a user may type, printed in errors and help texts. */
export const GLUE_TASK_SPELLINGS: readonly string[] = [
  'cola',
  'sst2 (sst-2)',
  'mrpc',
  'stsb (sts-b)',
  'qqp',
  'mnli (mnli-m)',
  'mnli-mm',
  'qnli',
  'rte',
  'wnli',
];

// Keys are names folded by `foldName`: lower case, letters and digits only, so `SST-2`, `sst_2` and
// `sst2` meet. `sst` and `sts` are the GLUE download script's own names.
const ALIASES: ReadonlyMap<string, GlueTaskRef> = new Map<string, GlueTaskRef>([
  ...GLUE_TASK_NAMES.map((task): [string, GlueTaskRef] => [task, defaultRef(task)]),
  ['sst', defaultRef('sst2')],
  ['sts', defaultRef('stsb')],
  ['mnlim', { task: 'mnli', dev: 'matched' }],
  ['mnlimatched', { task: 'mnli', dev: 'matched' }],
  ['mnlimm', { task: 'mnli', dev: 'mismatched' }],
  ['mnlimismatched', { task: 'mnli', dev: 'mismatched' }],
]);

/**
 * Resolves a CLI-style task name (`mrpc`, `SST-2`, `sts-b`, `stsb`, `mnli-mm`, ...) to a task and dev
 * split; throws `UnknownTaskError` listing the valid names otherwise.
 */
export function resolveGlueTask(name: string): GlueTaskRef {
  const folded = foldName(name);
  const ref = ALIASES.get(folded);
  if (ref !== undefined) return ref;
  throw new UnknownTaskError(name, GLUE_TASK_SPELLINGS, suggest(folded));
}

/** The ref of a task with its default dev split (the first in the registry). */
export function defaultGlueTaskRef(task: GlueTaskName): GlueTaskRef {
  return defaultRef(task);
}

/** Accepts a name, a canonical task or a ref and returns the ref (names go through `resolveGlueTask`). */
export function toGlueTaskRef(task: string | GlueTaskRef): GlueTaskRef {
  if (typeof task !== 'string') {
    const devs = Object.keys(GLUE_TASKS[task.task].dev);
    if (!devs.includes(task.dev)) {
      throw new UnknownTaskError(
        `${task.task}/${task.dev}`,
        devs.map((d) => `${task.task}/${d}`),
      );
    }
    return task;
  }
  return resolveGlueTask(task);
}

/** The file layout of the ref's dev split. */
export function glueDevLayout(ref: GlueTaskRef): GlueFileLayout {
  const dev: Readonly<Record<string, GlueFileLayout>> = GLUE_TASKS[ref.task].dev;
  const layout = dev[ref.dev];
  if (layout === undefined) {
    throw new UnknownTaskError(
      `${ref.task}/${ref.dev}`,
      Object.keys(dev).map((d) => `${ref.task}/${d}`),
    );
  }
  return layout;
}

/** A short label for logs and file names: `mrpc`, `mnli-m`, `mnli-mm`. */
export function glueTaskLabel(ref: GlueTaskRef): string {
  if (ref.task !== 'mnli') return ref.task;
  return ref.dev === 'mismatched' ? 'mnli-mm' : 'mnli-m';
}

function defaultRef(task: GlueTaskName): GlueTaskRef {
  const first = Object.keys(GLUE_TASKS[task].dev)[0];
  // Every registry entry has at least one dev file; the registry test guards it.
  return { task, dev: first ?? 'dev' };
}

function foldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function suggest(folded: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const key of ALIASES.keys()) {
    const d = editDistance(folded, key);
    if (d < bestDistance) {
      bestDistance = d;
      best = key;
    }
  }
  if (best === undefined || bestDistance > 2) return undefined;
  const ref = ALIASES.get(best);
  return ref === undefined ? undefined : glueTaskLabel(ref) === 'mnli-m' ? 'mnli' : glueTaskLabel(ref);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
