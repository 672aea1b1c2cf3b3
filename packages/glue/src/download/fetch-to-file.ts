import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { ChecksumMismatchError, DownloadError } from '../errors.js';

/** The part of the WHATWG `fetch` this package uses; inject one to test without a network. */
export type FetchLike = (url: string, init: { headers: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

/** Progress of one download. */
export interface DownloadProgress {
  readonly url: string;
  /** Bytes on disk so far, resumed bytes included. */
  readonly received: number;
  /** Full size when the server said it. */
  readonly total?: number;
  /** Attempt number, from 1. */
  readonly attempt: number;
}

/** Options of `fetchToFile`. */
export interface FetchToFileOptions {
  readonly url: string;
  /** Final path; bytes go to `<dest>.part` first and are renamed once verified. */
  readonly dest: string;
  /**
   * Pinned sha256 (hex); the file is deleted and `ChecksumMismatchError` thrown when it differs.
   * Default: none (the hash is only reported).
   */
  readonly expectedSha256?: string;
  /** `fetch` implementation. Default: `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Retries after the first attempt on network errors, dropped bodies, 408, 429 and 5xx. Default: 4. */
  readonly retries?: number;
  /** First backoff delay in ms, doubled on each retry up to 30 s. Default: 1000. */
  readonly backoffMs?: number;
  /** Sleep used between attempts (inject to make tests instant). Default: `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called as bytes arrive. Default: none. */
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Aborts the download. Default: none. */
  readonly signal?: AbortSignal;
}

/** A downloaded, hashed file. */
export interface FetchedFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Attempts it took (1 when nothing went wrong). */
  readonly attempts: number;
  /** Whether some attempt continued from bytes already on disk (HTTP Range). */
  readonly resumed: boolean;
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Downloads a URL into a file: resumes with an HTTP Range request from the bytes already in
 * `<dest>.part` (also those a killed process left), retries transient failures with exponential
 * backoff, checks the sha256 of the whole file and only then renames it into place.
 */
export async function fetchToFile(options: FetchToFileOptions): Promise<FetchedFile> {
  try {
    return await fetchWithRetries(options);
  } catch (error) {
    if (error instanceof DownloadError || error instanceof ChecksumMismatchError) throw error;
    // File-system failures (disk full, permissions) surface as a DownloadError with the cause kept.
    throw new DownloadError(options.url, describe(error), { attempts: 0 }, { cause: error });
  }
}

async function fetchWithRetries(options: FetchToFileOptions): Promise<FetchedFile> {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const retries = options.retries ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const part = `${options.dest}.part`;
  let delay = options.backoffMs ?? 1000;
  let resumed = false;
  let lastError: RetryableError | undefined;

  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    if (attempt > 1) {
      await sleep(delay);
      delay = Math.min(delay * 2, 30_000);
    }
    try {
      const from = await sizeOf(part);
      const outcome = await runAttempt(fetchImpl, options, part, from, attempt);
      resumed ||= outcome.resumed;
      return await finish(options, part, attempt, resumed);
    } catch (error) {
      if (!(error instanceof RetryableError)) throw error;
      lastError = error;
    }
  }
  throw new DownloadError(
    options.url,
    lastError?.message ?? 'unknown failure',
    {
      attempts: retries + 1,
      ...(lastError?.status === undefined ? {} : { status: lastError.status }),
    },
    { cause: lastError?.cause ?? lastError },
  );
}

async function runAttempt(
  fetchImpl: FetchLike,
  options: FetchToFileOptions,
  part: string,
  from: number,
  attempt: number,
): Promise<{ resumed: boolean }> {
  // Ask for the bytes as stored: with a transfer encoding, Content-Length and Range would count
  // compressed bytes while the body arrives decompressed.
  const headers: Record<string, string> = {
    'accept-encoding': 'identity',
    ...(from > 0 ? { range: `bytes=${from}-` } : {}),
  };
  let response: Response;
  try {
    response = await fetchImpl(options.url, options.signal === undefined ? { headers } : { headers, signal: options.signal });
  } catch (cause) {
    if (options.signal?.aborted === true) throw new DownloadError(options.url, 'aborted', { attempts: attempt }, { cause });
    throw new RetryableError(`network error: ${describe(cause)}`, undefined, { cause });
  }

  if (response.status === 416 && from > 0) {
    // The range no longer fits what the server has: start over.
    await rm(part, { force: true });
    throw new RetryableError('HTTP 416 for the resumed range; restarting from byte 0', 416);
  }
  if (!response.ok) {
    const status = response.status;
    if (status === 408 || status === 429 || status >= 500) throw new RetryableError(`HTTP ${status}`, status);
    throw new DownloadError(options.url, `HTTP ${status} ${response.statusText}`, {
      status,
      attempts: attempt,
    });
  }

  let append = false;
  if (from > 0 && response.status === 206) {
    const start = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1];
    append = start !== undefined && Number(start) === from;
  }
  const encoding = response.headers.get('content-encoding');
  const encoded = encoding !== null && encoding !== 'identity';
  const length = encoded ? Number.NaN : Number(response.headers.get('content-length') ?? Number.NaN);
  const total = append ? from + length : length;
  const file = await open(part, append ? 'a' : 'w');
  let received = append ? from : 0;
  try {
    if (response.body === null) throw new RetryableError('empty response body');
    const reader = response.body.getReader();
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        throw new RetryableError(`connection dropped after ${received} bytes: ${describe(cause)}`, undefined, { cause });
      }
      if (chunk.done) break;
      await file.write(chunk.value);
      received += chunk.value.byteLength;
      options.onProgress?.({
        url: options.url,
        received,
        attempt,
        ...(Number.isFinite(total) ? { total } : {}),
      });
    }
  } finally {
    await file.close();
  }
  if (Number.isFinite(total) && received !== total) {
    throw new RetryableError(`body ended after ${received} of ${total} bytes`);
  }
  return { resumed: append };
}

async function finish(options: FetchToFileOptions, part: string, attempts: number, resumed: boolean): Promise<FetchedFile> {
  const { sha256, bytes } = await hashFile(part);
  if (options.expectedSha256 !== undefined && sha256 !== options.expectedSha256) {
    await rm(part, { force: true });
    throw new ChecksumMismatchError(options.url, options.expectedSha256, sha256);
  }
  await rename(part, options.dest);
  return { path: options.dest, sha256, bytes, attempts, resumed };
}

/** sha256 (hex) and size of a file, streamed. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    const data = chunk as Buffer;
    hash.update(data);
    bytes += data.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
