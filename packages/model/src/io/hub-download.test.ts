// Against a local HTTP server on 127.0.0.1 that imitates the hub's resolve endpoint: LFS files
// answer HEAD with a 302 and X-Linked-Etag (sha256), small files with a git-blob-sha1 ETag, both
// with the X-Repo-Commit that names the snapshot. The cache must come out in huggingface_hub's
// layout (models--org--name/{blobs,refs,snapshots}), and a cache laid out by hand that way must be
// read without the network.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
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
const vocab = new TextEncoder().encode('[PAD]\n[UNK]\n');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Uint8Array) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
const COMMIT = createHash('sha1').update('commit-1').digest('hex');
const OLD_COMMIT = createHash('sha1').update('commit-0').digest('hex');
const REPO_DIR = 'models--org--tiny-bert';
const offline: typeof fetch = () => {
  throw new Error('no network in this test');
};

interface Behaviour {
  truncateFirstGet: boolean;
  lieAboutHash: boolean;
  failHeads: number;
  omitCommit: boolean;
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
  const commit = behaviour.omitCommit ? {} : { 'x-repo-commit': COMMIT };
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
  // A renamed repository: the hub answers its old name with a relative redirect and no etag.
  const renamed = /^\/old-name\/(resolve\/.*)$/.exec(url);
  if (renamed !== null) {
    res.writeHead(307, { location: `/org/tiny-bert/${renamed[1]}` }).end();
    return;
  }
  const m = /^\/org\/tiny-bert\/resolve\/([^/]+)\/(.+)$/.exec(url);
  if (m === null || (m[1] !== 'main' && m[1] !== COMMIT)) {
    res.writeHead(404).end();
    return;
  }
  const file = m[2];
  if (file === 'model.safetensors' && req.method === 'HEAD') {
    if (behaviour.failHeads > 0) {
      behaviour.failHeads--;
      res.writeHead(503).end();
      return;
    }
    const digest = behaviour.lieAboutHash ? sha256(config) : sha256(weights);
    res.writeHead(302, {
      location: '/cdn/blob-1',
      'x-linked-etag': `"${digest}"`,
      'x-linked-size': String(weights.length),
      etag: '"abc"',
      ...commit,
    });
    res.end();
    return;
  }
  const small = file === 'config.json' ? config : file === 'sub/dir/vocab.txt' ? vocab : null;
  if (small !== null) {
    res.writeHead(200, { etag: `"${gitSha1(small)}"`, 'content-length': String(small.length), ...commit });
    res.end(req.method === 'HEAD' ? undefined : small);
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
  behaviour = { truncateFirstGet: false, lieAboutHash: false, failHeads: 0, omitCommit: false };
  requests = [];
  cache = await mkdtemp(join(tmpdir(), 'lrdist-hub-'));
});
afterEach(async () => {
  await rm(cache, { recursive: true, force: true });
});

const opts = () => ({ repo: 'org/tiny-bert', endpoint, cacheDir: cache, retryDelayMs: () => 1, token: '' });

