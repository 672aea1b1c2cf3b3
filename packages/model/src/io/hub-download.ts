// Downloads from the Hugging Face hub (https://huggingface.co/<repo>/resolve/<revision>/<file>),
// checksummed and cached. The resolve endpoint answers LFS files with a redirect whose
// `X-Linked-Etag` is the file's sha256 and other files with an `ETag` that is the git blob sha1;
// both are verified. Partial downloads resume with a Range request; network errors and 5xx are
// retried with exponential back-off; finished files are renamed into the cache atomically.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ChecksumMismatchError, HubDownloadError, InvalidOptionsError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

/** Options of {@link downloadHubFile}. */
export interface HubDownloadOptions {
  /** Repository id, e.g. "google-bert/bert-base-uncased". */
  readonly repo: string;
  /** File path inside the repository. */
  readonly file: string;
  /** Branch, tag or commit. Default "main". */
  readonly revision?: string;
  /** Cache root. Default `$LRDIST_HUB_CACHE` or ~/.cache/lrdist/hub. */
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
   * Ignore a cached copy and download again. Default false: a cached file is returned without
   * contacting the hub, so a moving revision such as "main" needs `force` to pick up changes.
   */
  readonly force?: boolean;
  /** fetch implementation. Default the global fetch. */
  readonly fetch?: typeof fetch;
}

/** The default cache root. */
export function defaultHubCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env['LRDIST_HUB_CACHE'] ?? join(homedir(), '.cache', 'lrdist', 'hub');
}

interface Expected {
  readonly kind: 'sha256' | 'git-sha1' | 'none';
  readonly digest: string;
  readonly size: number | null;
  readonly url: string;
}

class RetryableError extends Error {}

// A repository name or revision becomes folders of the cache: a segment starts with a letter, digit
// or underscore (so never `.` or `..`) and holds nothing but those, `.` and `-`.
const SEGMENT = /^\w[\w.-]*$/;

/** Downloads one file (or returns its cached copy) and returns its local path. */
export async function downloadHubFile(options: HubDownloadOptions): Promise<string> {
  const { repo, file } = options;
  const repoParts = repo.split('/');
  if (repoParts.length > 2 || !repoParts.every((p) => SEGMENT.test(p))) throw new InvalidOptionsError(`\`repo\` must look like "owner/name", got "${repo}"`);
  if (file.length === 0 || file.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    throw new InvalidOptionsError(`\`file\` must be a relative path inside the repository, got "${file}"`);
  }
  const revision = options.revision ?? 'main';
  if (!SEGMENT.test(revision)) throw new InvalidOptionsError(`\`revision\` must be a branch, tag or commit, got "${revision}"`);
  const cacheDir = options.cacheDir ?? defaultHubCacheDir();
  const target = join(cacheDir, repo.replace('/', '--'), revision, file);
  const metaPath = `${target}.meta.json`;
  if (options.force !== true && (await exists(target)) && (await exists(metaPath))) return target;

  const doFetch = options.fetch ?? fetch;
  const endpoint = (options.endpoint ?? 'https://huggingface.co').replace(/\/$/, '');
  const url = `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${file.split('/').map(encodeURIComponent).join('/')}`;
  const token = options.token ?? process.env['HF_TOKEN'];
  const headers: Record<string, string> = token === undefined || token === '' ? {} : { authorization: `Bearer ${token}` };
  const retries = options.retries ?? 3;
  const delay = options.retryDelayMs ?? ((k: number) => 500 * 2 ** k);
  const partial = `${target}.incomplete`;
  await mkdir(dirname(target), { recursive: true });

  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, delay(attempt - 1)));
    try {
      const expected = await resolve(doFetch, url, headers, `${repo}/${file}`);
      await fetchInto(doFetch, expected, headers, partial, `${repo}/${file}`);
      const actual = await digestOf(partial, expected.kind);
      if (expected.kind !== 'none' && actual !== expected.digest) {
        await rm(partial, { force: true });
        throw new ChecksumMismatchError(`${repo}/${file}`, expected.digest, actual);
      }
      await rename(partial, target);
      await writeFileAtomic(
        metaPath,
        `${JSON.stringify({ url, revision, checksum: expected.kind, digest: actual, size: expected.size }, null, 2)}\n`,
      );
      return target;
    } catch (e) {
      lastError = e;
      if (!(e instanceof RetryableError)) break;
    }
  }
  if (lastError instanceof ChecksumMismatchError || lastError instanceof HubDownloadError) throw lastError;
  throw new HubDownloadError(
    `downloading ${repo}/${file}@${revision} failed after ${retries + 1} attempt(s): ${(lastError as Error).message}`,
    { cause: lastError },
  );
}

/** Options of {@link downloadBertCheckpoint}. */
export type HubCheckpointOptions = Omit<HubDownloadOptions, 'file'>;

/** Downloads config.json and model.safetensors of a repository; returns the folder holding both. */
export async function downloadBertCheckpoint(options: HubCheckpointOptions): Promise<string> {
  const config = await downloadHubFile({ ...options, file: 'config.json' });
  await downloadHubFile({ ...options, file: 'model.safetensors' });
  return dirname(config);
}

async function resolve(doFetch: typeof fetch, url: string, headers: Record<string, string>, what: string): Promise<Expected> {
  let res: Response;
  try {
    res = await doFetch(url, { method: 'HEAD', headers: { ...headers, 'accept-encoding': 'identity' }, redirect: 'manual' });
  } catch (e) {
    throw new RetryableError(`HEAD ${url}: ${(e as Error).message}`);
  }
  if (res.status >= 500) throw new RetryableError(`HEAD ${url}: HTTP ${res.status}`);
  if (res.status >= 400) throw new HubDownloadError(`${what} is not available at ${url}: HTTP ${res.status}`);
  const linked = unquote(res.headers.get('x-linked-etag'));
  const etag = unquote(res.headers.get('etag'));
  const sizeHeader = res.headers.get('x-linked-size') ?? (res.status < 300 ? res.headers.get('content-length') : null);
  const size = sizeHeader === null ? null : Number(sizeHeader);
  const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
  const target = location === null ? url : new URL(location, url).toString();
  if (linked !== null && /^[0-9a-f]{64}$/.test(linked)) return { kind: 'sha256', digest: linked, size, url: target };
  if (etag !== null && /^[0-9a-f]{64}$/.test(etag)) return { kind: 'sha256', digest: etag, size, url: target };
  if (etag !== null && /^[0-9a-f]{40}$/.test(etag)) return { kind: 'git-sha1', digest: etag, size, url: target };
  return { kind: 'none', digest: '', size, url: target };
}

async function fetchInto(doFetch: typeof fetch, expected: Expected, headers: Record<string, string>, partial: string, what: string): Promise<void> {
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
  return value.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

