// Against a local HTTP server on 127.0.0.1 that imitates the hub's resolve endpoint: LFS files
// answer HEAD with a 302 and X-Linked-Etag (sha256), small files with a git-blob-sha1 ETag.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumMismatchError, HubDownloadError } from '../errors.js';
import { createRng } from '../util/rng.js';
import { downloadBertCheckpoint, downloadHubFile } from './hub-download.js';

const rng = createRng(8);
const weights = Uint8Array.from({ length: 50_000 }, () => rng.nextInt(256));
const config = new TextEncoder().encode('{"model_type": "bert"}');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Uint8Array) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

interface Behaviour {
  truncateFirstGet: boolean;
  lieAboutHash: boolean;
  failHeads: number;
}
let behaviour: Behaviour;
let requests: { method: string; url: string; range?: string }[];
let server: Server;
let endpoint: string;
let cache: string;

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  const entry = { method: req.method ?? '', url, ...(req.headers.range === undefined ? {} : { range: req.headers.range }) };
  requests.push(entry);
  if (url === '/org/tiny-bert/resolve/main/model.safetensors' && req.method === 'HEAD') {
    if (behaviour.failHeads > 0) {
      behaviour.failHeads--;
      res.writeHead(503).end();
      return;
    }
    const digest = behaviour.lieAboutHash ? sha256(config) : sha256(weights);
    res.writeHead(302, { location: '/cdn/blob-1', 'x-linked-etag': `"${digest}"`, 'x-linked-size': String(weights.length), etag: '"abc"' });
    res.end();
    return;
  }
  if (url === '/cdn/blob-1' && req.method === 'GET') {
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m === null ? 0 : Number(m[1]);
    const body = weights.subarray(start);
    res.writeHead(m === null ? 200 : 206, { 'content-length': String(body.length) });
    if (behaviour.truncateFirstGet) {
      behaviour.truncateFirstGet = false;
      // Close the connection mid-body once the client has had time to read what was sent (a web
      // ReadableStream drops chunks still queued when it errors).
      res.write(body.subarray(0, 20_000), () => setTimeout(() => res.socket?.end(), 150));
      return;
    }
    res.end(body);
    return;
  }
  if (url === '/org/tiny-bert/resolve/main/config.json') {
    res.writeHead(200, { etag: `"${gitSha1(config)}"`, 'content-length': String(config.length) });
    res.end(req.method === 'HEAD' ? undefined : config);
    return;
  }
  res.writeHead(404).end();
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(async () => {
  behaviour = { truncateFirstGet: false, lieAboutHash: false, failHeads: 0 };
  requests = [];
  cache = await mkdtemp(join(tmpdir(), 'lrdist-hub-'));
});
afterEach(async () => {
  await rm(cache, { recursive: true, force: true });
});

const opts = () => ({ repo: 'org/tiny-bert', endpoint, cacheDir: cache, retryDelayMs: () => 1, token: '' });

describe('downloadHubFile', () => {
  it('follows the LFS redirect, verifies sha256 and caches the file', async () => {
    const path = await downloadHubFile({ ...opts(), file: 'model.safetensors' });
    expect(path).toBe(join(cache, 'org--tiny-bert', 'main', 'model.safetensors'));
    expect(new Uint8Array(await readFile(path))).toEqual(weights);
    const count = requests.length;
    expect(await downloadHubFile({ ...opts(), file: 'model.safetensors' })).toBe(path);
    expect(requests.length).toBe(count);
  });

  it('verifies the git blob sha1 of non-LFS files; downloads a checkpoint folder', async () => {
    const folder = await downloadBertCheckpoint(opts());
    expect(await readFile(join(folder, 'config.json'), 'utf8')).toBe('{"model_type": "bert"}');
    expect((await readdir(folder)).sort()).toEqual(['config.json', 'config.json.meta.json', 'model.safetensors', 'model.safetensors.meta.json']);
  });

  it('resumes a cut download with a Range request and retries 5xx', async () => {
    behaviour.truncateFirstGet = true;
    behaviour.failHeads = 1;
    const path = await downloadHubFile({ ...opts(), file: 'model.safetensors' });
    expect(new Uint8Array(await readFile(path))).toEqual(weights);
    expect(requests.filter((r) => r.method === 'HEAD')).toHaveLength(3);
    expect(requests.some((r) => r.range === 'bytes=20000-')).toBe(true);
  });

  it('rejects a checksum mismatch and leaves nothing in the cache', async () => {
    behaviour.lieAboutHash = true;
    const error = await downloadHubFile({ ...opts(), file: 'model.safetensors', retries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as ChecksumMismatchError).actual).toBe(sha256(weights));
    expect(await readdir(join(cache, 'org--tiny-bert', 'main'))).toEqual([]);
  });

  it('fails fast on 404 with a HubDownloadError naming the file', async () => {
    const error = await downloadHubFile({ ...opts(), file: 'missing.bin' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubDownloadError);
    expect((error as Error).message).toMatch(/org\/tiny-bert\/missing\.bin.*HTTP 404/);
    expect(requests).toHaveLength(1);
  });

  it('refuses paths that leave the repository', async () => {
    await expect(downloadHubFile({ ...opts(), file: '../etc/passwd' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(downloadHubFile({ ...opts(), file: './config.json' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('refuses a repo or revision that is a dot segment or holds a separator, before any request', async () => {
    for (const repo of ['..', '.', '../x', 'org/..', 'a/b/c', '.hidden/x', 'org/na me']) {
      await expect(downloadHubFile({ ...opts(), file: 'config.json', repo }), repo).rejects.toThrow(`\`repo\` must look like "owner/name", got "${repo}"`);
    }
    for (const revision of ['..', '.', 'a/b', '..\\x', '<script>']) {
      await expect(downloadHubFile({ ...opts(), file: 'config.json', revision }), revision).rejects.toThrow(`\`revision\` must be a branch, tag or commit, got "${revision}"`);
    }
    expect(requests).toHaveLength(0);
    await expect(readdir(cache)).resolves.toEqual([]);
  });
});
