import { GlueDataNotFoundError } from '../errors.js';
import { downloadGlueTask, type DownloadGlueTaskOptions } from '../download/download-glue-task.js';
import { toGlueTaskRef } from '../tasks/resolve-glue-task.js';
import { glueCacheDir, resolveGlueDataDir, type ResolveGlueDataDirOptions, type ResolvedGlueDataDir } from './resolve-glue-data-dir.js';

/** Download settings used when no directory holds the task (task and cache come from the resolver). */
export type GlueDownloadSettings = Omit<DownloadGlueTaskOptions, 'task' | 'cacheDir' | 'homeDir'>;

/** Options of `ensureGlueTaskDir`. */
export interface EnsureGlueTaskDirOptions extends ResolveGlueDataDirOptions {
  /**
   * Download into `~/.cache/lrdist/glue` when nothing is found (`true`, or download settings).
   * Default: false.
   */
  readonly download?: boolean | GlueDownloadSettings;
}

/**
 * Resolves the task's directory as `resolveGlueDataDir` does and, only when nothing is found and
 * `download` allows it, downloads the task into the user cache (DESIGN.md's last resort). An
 * explicit `dataDir` is never downloaded around: the data must be where the caller said.
 */
export async function ensureGlueTaskDir(options: EnsureGlueTaskDirOptions): Promise<ResolvedGlueDataDir> {
  try {
    return resolveGlueDataDir(options);
  } catch (error) {
    if (
      !(error instanceof GlueDataNotFoundError) ||
      options.download === undefined ||
      options.download === false ||
      (options.dataDir !== undefined && options.dataDir !== '')
    ) {
      throw error;
    }
    const settings = options.download === true ? {} : options.download;
    const homeDir = options.homeDir === undefined ? {} : { homeDir: options.homeDir };
    const ref = toGlueTaskRef(options.task);
    const cacheDir = glueCacheDir(homeDir);
    const downloaded = await downloadGlueTask({ ...settings, task: ref, cacheDir });
    return { ref, root: cacheDir, taskDir: downloaded.taskDir, source: 'cache' };
  }
}
