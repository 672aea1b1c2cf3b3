// The Hugging Face hub cache layout, as Python's huggingface_hub reads and writes it
// (huggingface_hub `constants.py` for the root, `file_download.py` for the layout), so a file
// downloaded by either side is found by the other:
//
//   <root>/models--<org>--<name>/
//     blobs/<etag>                        content; etag = sha256 (LFS) or git blob sha1
//     blobs/<etag>.incomplete             a download in progress, resumed with a Range request
//     refs/<revision>                     the commit hash a branch or tag resolved to, no newline
//     snapshots/<commit>/<path>           relative symlink to ../../blobs/<etag> (deeper for nested
//                                         paths); a copy where the file system refuses symlinks
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, stat, symlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

/** A full commit hash; a revision of this form names a snapshot directly and gets no ref file. */
export const COMMIT_HASH = /^[0-9a-f]{40}$/;

/**
 * The hub cache root shared with Python's huggingface_hub: `$LRDIST_HUB_CACHE` (an lrdist-only
 * override, kept for a cache deliberately not shared with Python; it holds the same layout), else
 * `$HF_HUB_CACHE`, else the legacy `$HUGGINGFACE_HUB_CACHE`, else `$HF_HOME/hub`, else
 * `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`. A leading `~` is expanded, as
 * Python does.
 */
export function defaultHubCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const set = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : expandHome(value);
  };
  const hfHome = set('HF_HOME') ?? join(set('XDG_CACHE_HOME') ?? join(homedir(), '.cache'), 'huggingface');
  return set('LRDIST_HUB_CACHE') ?? set('HF_HUB_CACHE') ?? set('HUGGINGFACE_HUB_CACHE') ?? join(hfHome, 'hub');
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** The folder of one model repository in a hub cache: `models--<org>--<name>`. */
export function hubRepoFolder(cacheDir: string, repo: string): string {
  return join(cacheDir, ['models', ...repo.split('/')].join('--'));
}

/** The snapshot entry of `file` (a `/`-separated path inside the repository) at `commit`. */
export function snapshotPath(repoFolder: string, commit: string, file: string): string {
  return join(repoFolder, 'snapshots', commit, ...file.split('/'));
}

/**
 * The cached copy of `file` at `revision`, found without the network: a commit hash looks in its
 * snapshot, a branch or tag through `refs/<revision>`. Null when either is missing, or when the
 * snapshot entry is a symlink whose blob is gone.
 */
export async function findCachedHubFile(repoFolder: string, revision: string, file: string): Promise<string | null> {
  let commit = revision;
  if (!COMMIT_HASH.test(revision)) {
    let ref: string;
    try {
      ref = (await readFile(join(repoFolder, 'refs', revision), 'utf8')).trim();
    } catch {
      return null;
    }
    // A ref that is not a commit hash would make the snapshot path escape its folder.
    if (!COMMIT_HASH.test(ref)) return null;
    commit = ref;
  }
  const path = snapshotPath(repoFolder, commit, file);
  return (await exists(path)) ? path : null;
}

/** Records that `revision` resolved to `commit`; a revision that is that commit gets no ref file. */
export async function writeHubRef(repoFolder: string, revision: string, commit: string): Promise<void> {
  if (revision === commit) return;
  const path = join(repoFolder, 'refs', revision);
  // Left alone when unchanged, so a read-only cache that is already up to date still works.
  const current = await readFile(path, 'utf8').catch(() => null);
  if (current?.trim() === commit) return;
  await writeFileAtomic(path, commit, { sync: false });
}

// Errors of a file system (FAT, some network shares) or an OS (Windows without developer mode)
// that cannot make symlinks.
const NO_SYMLINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Points the snapshot entry `pointer` at `blob` with a relative symlink, replacing what was there;
 * where symlinks cannot be made, it becomes a copy of the blob (huggingface_hub does the same).
 */
export async function linkHubSnapshot(blob: string, pointer: string): Promise<void> {
  await mkdir(dirname(pointer), { recursive: true });
  await rm(pointer, { force: true });
  try {
    await symlink(relative(dirname(pointer), blob), pointer, 'file');
    return;
  } catch (e) {
    if (!NO_SYMLINKS.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
  }
  // The blob can be gigabytes, so it is copied on disk rather than through writeFileAtomic's buffer.
  const tmp = `${pointer}.tmp-${process.pid}-${randomUUID()}`;
  try {
    await copyFile(blob, tmp);
    await rename(tmp, pointer);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Whether `path` exists, following symlinks (a dangling snapshot link does not count). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
