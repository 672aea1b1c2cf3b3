import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDistributionFile, type LrDistribution } from '@lrdist/combine';

/** The committed combined distribution of a model preset, relative to the repository. */
export function combinedFileName(preset: string): string {
  return join('distributions', `${preset}-combined.json`);
}

function findUpwards(start: string, relative: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** lrdist's combined distribution for a preset (distributions/<preset>-combined.json), or null. */
export async function findCombinedDistribution(
  preset: string,
  cwd: string,
): Promise<{ path: string; distribution: LrDistribution } | null> {
  return findModelDistribution(preset, 'combined', cwd);
}

/**
 * A committed distribution of a preset, `distributions/<preset>-<kind>.json` (kind: combined, or a
 * searched control such as flat-searched, two-group), looked for above `cwd` and above this file.
 */
export async function findModelDistribution(
  preset: string,
  kind: string,
  cwd: string,
): Promise<{ path: string; distribution: LrDistribution } | null> {
  const relative = join('distributions', `${preset}-${kind}.json`);
  const path = findUpwards(cwd, relative) ?? findUpwards(dirname(fileURLToPath(import.meta.url)), relative);
  if (path === null) return null;
  return { path, distribution: await readDistributionFile(path) };
}
