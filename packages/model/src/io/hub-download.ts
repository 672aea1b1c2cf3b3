// Downloads from the Hugging Face hub (https://huggingface.co/<repo>/resolve/<revision>/<file>) into
// the hub cache that Python's huggingface_hub shares (layout in ./hub-cache.ts), checksummed. The
// resolve endpoint answers LFS files with a redirect whose `X-Linked-Etag` is the file's sha256 and
// other files with an `ETag` that is the git blob sha1; both name the blob and both are verified.
// `X-Repo-Commit` names the snapshot. Partial downloads resume with a Range request; network errors
// and 5xx are retried with exponential back-off; finished blobs are renamed into place atomically.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ChecksumMismatchError, HubDownloadError, InvalidOptionsError } from '../errors.js';
import {
  COMMIT_HASH,
  defaultHubCacheDir,
  exists,
  findCachedHubFile,
  hubRepoFolder,
  linkHubSnapshot,
  snapshotPath,
  writeHubRef,
} from './hub-cache.js';

/** Options of {@link downloadHubFile}. */
export interface HubDownloadOptions {
  /** Repository id, e.g. "google-bert/bert-base-uncased". */
  readonly repo: string;
  /** File path inside the repository. */
  readonly file: string;
  /** Branch, tag or commit. Default "main". */
  readonly revision?: string;
  /**
   * Hub cache root, in huggingface_hub's layout. Default {@link defaultHubCacheDir}: `$HF_HUB_CACHE`,
   * `$HF_HOME/hub` or ~/.cache/huggingface/hub, shared with Python (`$LRDIST_HUB_CACHE` overrides).
   */
  readonly cacheDir?: string;
  /** Hub base URL. Default https://huggingface.co. */
  readonly endpoint?: string;
  /** Access token for gated or private repositories. Default `$HF_TOKEN`. */
  readonly token?: string;
  /** Attempts after the first on network errors and 5xx. Default 3. */
  readonly retries?: number;
  /** Back-off before retry k (0-based), in ms. Default 500 * 2^k. */
  readonly retryDelayMs?: (attempt: number) => number;
  /**
   * Ignore a cached copy and download again. Default false: a file whose revision is in the cache
   * (`refs/<revision>` and its snapshot entry, or the snapshot of a commit hash) is returned without
   * contacting the hub, so a moving revision such as "main" needs `force` to pick up changes.
   */
  readonly force?: boolean;
  /** fetch implementation. Default the global fetch. */
  readonly fetch?: typeof fetch;
}

interface Expected {
  readonly kind: 'sha256' | 'git-sha1' | 'none';
  /** The normalised etag: the blob's file name, and its digest unless `kind` is "none". */
  readonly etag: string;
  readonly commit: string;
  readonly size: number | null;
  readonly url: string;
}

class RetryableError extends Error {}

// A repository name or revision becomes folders of the cache: a segment starts with a letter, digit
// or underscore (so never `.` or `..`) and holds nothing but those, `.` and `-`.
const SEGMENT = /^\w[\w.-]*$/;

/**
 * Downloads one file into the hub cache (or finds it there) and returns its snapshot path,
 * `<cache>/models--<org>--<name>/snapshots/<commit>/<file>`, a symlink into `blobs/`.
 */
