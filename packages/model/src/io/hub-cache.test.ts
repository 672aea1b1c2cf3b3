import type * as fsp from 'node:fs/promises';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultHubCacheDir, findCachedHubFile, hubRepoFolder, linkHubSnapshot, writeHubRef } from './hub-cache.js';

// Lets a test make symlink() fail as it does on Windows without developer mode.
const symlinkError = vi.hoisted(() => ({ code: null as string | null }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsp>();
  return {
    ...actual,
    symlink: (...args: Parameters<typeof actual.symlink>) => {
      if (symlinkError.code !== null)
        return Promise.reject(Object.assign(new Error(`symlink: ${symlinkError.code}`), { code: symlinkError.code }));
      return actual.symlink(...args);
    },
  };
});

const COMMIT = 'a'.repeat(40);
let dir: string;
beforeEach(async () => {
  symlinkError.code = null;
  dir = await mkdtemp(join(tmpdir(), 'lrdist-hub-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('defaultHubCacheDir', () => {
  it("resolves the root in huggingface_hub's order, with $LRDIST_HUB_CACHE first", () => {
    expect(defaultHubCacheDir({})).toBe(join(homedir(), '.cache', 'huggingface', 'hub'));
    expect(defaultHubCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/huggingface/hub');
    expect(defaultHubCacheDir({ XDG_CACHE_HOME: '/x', HF_HOME: '/h' })).toBe('/h/hub');
    expect(defaultHubCacheDir({ HF_HOME: '/h', HUGGINGFACE_HUB_CACHE: '/legacy' })).toBe('/legacy');
    expect(defaultHubCacheDir({ HF_HOME: '/h', HUGGINGFACE_HUB_CACHE: '/legacy', HF_HUB_CACHE: '/c' })).toBe('/c');
    expect(defaultHubCacheDir({ HF_HUB_CACHE: '/c', LRDIST_HUB_CACHE: '/l' })).toBe('/l');
    expect(defaultHubCacheDir({ HF_HUB_CACHE: '~/hub', HF_HOME: '' })).toBe(join(homedir(), 'hub'));
    expect(defaultHubCacheDir({ HF_HUB_CACHE: '' })).toBe(join(homedir(), '.cache', 'huggingface', 'hub'));
  });
});

describe('hub cache layout', () => {
  it('names a repository folder as huggingface_hub does, with or without an owner', () => {
    expect(hubRepoFolder('/c', 'google-bert/bert-base-uncased')).toBe('/c/models--google-bert--bert-base-uncased');
    expect(hubRepoFolder('/c', 'bert-base-uncased')).toBe('/c/models--bert-base-uncased');
  });

  it('copies the blob where symlinks are refused (EPERM)', async () => {
    symlinkError.code = 'EPERM';
    const blob = join(dir, 'blobs', 'b1');
    await mkdir(join(dir, 'blobs'));
    await writeFile(blob, 'content');
    const pointer = join(dir, 'snapshots', COMMIT, 'sub', 'f.txt');
    await linkHubSnapshot(blob, pointer);
    expect((await lstat(pointer)).isFile()).toBe(true);
    expect(await readFile(pointer, 'utf8')).toBe('content');
    expect(await readFile(blob, 'utf8')).toBe('content');
  });

  it('rethrows other symlink errors', async () => {
    symlinkError.code = 'EIO';
    await expect(linkHubSnapshot(join(dir, 'b'), join(dir, 'p'))).rejects.toMatchObject({ code: 'EIO' });
  });

  it('replaces a dangling snapshot link, which is not taken for a cached file', async () => {
    const pointer = join(dir, 'snapshots', COMMIT, 'f.txt');
    await linkHubSnapshot(join(dir, 'blobs', 'gone'), pointer);
    await writeHubRef(dir, 'main', COMMIT);
    expect(await findCachedHubFile(dir, 'main', 'f.txt')).toBeNull();
    await mkdir(join(dir, 'blobs'));
    await writeFile(join(dir, 'blobs', 'b2'), 'x');
    await linkHubSnapshot(join(dir, 'blobs', 'b2'), pointer);
    expect(await readlink(pointer)).toBe('../../blobs/b2');
    expect(await findCachedHubFile(dir, 'main', 'f.txt')).toBe(pointer);
  });

  it('writes refs without a newline, none for a commit, and ignores a ref that is not a commit', async () => {
    await writeHubRef(dir, 'v1.0', COMMIT);
    expect(await readFile(join(dir, 'refs', 'v1.0'), 'utf8')).toBe(COMMIT);
    await writeHubRef(dir, COMMIT, COMMIT);
    await expect(lstat(join(dir, 'refs', COMMIT))).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFile(join(dir, 'refs', 'evil'), '../../../etc');
    expect(await findCachedHubFile(dir, 'evil', 'passwd')).toBeNull();
  });
});
