// Before any work: every task a command needs must be on disk, or downloadable now. Without this a
// run with no data and no network started every cell, and each cell retried its own download.
import { DownloadError, ensureGlueTaskDir, GlueDataNotFoundError, type EnsureGlueTaskDirOptions } from '@lrdist/glue';
import { BenchDataError } from '../errors.js';

/** Options of {@link ensureTaskData}. */
export interface EnsureTaskDataOptions {
  /** `--data-dir`. Default: none (the usual places). */
  readonly dataDir?: string;
  readonly cwd: string;
  /** Environment for `$LRDIST_DATA_DIR`. Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home of the user cache (~/.cache/lrdist/glue). Default: `os.homedir()`. */
  readonly homeDir?: string;
  /** Download settings (tests point them at a local server). Default: one attempt, no retries. */
  readonly download?: Exclude<EnsureGlueTaskDirOptions['download'], boolean | undefined>;
}

/**
 * Finds (or downloads, once) the GLUE data of every task, or throws one {@link BenchDataError} line
 * naming the task, the places looked in and the two ways out.
 */
export async function ensureTaskData(tasks: readonly string[], options: EnsureTaskDataOptions): Promise<void> {
  for (const task of new Set(tasks)) {
    try {
      await ensureGlueTaskDir({
        task,
        cwd: options.cwd,
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.homeDir === undefined ? {} : { homeDir: options.homeDir }),
        download: options.download ?? { retries: 0 },
      });
    } catch (error) {
      if (!(error instanceof DownloadError) && !(error instanceof GlueDataNotFoundError)) throw error;
      const reason = (error.message.split('\n')[0] ?? '').replace(/[.:]\s*$/, '');
      throw new BenchDataError(
        `no GLUE data for ${task}: none in ${options.dataDir === undefined ? '' : `--data-dir ${options.dataDir}, `}$LRDIST_DATA_DIR, ./data/glue, ` +
          `../shared/data/glue or ~/.cache/lrdist/glue, and the download failed (${reason}); connect to the network and rerun, ` +
          'or pass --data-dir <a folder holding the GLUE task folders>',
        { cause: error },
      );
    }
  }
}
