import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The README's one ```ts block. */
async function readmeSnippet(): Promise<string> {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  expect(blocks).toHaveLength(1);
  return blocks[0] as string;
}

describe('README usage snippet', () => {
  it('type-checks against the sources and runs', async () => {
    const snippet = await readmeSnippet();
    const dir = await mkdtemp(join(packageDir, '.readme-check-'));
    try {
      // Type-check as a user would write it: `@lrdist/combine` mapped onto src/index.ts.
      await writeFile(join(dir, 'snippet.ts'), snippet);
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: '../../../tsconfig.base.json',
          compilerOptions: { noEmit: true, rootDir: '..', paths: { '@lrdist/combine': ['../src/index.ts'] } },
          files: ['snippet.ts'],
        }),
      );
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const result = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]).catch((error: { stdout?: string }) => error);
      expect('stdout' in result ? result.stdout : '').toBe('');

      // Run it with the import pointed at the sources.
      const quiet = 'const console = { log: (..._args: unknown[]): void => undefined };\n';
      await writeFile(join(dir, 'run.ts'), quiet + snippet.replace("from '@lrdist/combine'", "from '../src/index.js'"));
      await import(/* @vite-ignore */ join(dir, 'run.ts'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