/** Lays out a cache by hand as Python's huggingface_hub leaves it: blob, relative symlink, ref. */
async function pythonCache(commit: string, files: Record<string, Uint8Array>, ref: string | null): Promise<string> {
  const repoDir = join(cache, REPO_DIR);
  await mkdir(join(repoDir, 'blobs'), { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    const etag = name.endsWith('.safetensors') ? sha256(data) : gitSha1(data);
    await writeFile(join(repoDir, 'blobs', etag), data);
    await mkdir(join(repoDir, 'snapshots', commit), { recursive: true });
    await symlink(`../../blobs/${etag}`, join(repoDir, 'snapshots', commit, name));
  }
  if (ref !== null) {
    await mkdir(join(repoDir, 'refs'), { recursive: true });
    await writeFile(join(repoDir, 'refs', ref), commit);
  }
  return join(repoDir, 'snapshots', commit);
}

describe('downloadHubFile', () => {
  it('lays a fresh download out as huggingface_hub does: blob by sha256, relative symlink, ref', async () => {
    const path = await downloadHubFile({ ...opts(), file: 'model.safetensors' });
    const repoDir = join(cache, REPO_DIR);
    expect(path).toBe(join(repoDir, 'snapshots', COMMIT, 'model.safetensors'));
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect(await readlink(path)).toBe(`../../blobs/${sha256(weights)}`);
    expect(await readdir(join(repoDir, 'blobs'))).toEqual([sha256(weights)]);
    expect(await readFile(join(repoDir, 'refs', 'main'), 'utf8')).toBe(COMMIT);
    expect((await readdir(repoDir)).sort()).toEqual(['blobs', 'refs', 'snapshots']);
    expect(new Uint8Array(await readFile(path))).toEqual(weights);

    const count = requests.length;
    expect(await downloadHubFile({ ...opts(), file: 'model.safetensors' })).toBe(path);
    expect(requests.length).toBe(count);
  });

  it('names a non-LFS blob by its git sha1 and links a nested path with a deeper ../', async () => {
    const path = await downloadHubFile({ ...opts(), file: 'sub/dir/vocab.txt' });
    expect(path).toBe(join(cache, REPO_DIR, 'snapshots', COMMIT, 'sub', 'dir', 'vocab.txt'));
    expect(await readlink(path)).toBe(`../../../../blobs/${gitSha1(vocab)}`);
    expect(new Uint8Array(await readFile(path))).toEqual(vocab);
  });

  it('downloads a checkpoint into one snapshot folder, the weights pinned to the config commit', async () => {
    const folder = await downloadBertCheckpoint(opts());
    expect(folder).toBe(join(cache, REPO_DIR, 'snapshots', COMMIT));
    expect(await readFile(join(folder, 'config.json'), 'utf8')).toBe('{"model_type": "bert"}');
    expect((await readdir(folder)).sort()).toEqual(['config.json', 'model.safetensors']);
    expect((await readdir(join(cache, REPO_DIR, 'blobs'))).sort()).toEqual([gitSha1(config), sha256(weights)].sort());
    expect(requests.some((r) => r.url === `/org/tiny-bert/resolve/${COMMIT}/model.safetensors`)).toBe(true);
    expect(await readdir(join(cache, REPO_DIR, 'refs'))).toEqual(['main']);
  });

  it('reads a cache populated by Python without touching the network', async () => {
    const folder = await pythonCache(COMMIT, { 'config.json': config, 'model.safetensors': weights }, 'main');
    expect(await downloadBertCheckpoint({ ...opts(), fetch: offline })).toBe(folder);
    expect(new Uint8Array(await readFile(join(folder, 'model.safetensors')))).toEqual(weights);
    // A file the snapshot lacks needs the hub; the offline fetch's failure is a typed error.
    const error = await downloadHubFile({ ...opts(), file: 'vocab.txt', fetch: offline, retries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubDownloadError);
    expect((error as Error).message).toMatch(/no network in this test/);
  });

  it('follows refs/<revision> to its snapshot, and goes to the hub under `force`', async () => {
    const old = await pythonCache(OLD_COMMIT, { 'config.json': config }, 'main');
    expect(await downloadHubFile({ ...opts(), file: 'config.json', fetch: offline })).toBe(join(old, 'config.json'));
    const fresh = await downloadHubFile({ ...opts(), file: 'config.json', force: true });
    expect(fresh).toBe(join(cache, REPO_DIR, 'snapshots', COMMIT, 'config.json'));
    expect(await readFile(join(cache, REPO_DIR, 'refs', 'main'), 'utf8')).toBe(COMMIT);
  });

  it('looks a commit-hash revision up in its snapshot and writes no ref for it', async () => {
    const folder = await pythonCache(COMMIT, { 'config.json': config }, null);
    expect(await downloadHubFile({ ...opts(), file: 'config.json', revision: COMMIT, fetch: offline })).toBe(join(folder, 'config.json'));

    await rm(join(cache, REPO_DIR), { recursive: true });
    const path = await downloadHubFile({ ...opts(), file: 'model.safetensors', revision: COMMIT });
    expect(path).toBe(join(cache, REPO_DIR, 'snapshots', COMMIT, 'model.safetensors'));
    expect(requests[0]?.url).toBe(`/org/tiny-bert/resolve/${COMMIT}/model.safetensors`);
    expect((await readdir(join(cache, REPO_DIR))).sort()).toEqual(['blobs', 'snapshots']);
  });

  it('links a blob the cache already holds instead of downloading it again', async () => {
    await pythonCache(OLD_COMMIT, { 'model.safetensors': weights }, null);
    const path = await downloadHubFile({ ...opts(), file: 'model.safetensors' });
    expect(path).toBe(join(cache, REPO_DIR, 'snapshots', COMMIT, 'model.safetensors'));
    expect(requests.map((r) => r.method)).toEqual(['HEAD']);
    expect(new Uint8Array(await readFile(path))).toEqual(weights);
  });

  it('resumes an .incomplete blob left in blobs/ with a Range request', async () => {
    const blobs = join(cache, REPO_DIR, 'blobs');
    await mkdir(blobs, { recursive: true });
    await writeFile(join(blobs, `${sha256(weights)}.incomplete`), weights.subarray(0, 20_000));
    const path = await downloadHubFile({ ...opts(), file: 'model.safetensors' });
    expect(new Uint8Array(await readFile(path))).toEqual(weights);
    expect(requests.filter((r) => r.method === 'GET')).toEqual([{ method: 'GET', url: '/cdn/blob-1', range: 'bytes=20000-' }]);
    expect(await readdir(blobs)).toEqual([sha256(weights)]);
  });

  it('resumes a cut download with a Range request and retries 5xx', async () => {
    behaviour.truncateFirstGet = true;
    behaviour.failHeads = 1;
    const path = await downloadHubFile({ ...opts(), file: 'model.safetensors' });
    expect(new Uint8Array(await readFile(path))).toEqual(weights);
    expect(requests.filter((r) => r.method === 'HEAD')).toHaveLength(3);
    expect(requests.some((r) => r.range === 'bytes=20000-')).toBe(true);
  });

  it('follows the relative redirect of a renamed repository, caching under the name asked for', async () => {
    const path = await downloadHubFile({ ...opts(), repo: 'old-name', file: 'config.json' });
    expect(path).toBe(join(cache, 'models--old-name', 'snapshots', COMMIT, 'config.json'));
    expect(await readFile(path, 'utf8')).toBe('{"model_type": "bert"}');
  });

  it('rejects a checksum mismatch and leaves no blob, snapshot or ref', async () => {
    behaviour.lieAboutHash = true;
    const error = await downloadHubFile({ ...opts(), file: 'model.safetensors', retries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as ChecksumMismatchError).actual).toBe(sha256(weights));
    expect(await readdir(join(cache, REPO_DIR))).toEqual(['blobs']);
    expect(await readdir(join(cache, REPO_DIR, 'blobs'))).toEqual([]);
  });

  it('refuses a response without X-Repo-Commit, which could not be placed in a snapshot', async () => {
    behaviour.omitCommit = true;
    await expect(downloadHubFile({ ...opts(), file: 'config.json' })).rejects.toThrow(
      /must come with an X-Repo-Commit commit hash, got none/,
    );
  });

  it('fails fast on 404 with a HubDownloadError naming the file', async () => {
    const error = await downloadHubFile({ ...opts(), file: 'missing.bin' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubDownloadError);
    expect((error as Error).message).toMatch(/org\/tiny-bert\/missing\.bin.*HTTP 404/);
    expect(requests).toHaveLength(1);
  });

  it('refuses paths that leave the repository', async () => {
    for (const file of ['../etc/passwd', './config.json', 'a/../../x', 'a\\..\\..\\x', 'a//b', '']) {
      await expect(downloadHubFile({ ...opts(), file }), file).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    }
    expect(requests).toHaveLength(0);
  });

  it('refuses a repo or revision that is a dot segment or holds a separator, before any request', async () => {
    for (const repo of ['..', '.', '../x', 'org/..', 'a/b/c', '.hidden/x', 'org/na me']) {
      await expect(downloadHubFile({ ...opts(), file: 'config.json', repo }), repo).rejects.toThrow(
        `\`repo\` must look like "owner/name", got "${repo}"`,
      );
    }
    for (const revision of ['..', '.', 'a/b', '..\\x', '<script>']) {
      await expect(downloadHubFile({ ...opts(), file: 'config.json', revision }), revision).rejects.toThrow(
        `\`revision\` must be a branch, tag or commit, got "${revision}"`,
      );
    }
    expect(requests).toHaveLength(0);
    await expect(readdir(cache)).resolves.toEqual([]);
  });
});
