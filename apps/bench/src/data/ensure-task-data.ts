// Before any work: every task a command needs must be on disk (or downloadable now) and readable.
// Without this a run with no data and no network started every cell, each cell retried its own
// download, and an empty train.tsv surfaced as a schedule error deep inside a worker.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DownloadError,
  ensureGlueTaskDir,
  GLUE_TASKS,
  GlueDataNotFoundError,
  GlueError,
  glueDevLayout,
  parseGlueTsv,
  resolveGlueTask,
  type EnsureGlueTaskDirOptions,
  type GlueFileLayout,
} from '@lrdist/glue';
import { TaskDataError } from '../errors.js';

/** Options of {@link ensureTaskData}. */
export interface EnsureTaskDataOptions {
  /** `--data-dir` (absolute): the only place looked in when given. Default: none (the usual places). */
  readonly dataDir?: string;
  readonly cwd: string;
  /** Environment for `$LRDIST_DATA_DIR`. Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home of the user cache (~/.cache/lrdist/glue). Default: `os.homedir()`. */
  readonly homeDir?: string;
  /**
   * Download settings (tests point them at a local server). Default: one attempt, no retries, from
   * `$LRDIST_GLUE_BASE_URL` (a mirror of GLUE's downloads) when set.
   */
  readonly download?: Exclude<EnsureGlueTaskDirOptions['download'], boolean | undefined>;
}

/** Environment variable naming a mirror of GLUE's download site. */
export const GLUE_BASE_URL_ENV = 'LRDIST_GLUE_BASE_URL';

/** Where a task's data was found, and what it holds. */
export interface TaskData {
  /** The GLUE root holding the task's folder: workers read from here and nowhere else. */
  readonly root: string;
  /** SHA-256 of the bytes of the files read (train, then the dev file of the task's split). */
  readonly sha256: string;
}

/**
 * Finds (or downloads, once) the GLUE data of every task and reads each file once; returns each
 * task's root and a fingerprint of its bytes. Throws one {@link TaskDataError} line naming the task,
 * the places looked in (or the file) and the fix.
 */
export async function ensureTaskData(tasks: readonly string[], options: EnsureTaskDataOptions): Promise<Record<string, TaskData>> {
  const found: Record<string, TaskData> = {};
  const mirror = (options.env ?? process.env)[GLUE_BASE_URL_ENV];
  for (const task of new Set(tasks)) {
    let root: string;
    try {
      ({ root } = await ensureGlueTaskDir({
        task,
        cwd: options.cwd,
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.homeDir === undefined ? {} : { homeDir: options.homeDir }),
        download: options.download ?? { retries: 0, ...(mirror === undefined || mirror === '' ? {} : { baseUrl: mirror }) },
      }));
    } catch (error) {
      if (!(error instanceof DownloadError) && !(error instanceof GlueDataNotFoundError)) throw error;
      throw notFound(task, options, error);
    }
    found[task] = { root, sha256: await checkTaskFiles(task, root) };
  }
  return found;
}

function notFound(task: string, options: EnsureTaskDataOptions, error: DownloadError | GlueDataNotFoundError): TaskDataError {
  const dir = GLUE_TASKS[resolveGlueTask(task).task].dir;
  if (options.dataDir !== undefined && error instanceof GlueDataNotFoundError) {
    const why = error.searched.map((s) => `${s.path}: ${s.reason}`).join('; ');
    return new TaskDataError(
      `--data-dir ${options.dataDir} holds no ${task} data (${why}); pass the folder that holds ${dir}/ ` +
        '(an explicit --data-dir is the only place looked in), or leave --data-dir out to use $LRDIST_DATA_DIR, ./data/glue, ../shared/data/glue, the cache or the download',
      { cause: error },
    );
  }
  const reason = (error.message.split('\n')[0] ?? '').replace(/[.:]\s*$/, '');
  return new TaskDataError(
    `no GLUE data for ${task}: none in $LRDIST_DATA_DIR, ./data/glue, ../shared/data/glue or the cache ~/.cache/lrdist/glue, ` +
      `and the download failed (${reason}); connect to the network and rerun, or pass --data-dir <a folder holding ${dir}/>`,
    { cause: error },
  );
}

/** Parses the task's train and dev files (every row checked, at least one example each) and hashes their bytes. */
async function checkTaskFiles(task: string, root: string): Promise<string> {
  const ref = resolveGlueTask(task);
  const spec = GLUE_TASKS[ref.task];
  const hash = createHash('sha256');
  for (const layout of [spec.train, glueDevLayout(ref)] as GlueFileLayout[]) {
    const path = join(root, spec.dir, layout.file);
    const bytes = await readFile(path).catch((cause: unknown) => {
      throw new TaskDataError(
        `${path} cannot be read (${(cause as Error).message}); restore it or pass --data-dir <a folder holding ${spec.dir}/>`,
        { cause },
      );
    });
    let examples: number;
    try {
      examples = parseGlueTsv(bytes, { layout, labels: spec.labels, file: path }).examples.length;
    } catch (cause) {
      if (!(cause instanceof GlueError)) throw cause;
      throw new TaskDataError(`${task}: ${cause.message.split('\n')[0]}; fix or restore that file`, { cause });
    }
    if (examples === 0) {
      throw new TaskDataError(
        `${path} holds no examples (${bytes.length === 0 ? 'it is empty' : 'a header at most'}); restore GLUE's ${spec.dir}/${layout.file} or pass --data-dir <a folder holding a complete ${spec.dir}/>`,
      );
    }
    hash.update(`${layout.file}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}
