import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { GlueDataNotFoundError, type SearchedLocation } from '../errors.js';
import { GLUE_TASKS } from '../tasks/glue-tasks.js';
import { glueDevLayout, toGlueTaskRef, type GlueTaskRef } from '../tasks/resolve-glue-task.js';

/** Environment variable naming the data directory. */
export const LRDIST_DATA_DIR_ENV = 'LRDIST_DATA_DIR';

/** Where a resolved directory came from, in the order they are tried. */
export type GlueDataSource = 'option' | 'env' | 'cwd' | 'sibling' | 'cache';

/** Options of `resolveGlueDataDir`; the environment, working and home directories are injectable. */
export interface ResolveGlueDataDirOptions {
  /** The task whose files must be present (a name such as `'sst-2'`, or a ref). */
  readonly task: string | GlueTaskRef;
  /**
   * Explicit directory (CLI `--data-dir`): a GLUE root holding `<Task>/`, or a data root holding
   * `glue/<Task>/`. Default: none.
   */
  readonly dataDir?: string;
  /** Environment to read `LRDIST_DATA_DIR` from. Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Base of relative paths, `./data/glue` and `../shared/data/glue`. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** Home directory holding `.cache/lrdist/glue`. Default: `os.homedir()`. */
  readonly homeDir?: string;
}

/** A task directory that holds the task's train and dev files. */
export interface ResolvedGlueDataDir {
  readonly ref: GlueTaskRef;
  /** The GLUE root (parent of the task directory). */
  readonly root: string;
  /** The task directory (`<root>/MRPC`). */
  readonly taskDir: string;
  readonly source: GlueDataSource;
}

/** Options of `glueCacheDir`. */
export interface GlueCacheDirOptions {
  /** Home directory. Default: `os.homedir()`. */
  readonly homeDir?: string;
}

/** The user cache that downloads go to: `~/.cache/lrdist/glue`. */
export function glueCacheDir(options: GlueCacheDirOptions = {}): string {
  return join(options.homeDir ?? homedir(), '.cache', 'lrdist', 'glue');
}

/**
 * Finds the directory holding a task's files; first found wins, in DESIGN.md's order: the explicit
 * option, `$LRDIST_DATA_DIR`, `./data/glue`, `../shared/data/glue`, `~/.cache/lrdist/glue`. An
 * explicit option is the only place looked in: a folder the user named that lacks a file is an
 * error, never a silent fall-back to other data. A task
 * directory counts only when it has the task's train file and the dev file of the chosen split.
 * Throws `GlueDataNotFoundError` listing every place looked at and how to fix it.
 */
export function resolveGlueDataDir(options: ResolveGlueDataDirOptions): ResolvedGlueDataDir {
  const ref = toGlueTaskRef(options.task);
  const spec = GLUE_TASKS[ref.task];
  const required = [spec.train.file, glueDevLayout(ref).file];
  const searched: SearchedLocation[] = [];
  const seen = new Set<string>();

  for (const { source, root } of candidateRoots(options)) {
    const taskDir = join(root, spec.dir);
    if (seen.has(taskDir)) continue;
    seen.add(taskDir);
    const reason = missingReason(taskDir, required);
    if (reason === undefined) return { ref, root, taskDir, source };
    searched.push({ source, path: taskDir, reason });
  }
  throw new GlueDataNotFoundError(ref.task, spec.dir, searched);
}

function candidateRoots(options: ResolveGlueDataDirOptions): { source: GlueDataSource; root: string }[] {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const roots: { source: GlueDataSource; root: string }[] = [];
  // An explicit or env directory may be the GLUE root itself or a data root with glue/ inside: the
  // tokenizer reads `$LRDIST_DATA_DIR/vocab/...` from the same variable.
  if (options.dataDir !== undefined && options.dataDir !== '') {
    const dir = resolve(cwd, options.dataDir);
    return [
      { source: 'option', root: dir },
      { source: 'option', root: join(dir, 'glue') },
    ];
  }
  const fromEnv = env[LRDIST_DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const dir = resolve(cwd, fromEnv);
    roots.push({ source: 'env', root: dir }, { source: 'env', root: join(dir, 'glue') });
  }
  roots.push(
    { source: 'cwd', root: resolve(cwd, 'data', 'glue') },
    { source: 'sibling', root: resolve(cwd, '..', 'shared', 'data', 'glue') },
    {
      source: 'cache',
      root: glueCacheDir(options.homeDir === undefined ? {} : { homeDir: options.homeDir }),
    },
  );
  return roots;
}

function missingReason(taskDir: string, files: readonly string[]): string | undefined {
  if (!isDirectory(taskDir)) return 'no such directory';
  const missing = files.filter((file) => !isFile(join(taskDir, file)));
  return missing.length === 0 ? undefined : `missing ${missing.join(', ')}`;
}

// An unreadable path (EACCES, ENOTDIR) does not count, like a missing one; the error lists it.
function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