export async function downloadHubFile(options: HubDownloadOptions): Promise<string> {
  const { repo, file } = options;
  const repoParts = repo.split('/');
  if (repoParts.length > 2 || !repoParts.every((p) => SEGMENT.test(p)))
    throw new InvalidOptionsError(`\`repo\` must look like "owner/name", got "${repo}"`);
  if (file.length === 0 || file.includes('\\') || file.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    throw new InvalidOptionsError(`\`file\` must be a relative path inside the repository, got "${file}"`);
  }
  const revision = options.revision ?? 'main';
  if (!SEGMENT.test(revision)) throw new InvalidOptionsError(`\`revision\` must be a branch, tag or commit, got "${revision}"`);
  const repoFolder = hubRepoFolder(options.cacheDir ?? defaultHubCacheDir(), repo);
  const force = options.force === true;
  if (!force) {
    const cached = await findCachedHubFile(repoFolder, revision, file);
    if (cached !== null) return cached;
  }

  const doFetch = options.fetch ?? fetch;
  const endpoint = (options.endpoint ?? 'https://huggingface.co').replace(/\/$/, '');
  const url = `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${file.split('/').map(encodeURIComponent).join('/')}`;
  const token = options.token ?? process.env['HF_TOKEN'];
  const headers: Record<string, string> = token === undefined || token === '' ? {} : { authorization: `Bearer ${token}` };
  const retries = options.retries ?? 3;
  const delay = options.retryDelayMs ?? ((k: number) => 500 * 2 ** k);
  const what = `${repo}/${file}`;

  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, delay(attempt - 1)));
    try {
      const expected = await resolve(doFetch, url, headers, what, revision);
      const pointer = snapshotPath(repoFolder, expected.commit, file);
      const blob = join(repoFolder, 'blobs', expected.etag);
      // Another revision (or Python) may already hold this commit's entry or this content.
      if (force || !(await exists(pointer))) {
        if (force || !(await exists(blob))) await fetchBlob(doFetch, expected, headers, blob, what);
        await linkHubSnapshot(blob, pointer);
      }
      await writeHubRef(repoFolder, revision, expected.commit);
      return pointer;
    } catch (e) {
      lastError = e;
      if (!(e instanceof RetryableError)) break;
    }
  }
  if (lastError instanceof ChecksumMismatchError || lastError instanceof HubDownloadError) throw lastError;
  throw new HubDownloadError(`downloading ${what}@${revision} failed after ${retries + 1} attempt(s): ${(lastError as Error).message}`, {
    cause: lastError,
  });
}

async function fetchBlob(
  doFetch: typeof fetch,
  expected: Expected,
  headers: Record<string, string>,
  blob: string,
  what: string,
): Promise<void> {
  const partial = `${blob}.incomplete`;
  await mkdir(dirname(blob), { recursive: true });
  await fetchInto(doFetch, expected, headers, partial, what);
  if (expected.kind !== 'none') {
    const actual = await digestOf(partial, expected.kind);
    if (actual !== expected.etag.toLowerCase()) {
      await rm(partial, { force: true });
      throw new ChecksumMismatchError(what, expected.etag, actual);
    }
  }
  await rename(partial, blob);
}

/** Options of {@link downloadBertCheckpoint}. */
export type HubCheckpointOptions = Omit<HubDownloadOptions, 'file'>;

/**
 * Downloads config.json and model.safetensors of a repository; returns the snapshot folder holding
 * both. The weights are fetched at the commit the config resolved to, so both come from one commit
 * even if the branch moves in between.
 */
export async function downloadBertCheckpoint(options: HubCheckpointOptions): Promise<string> {
  const folder = dirname(await downloadHubFile({ ...options, file: 'config.json' }));
  const commit = folder.slice(dirname(folder).length + 1);
  await downloadHubFile({ ...options, file: 'model.safetensors', revision: commit });
  return folder;
}

