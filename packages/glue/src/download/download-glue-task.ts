import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ChecksumMismatchError, DownloadError, GlueError, ZipFormatError } from '../errors.js';
import { glueCacheDir } from '../data/resolve-glue-data-dir.js';
import { GLUE_TASKS, type GlueTaskName } from '../tasks/glue-tasks.js';
import { toGlueTaskRef, type GlueTaskRef } from '../tasks/resolve-glue-task.js';
import { readGlueCacheManifest, writeGlueCacheManifest } from './cache-manifest.js';
import { deriveMrpcTsvs } from './derive-mrpc.js';
import { fetchToFile, hashFile, type DownloadProgress, type FetchLike } from './fetch-to-file.js';
import { GLUE_BASE_URL, GLUE_SOURCES, type GlueRemoteFile, type GlueTaskSource } from './glue-sources.js';
import type { GlueCacheTaskRecord, HashCheck } from './schemas.js';
import { extractZipEntry, readZipEntries } from './zip-archive.js';

/** Options of `downloadGlueTask`. */
export interface DownloadGlueTaskOptions {
  /** The task (any spelling `resolveGlueTask` accepts); all of its dev files are fetched. */
  readonly task: string | GlueTaskRef;
  /** Cache root that receives `<Task>/` and `manifest.json`. Default: `~/.cache/lrdist/glue`. */
  readonly cacheDir?: string;
  /** Home directory used for the default cache. Default: `os.homedir()`. */
  readonly homeDir?: string;
  /** Server every source path is appended to. Default: `https://dl.fbaipublicfiles.com`. */
  readonly baseUrl?: string;
  /** Where the task comes from and its pins. Default: `GLUE_SOURCES[task]`. */
  readonly source?: GlueTaskSource;
  /** Download again even when the cache already holds the task. Default: false. */
  readonly force?: boolean;
  /** `fetch` implementation. Default: `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Retries per file after the first attempt. Default: 4. */
  readonly retries?: number;
  /** First backoff delay in ms, doubled per retry. Default: 1000. */
  readonly backoffMs?: number;
  /** Sleep between attempts. Default: `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Progress callback. Default: none. */
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Aborts the download. Default: none. */
  readonly signal?: AbortSignal;
}

/** A task now present in the cache. */
export interface DownloadedGlueTask {
  readonly task: GlueTaskName;
  readonly cacheDir: string;
  /** `<cacheDir>/<Task>`. */
  readonly taskDir: string;
  /** True when every download, or every kept file, matched a hash pinned in this package. */
  readonly verified: boolean;
  /** True when the cache already held the task and nothing was fetched. */
  readonly fromCache: boolean;
  /** What the manifest records (URLs, hashes, sizes, and how each hash was checked). */
  readonly record: GlueCacheTaskRecord;
}

const PARTIAL_DIR = '.partial';

/**
 * Downloads a GLUE task into the cache: fetches its archive (or MRPC's two source files) with
 * resume and retries, checks every pinned sha256, extracts (or, for MRPC, rebuilds) the task's TSVs
 * into a staging directory, checks their pins, renames the directory into place and records all
 * hashes in `manifest.json`. A checksum mismatch throws `ChecksumMismatchError` and leaves nothing
 * of the task in the cache; an interrupted download leaves `.partial/<file>.part` to resume from.
 */
