import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { startFixtureServer, type FixtureServer } from '../../test/helpers/fixture-server.js';
import { loadGlueTask } from '../data/load-glue-task.js';
import { ChecksumMismatchError, DownloadError } from '../errors.js';
import { readGlueCacheManifest } from './cache-manifest.js';
import { deriveMrpcTsvs } from './derive-mrpc.js';
import { downloadGlueTask } from './download-glue-task.js';
import type { GlueTaskSource } from './glue-sources.js';

// The archives are built here from the hand-written GLUE-layout fixtures in test/fixtures/glue.
const FIXTURES = fileURLToPath(new URL('../../test/fixtures/glue', import.meta.url));
const rteTrain = readFileSync(join(FIXTURES, 'RTE', 'train.tsv'));
const rteDev = readFileSync(join(FIXTURES, 'RTE', 'dev.tsv'));
const rteZip = makeZip([
  { name: 'RTE/train.tsv', data: rteTrain },
  { name: 'RTE/dev.tsv', data: rteDev, method: 0 },
  { name: 'RTE/test.tsv', data: 'index\tsentence1\tsentence2\n' },
  { name: '__MACOSX/RTE/._train.tsv', data: 'resource fork' },
]);
const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

const pinnedRte: GlueTaskSource = {
  kind: 'zip',
  archive: { path: '/glue/data/RTE.zip', sha256: sha(rteZip) },
  zipDir: 'RTE',
  files: { 'train.tsv': sha(rteTrain), 'dev.tsv': sha(rteDev) },
};
const unpinnedRte: GlueTaskSource = {
  ...pinnedRte,
  archive: { path: '/glue/data/RTE.zip' },
  files: { 'train.tsv': null, 'dev.tsv': null },
};

let root: string;
let home: string;
let cacheDir: string;
let server: FixtureServer;
const sleep = async (): Promise<void> => {};

