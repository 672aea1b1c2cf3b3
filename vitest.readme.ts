import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The ```ts blocks of a package's README.md, in order. Each package's readme.test.ts checks them
 * with {@link typecheckBlocks}, so that a README example cannot drift from the API it shows.
 */
export async function readmeBlocks(packageDir: string): Promise<string[]> {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/**
 * Type-checks code blocks as a user's modules (one file each, so blocks may reuse names) under the
 * repository's strict settings, with the package's name mapped onto its src/index.ts: the public
 * entry, as the user would import it. Returns tsc's report: empty when everything checks. The files
 * live inside the package for the duration, so its package.json ("type": "module") and its
 * dependencies apply.
 */
export async function typecheckBlocks(packageDir: string, packageName: string, blocks: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(packageDir, '.readme-check-'));
  try {
    const files = blocks.map((_, i) => `example-${i}.ts`);
    await Promise.all(blocks.map((code, i) => writeFile(join(dir, files[i]!), code)));
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../tsconfig.base.json',
        compilerOptions: { noEmit: true, rootDir: '..', paths: { [packageName]: ['../src/index.ts'] } },
        files,
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    return await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The README test of a package whose examples are only type-checked: call it from the package's
 * src/readme.test.ts with that file's `import.meta.url`.
 */
export function describeReadme(packageName: string, testFileUrl: string): void {
  const packageDir = fileURLToPath(new URL('..', testFileUrl));
  describe('README', () => {
    it('has usage examples that type-check against the public entry', async () => {
      const blocks = await readmeBlocks(packageDir);
      expect(blocks.length).toBeGreaterThan(0);
      expect(blocks[0]).toContain(`from '${packageName}'`);
      expect(await typecheckBlocks(packageDir, packageName, blocks)).toBe('');
    }, 60_000);
  });
}