export async function downloadGlueTask(options: DownloadGlueTaskOptions): Promise<DownloadedGlueTask> {
  const task = toGlueTaskRef(options.task).task;
  const spec = GLUE_TASKS[task];
  const source: GlueTaskSource = options.source ?? GLUE_SOURCES[task];
  const cacheDir = options.cacheDir ?? glueCacheDir(options.homeDir === undefined ? {} : { homeDir: options.homeDir });
  const taskDir = join(cacheDir, spec.dir);
  const fileNames = Object.keys(source.files);

  const manifest = await readGlueCacheManifest(cacheDir);
  const previous = manifest.tasks[task];
  if (options.force !== true && previous !== undefined && (await allFiles(taskDir, fileNames))) {
    return { task, cacheDir, taskDir, verified: previous.verified, fromCache: true, record: previous };
  }

  const partialDir = join(cacheDir, PARTIAL_DIR);
  const staging = join(cacheDir, `.staging-${task}-${randomUUID()}`);
  const fetched: string[] = [];
  let current = `${options.baseUrl ?? GLUE_BASE_URL}`;
  try {
    await mkdir(partialDir, { recursive: true });
    await mkdir(staging);
    const downloads: GlueCacheTaskRecord['downloads'] = [];
    const paths: string[] = [];
    for (const remote of remoteFiles(source)) {
      current = `${options.baseUrl ?? GLUE_BASE_URL}${remote.path}`;
      const recorded = previous?.downloads.find((d) => d.url === current)?.sha256;
      const expected = remote.sha256 ?? recorded;
      const dest = join(partialDir, basename(remote.path));
      fetched.push(dest);
      const file = await fetchToFile({
        ...fetchOptions(options),
        url: current,
        dest,
        ...(expected === undefined ? {} : { expectedSha256: expected }),
      });
      downloads.push({ url: current, sha256: file.sha256, bytes: file.bytes, check: checkOf(remote.sha256) });
      paths.push(file.path);
    }

    current = taskDir;
    const produced = await produceFiles(source, paths, staging);
    const files: GlueCacheTaskRecord['files'] = [];
    for (const name of fileNames) {
      const actual = produced.get(name);
      if (actual === undefined) throw new ZipFormatError(`the ${task} source must provide ${name}`);
      const pinned = source.files[name] ?? undefined;
      const expected = pinned ?? previous?.files.find((f) => f.name === name)?.sha256;
      if (expected !== undefined && expected !== actual.sha256) {
        throw new ChecksumMismatchError(`${spec.dir}/${name}`, expected, actual.sha256);
      }
      files.push({ name, sha256: actual.sha256, bytes: actual.bytes, check: checkOf(pinned) });
    }

    await replaceDirectory(staging, taskDir);
    const verified = downloads.every((d) => d.check === 'pinned') || files.every((f) => f.check === 'pinned');
    const record: GlueCacheTaskRecord = {
      dir: spec.dir,
      downloadedAt: new Date().toISOString(),
      verified,
      downloads,
      files,
    };
    const latest = await readGlueCacheManifest(cacheDir);
    await writeGlueCacheManifest(cacheDir, { version: 1, tasks: { ...latest.tasks, [task]: record } });
    await removeAll(fetched);
    await removeIfEmpty(partialDir);
    return { task, cacheDir, taskDir, verified, fromCache: false, record };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof ChecksumMismatchError || error instanceof ZipFormatError) {
      // Bad bytes are never kept, not even for a resume.
      await removeAll(fetched.flatMap((f) => [f, `${f}.part`]));
      await removeIfEmpty(partialDir);
    }
    if (error instanceof GlueError) throw error;
    throw new DownloadError(current, describe(error), { attempts: 0 }, { cause: error });
  }
}

function remoteFiles(source: GlueTaskSource): GlueRemoteFile[] {
  return source.kind === 'zip' ? [source.archive] : [source.corpus, source.devIds];
}

async function produceFiles(
  source: GlueTaskSource,
  paths: readonly string[],
  staging: string,
): Promise<Map<string, { sha256: string; bytes: number }>> {
  const out = new Map<string, { sha256: string; bytes: number }>();
  if (source.kind === 'zip') {
    const archive = paths[0] ?? '';
    const entries = await readZipEntries(archive);
    for (const name of Object.keys(source.files)) {
      const wanted = `${source.zipDir}/${name}`;
      // Some archivers prefix a folder; never take macOS resource forks.
      const entry =
        entries.find((e) => e.name === wanted) ?? entries.find((e) => e.name.endsWith(`/${wanted}`) && !e.name.startsWith('__MACOSX/'));
      if (entry === undefined) throw new ZipFormatError(`${basename(archive)} must contain ${wanted}`);
      out.set(name, await extractZipEntry(archive, entry, join(staging, name)));
    }
    return out;
  }
  // Python's utf8 codec keeps a BOM as U+FEFF, and the GLUE script copies it into both headers.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const [corpusPath = '', idsPath = ''] = paths;
  const tsvs = deriveMrpcTsvs(decoder.decode(await readFile(corpusPath)), decoder.decode(await readFile(idsPath)));
  for (const name of ['train.tsv', 'dev.tsv'] as const) {
    const path = join(staging, name);
    await writeFile(path, tsvs[name]);
    out.set(name, await hashFile(path));
  }
  return out;
}

async function replaceDirectory(staging: string, target: string): Promise<void> {
  const old = `${staging}-old`;
  const hadOld = await exists(target);
  if (hadOld) await rename(target, old);
  await rename(staging, target);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

function fetchOptions(options: DownloadGlueTaskOptions): Omit<Parameters<typeof fetchToFile>[0], 'url' | 'dest'> {
  return {
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}

function checkOf(pinned: string | null | undefined): HashCheck {
  return pinned === undefined || pinned === null ? 'recorded' : 'pinned';
}

async function allFiles(dir: string, names: readonly string[]): Promise<boolean> {
  for (const name of names) if (!(await exists(join(dir, name)))) return false;
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function removeAll(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { force: true })));
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length === 0) await rmdir(dir);
  } catch {
    // Already gone or not ours to remove: nothing to tidy.
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
