import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /**
   * fsync the temporary file before the rename, so the new content survives a power cut (results,
   * checkpoints); files that are cheap to regenerate (reports, charts) may skip it. Default true.
   */
  readonly sync?: boolean;
}

/**
 * Writes a file so that readers see the old or the new content, never a torn one: a uniquely named
 * temporary file beside it (its folder made if missing), fsync, then a rename; the temporary file is
 * removed if any step fails.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: WriteFileAtomicOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomUUID()}`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      if (options.sync !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
