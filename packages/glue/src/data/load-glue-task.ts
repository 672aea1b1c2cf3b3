import { join } from 'node:path';
import { GLUE_TASKS, type GlueFileLayout } from '../tasks/glue-tasks.js';
import { glueDevLayout, type GlueTaskRef } from '../tasks/resolve-glue-task.js';
import type { GlueExample, MalformedRowPolicy, SkippedRows } from '../tsv/glue-example.js';
import { readGlueTsv } from '../tsv/read-glue-tsv.js';
import { ensureGlueTaskDir, type EnsureGlueTaskDirOptions } from './ensure-glue-task-dir.js';
import type { GlueDataSource } from './resolve-glue-data-dir.js';

/** Options of `loadGlueTask`: where to look (see `resolveGlueDataDir`) and how strict to be. */
export interface LoadGlueTaskOptions extends EnsureGlueTaskDirOptions {
  /** Throw `MalformedRowError` on the first bad row, or skip bad rows and report them. Default: `'error'`. */
  readonly onMalformedRow?: MalformedRowPolicy;
}

/** A task's GLUE train and dev examples, as read from disk. */
export interface GlueTaskData {
  readonly ref: GlueTaskRef;
  /** The task directory the files came from. */
  readonly taskDir: string;
  /** Which candidate directory it was. */
  readonly source: GlueDataSource;
  /** GLUE train (split further by `splitGlueTask`). */
  readonly train: GlueExample[];
  /** GLUE dev of the ref's split: the test set. */
  readonly dev: GlueExample[];
  /** Rows skipped per file (always zero under the `'error'` policy). */
  readonly skipped: { readonly train: SkippedRows; readonly dev: SkippedRows };
}

/** Finds a task's directory (downloading only if asked) and reads its train and dev files. */
export async function loadGlueTask(options: LoadGlueTaskOptions): Promise<GlueTaskData> {
  const resolved = await ensureGlueTaskDir(options);
  const { ref, taskDir, source } = resolved;
  const spec = GLUE_TASKS[ref.task];
  const read = (layout: GlueFileLayout) =>
    readGlueTsv({
      path: join(taskDir, layout.file),
      layout,
      labels: spec.labels,
      ...(options.onMalformedRow === undefined ? {} : { onMalformedRow: options.onMalformedRow }),
    });
  const [train, dev] = await Promise.all([read(spec.train), read(glueDevLayout(ref))]);
  return {
    ref,
    taskDir,
    source,
    train: train.examples,
    dev: dev.examples,
    skipped: { train: train.skipped, dev: dev.skipped },
  };
}