async function resolve(
  doFetch: typeof fetch,
  resolveUrl: string,
  headers: Record<string, string>,
  what: string,
  revision: string,
): Promise<Expected> {
  let url = resolveUrl;
  let res = await head(doFetch, url, headers, what);
  // A renamed repository (bert-base-uncased is now google-bert/bert-base-uncased) answers with a
  // relative redirect and no etag; huggingface_hub follows those, but not an LFS file's redirect.
  for (let hop = 0; hop < 5 && res.headers.get('x-linked-etag') === null; hop++) {
    const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
    if (location === null || /^([a-z][a-z0-9+.-]*:)?\/\//i.test(location)) break;
    url = new URL(location, url).toString();
    res = await head(doFetch, url, headers, what);
  }
  // As huggingface_hub: the linked etag (an LFS file's sha256) wins over the response's own.
  const etag = unquote(res.headers.get('x-linked-etag')) ?? unquote(res.headers.get('etag'));
  // It becomes the blob's file name, so anything but a plain name is refused.
  if (etag === null || !SEGMENT.test(etag)) {
    throw new HubDownloadError(`${what} at ${url} must come with an ETag naming its content, got ${etag === null ? 'none' : `"${etag}"`}`);
  }
  const commit = res.headers.get('x-repo-commit')?.trim().toLowerCase() ?? (COMMIT_HASH.test(revision) ? revision : null);
  if (commit === null || !COMMIT_HASH.test(commit)) {
    throw new HubDownloadError(
      `${what} at ${url} must come with an X-Repo-Commit commit hash, got ${commit === null ? 'none' : `"${commit}"`}`,
    );
  }
  const sizeHeader = res.headers.get('x-linked-size') ?? (res.status < 300 ? res.headers.get('content-length') : null);
  const size = sizeHeader === null ? null : Number(sizeHeader);
  const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
  const target = location === null ? url : new URL(location, url).toString();
  const kind = /^[0-9a-f]{64}$/i.test(etag) ? 'sha256' : /^[0-9a-f]{40}$/i.test(etag) ? 'git-sha1' : 'none';
  return { kind, etag, commit, size, url: target };
}

async function head(doFetch: typeof fetch, url: string, headers: Record<string, string>, what: string): Promise<Response> {
  let res: Response;
  try {
    res = await doFetch(url, { method: 'HEAD', headers: { ...headers, 'accept-encoding': 'identity' }, redirect: 'manual' });
  } catch (e) {
    throw new RetryableError(`HEAD ${url}: ${(e as Error).message}`);
  }
  if (res.status >= 500) throw new RetryableError(`HEAD ${url}: HTTP ${res.status}`);
  if (res.status >= 400) throw new HubDownloadError(`${what} is not available at ${url}: HTTP ${res.status}`);
  return res;
}

async function fetchInto(
  doFetch: typeof fetch,
  expected: Expected,
  headers: Record<string, string>,
  partial: string,
  what: string,
): Promise<void> {
  const have = await sizeOf(partial);
  if (expected.size !== null && have === expected.size) return;
  const rangeHeaders = have > 0 ? { ...headers, range: `bytes=${have}-` } : headers;
  let res: Response;
  try {
    res = await doFetch(expected.url, { headers: { ...rangeHeaders, 'accept-encoding': 'identity' }, redirect: 'follow' });
  } catch (e) {
    throw new RetryableError(`GET ${expected.url}: ${(e as Error).message}`);
  }
  if (res.status >= 500) throw new RetryableError(`GET ${expected.url}: HTTP ${res.status}`);
  if (res.status === 416) {
    await rm(partial, { force: true });
    throw new RetryableError(`GET ${expected.url}: range not satisfiable, restarting`);
  }
  if (res.status >= 400) throw new HubDownloadError(`${what} could not be downloaded from ${expected.url}: HTTP ${res.status}`);
  const append = res.status === 206;
  const handle = await open(partial, append ? 'a' : 'w');
  try {
    if (res.body === null) throw new RetryableError(`GET ${expected.url}: empty body`);
    const reader = res.body.getReader();
    for (;;) {
      let chunk: { done: boolean; value?: Uint8Array | undefined };
      try {
        chunk = await reader.read();
      } catch (e) {
        throw new RetryableError(`GET ${expected.url}: ${(e as Error).message}`);
      }
      if (chunk.done || chunk.value === undefined) break;
      await handle.write(chunk.value);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  const got = await sizeOf(partial);
  if (expected.size !== null && got !== expected.size) {
    if (got > expected.size) await rm(partial, { force: true });
    throw new RetryableError(`GET ${expected.url}: got ${got} of ${expected.size} bytes`);
  }
}

async function digestOf(path: string, kind: Expected['kind']): Promise<string> {
  if (kind === 'git-sha1') {
    const data = await readFile(path);
    return createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function unquote(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/^W\//, '').replace(/^"|"$/g, '');
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