beforeEach(() => {
  // cwd is two levels down so that its `../shared/data/glue` lies inside the temp dir, whatever the
  // machine has next to tmpdir().
  root = mkdtempSync(join(tmpdir(), 'lrdist-glue-download-'));
  home = join(root, 'home', 'user');
  mkdirSync(home, { recursive: true });
  cacheDir = join(home, '.cache', 'lrdist', 'glue');
});
afterEach(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

function cacheEntries(): string[] {
  return existsSync(cacheDir) ? readdirSync(cacheDir).sort() : [];
}

describe('downloadGlueTask against a local HTTP server', () => {
  it('downloads, verifies, extracts only the task files, records them, and is then served from the cache', async () => {
    server = await startFixtureServer({ '/glue/data/RTE.zip': { body: rteZip } });
    const result = await downloadGlueTask({
      task: 'rte',
      cacheDir,
      baseUrl: server.baseUrl,
      source: pinnedRte,
      sleep,
    });
    expect(result).toMatchObject({
      task: 'rte',
      taskDir: join(cacheDir, 'RTE'),
      verified: true,
      fromCache: false,
    });
    expect(readdirSync(result.taskDir).sort()).toEqual(['dev.tsv', 'train.tsv']);
    expect(readFileSync(join(result.taskDir, 'train.tsv')).equals(rteTrain)).toBe(true);
    expect(cacheEntries()).toEqual(['RTE', 'manifest.json']);

    const manifest = await readGlueCacheManifest(cacheDir);
    expect(manifest.tasks.rte?.downloads).toEqual([
      {
        url: `${server.baseUrl}/glue/data/RTE.zip`,
        sha256: sha(rteZip),
        bytes: rteZip.length,
        check: 'pinned',
      },
    ]);
    expect(manifest.tasks.rte?.files.map((f) => [f.name, f.sha256, f.check])).toEqual([
      ['train.tsv', sha(rteTrain), 'pinned'],
      ['dev.tsv', sha(rteDev), 'pinned'],
    ]);

    const again = await downloadGlueTask({
      task: 'RTE',
      cacheDir,
      baseUrl: server.baseUrl,
      source: pinnedRte,
      sleep,
    });
    expect(again.fromCache).toBe(true);
    expect(server.requests).toHaveLength(1);

    const data = await loadGlueTask({ task: 'rte', env: {}, cwd: home, homeDir: home });
    expect(data.source).toBe('cache');
    expect(data.train).toHaveLength(4);
  });

  it('throws ChecksumMismatchError for a corrupt archive and leaves nothing of the task in the cache', async () => {
    const corrupt = Buffer.from(rteZip);
    corrupt[100] = (corrupt[100] ?? 0) ^ 0xff;
    server = await startFixtureServer({ '/glue/data/RTE.zip': { body: corrupt } });
    const error = await downloadGlueTask({
      task: 'rte',
      cacheDir,
      baseUrl: server.baseUrl,
      source: pinnedRte,
      sleep,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH', expected: sha(rteZip), actual: sha(corrupt) });
    expect(cacheEntries()).toEqual([]);
  });

  it('throws when an extracted file misses its pin, and keeps nothing', async () => {
    server = await startFixtureServer({ '/glue/data/RTE.zip': { body: rteZip } });
    const source: GlueTaskSource = { ...unpinnedRte, files: { 'train.tsv': sha('other'), 'dev.tsv': null } };
    const error = await downloadGlueTask({
      task: 'rte',
      cacheDir,
      baseUrl: server.baseUrl,
      source,
      sleep,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as ChecksumMismatchError).subject).toBe('RTE/train.tsv');
    expect(cacheEntries()).toEqual([]);
  });

  it('resumes after the connection drops mid-body', async () => {
    server = await startFixtureServer({
      '/glue/data/RTE.zip': { body: rteZip, dropAfter: Math.floor(rteZip.length / 2) },
    });
    const result = await downloadGlueTask({
      task: 'rte',
      cacheDir,
      baseUrl: server.baseUrl,
      source: pinnedRte,
      sleep,
    });
    expect(result.verified).toBe(true);
    expect(server.requests.map((r) => [r.status, r.range !== undefined])).toEqual([
      [200, false],
      [206, true],
    ]);
    expect(readFileSync(join(result.taskDir, 'dev.tsv')).equals(rteDev)).toBe(true);
  });

  it('retries after HTTP 500', async () => {
    server = await startFixtureServer({ '/glue/data/RTE.zip': { body: rteZip, failures: 1 } });
    const result = await downloadGlueTask({
      task: 'rte',
      cacheDir,
      baseUrl: server.baseUrl,
      source: pinnedRte,
      sleep,
    });
    expect(result.verified).toBe(true);
    expect(server.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  it('keeps a partial download to resume from when the retries run out', async () => {
    server = await startFixtureServer({ '/glue/data/RTE.zip': { body: rteZip, dropAfter: 200 } });
    const error = await downloadGlueTask({
      task: 'rte',
      cacheDir,
      baseUrl: server.baseUrl,
      source: pinnedRte,
      sleep,
      retries: 0,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(readdirSync(join(cacheDir, '.partial'))).toEqual(['RTE.zip.part']);
    const result = await downloadGlueTask({
      task: 'rte',
      cacheDir,
      baseUrl: server.baseUrl,
      source: pinnedRte,
      sleep,
    });
    expect(result.verified).toBe(true);
    expect(server.requests.at(-1)?.status).toBe(206);
    expect(cacheEntries()).toEqual(['RTE', 'manifest.json']);
  });

  it('records hashes without pins as unverified, and holds later downloads to them', async () => {
    server = await startFixtureServer({ '/glue/data/RTE.zip': { body: rteZip } });
    const first = await downloadGlueTask({
      task: 'rte',
      cacheDir,
      baseUrl: server.baseUrl,
      source: unpinnedRte,
      sleep,
    });
    expect(first.verified).toBe(false);
    expect(first.record.downloads[0]?.check).toBe('recorded');
    expect(first.record.files.every((f) => f.check === 'recorded')).toBe(true);

    const changed = makeZip([
      { name: 'RTE/train.tsv', data: rteDev },
      { name: 'RTE/dev.tsv', data: rteDev },
    ]);
    server.routes.set('/glue/data/RTE.zip', { body: changed });
    const error = await downloadGlueTask({
      task: 'rte',
      cacheDir,
      baseUrl: server.baseUrl,
      source: unpinnedRte,
      sleep,
      force: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    // The earlier download stays in place and in the manifest.
    expect(readFileSync(join(cacheDir, 'RTE', 'train.tsv')).equals(rteTrain)).toBe(true);
    expect((await readGlueCacheManifest(cacheDir)).tasks.rte?.downloads[0]?.sha256).toBe(sha(rteZip));
  });

  it('rebuilds MRPC from the corpus file and the dev id list as the GLUE script does', async () => {
    const corpus = [
      '\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String',
      '1\t11\t12\tThe council approved the budget.\tThe council passed the "budget".',
      '0\t13\t14\tThe bridge opened in 1998.\tThe bridge closed last May.',
      '1\t15\t16\tSales rose 4 percent.\tSales climbed 4 percent.',
    ].join('\r\n');
    const ids = '13\t14\r\n';
    const expected = deriveMrpcTsvs(corpus, ids);
    const source: GlueTaskSource = {
      kind: 'mrpc',
      corpus: { path: '/senteval/senteval_data/msr_paraphrase_train.txt', sha256: sha(corpus) },
      devIds: { path: '/glue/data/mrpc_dev_ids.tsv', sha256: sha(ids) },
      files: { 'train.tsv': sha(expected['train.tsv']), 'dev.tsv': sha(expected['dev.tsv']) },
    };
    server = await startFixtureServer({
      '/senteval/senteval_data/msr_paraphrase_train.txt': { body: Buffer.from(corpus) },
      '/glue/data/mrpc_dev_ids.tsv': { body: Buffer.from(ids) },
    });
    const result = await downloadGlueTask({ task: 'mrpc', cacheDir, baseUrl: server.baseUrl, source, sleep });
    expect(result.verified).toBe(true);
    expect(readFileSync(join(result.taskDir, 'dev.tsv'), 'utf8')).toBe(expected['dev.tsv']);
    const data = await loadGlueTask({ task: 'mrpc', env: {}, cwd: home, homeDir: home });
    expect(data.train.map((e) => [e.line, e.label])).toEqual([
      [2, 1],
      [3, 1],
    ]);
    expect(data.dev).toEqual([{ line: 2, text: 'The bridge opened in 1998.', textPair: 'The bridge closed last May.', label: 0 }]);
    expect(cacheEntries()).toEqual(['MRPC', 'manifest.json']);
  });

  it('downloads through loadGlueTask only when asked, when no directory holds the task', async () => {
    server = await startFixtureServer({ '/glue/data/RTE.zip': { body: rteZip } });
    const where = { task: 'rte', env: {}, cwd: home, homeDir: home };
    await expect(loadGlueTask(where)).rejects.toThrow(/rte` data must be in one of these places/);
    const data = await loadGlueTask({
      ...where,
      download: { baseUrl: server.baseUrl, source: pinnedRte, sleep },
    });
    expect(data).toMatchObject({ source: 'cache', taskDir: join(cacheDir, 'RTE') });
    expect(data.dev).toHaveLength(2);
  });
});
