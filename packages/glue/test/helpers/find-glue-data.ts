import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The GLUE root of the real data for integration tests: `$LRDIST_DATA_DIR` (a GLUE root or a data
 * root holding glue/), else `<ancestor>/shared/data/glue` for the first ancestor of the package that
 * has `shared/data`. Throws, never skips: CI must run these tests.
 */
export function findGlueDataRoot(): string {
  const fromEnv = process.env.LRDIST_DATA_DIR;
  if (fromEnv !== undefined && fromEnv !== '') {
    for (const candidate of [join(fromEnv, 'glue'), fromEnv]) {
      if (isDir(join(candidate, 'MRPC'))) return candidate;
    }
    throw new Error(
      `LRDIST_DATA_DIR=${fromEnv} holds neither glue/MRPC nor MRPC; point it at the data directory`,
    );
  }
  for (let dir = PACKAGE_DIR; ; dir = dirname(dir)) {
    if (isDir(join(dir, 'shared', 'data'))) return join(dir, 'shared', 'data', 'glue');
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `integration tests need the GLUE data: no ancestor of ${PACKAGE_DIR} has shared/data/glue; set LRDIST_DATA_DIR to the data directory`,
  );
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
