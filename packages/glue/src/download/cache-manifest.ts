import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CacheManifestError } from '../errors.js';
import { cacheManifestSchema, type GlueCacheManifest } from './schemas.js';

/** File name of the manifest inside the cache directory. */
export const CACHE_MANIFEST_FILE = 'manifest.json';

/** Reads the cache manifest; an empty one when the cache has none yet. */
export async function readGlueCacheManifest(cacheDir: string): Promise<GlueCacheManifest> {
  const path = join(cacheDir, CACHE_MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if (isMissing(cause)) return { version: 1, tasks: {} };
    throw new CacheManifestError(`\`${path}\` must be readable`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CacheManifestError(`\`${path}\` must be JSON (delete it to start the cache afresh)`, { cause });
  }
  const parsed = cacheManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CacheManifestError(
      `\`${path}\` must follow the manifest format: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** Writes the manifest atomically (temporary file, then rename). */
export async function writeGlueCacheManifest(cacheDir: string, manifest: GlueCacheManifest): Promise<void> {
  const path = join(cacheDir, CACHE_MANIFEST_FILE);
  const temp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(temp, path);
  } catch (cause) {
    await rm(temp, { force: true });
    throw new CacheManifestError(`\`${path}\` must be writable`, { cause });
  }
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
