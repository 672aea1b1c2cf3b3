import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeBlocks, typecheckBlocks } from '../../../vitest.readme.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('README usage snippet', () => {
  it('type-checks against the sources and runs', async () => {
    const blocks = await readmeBlocks(packageDir);
    expect(blocks).toHaveLength(1);
    const snippet = blocks[0]!;
    expect(await typecheckBlocks(packageDir, '@lrdist/combine', blocks)).toBe('');
    // Run it with the import pointed at the sources, its printing silenced.
    const dir = await mkdtemp(join(packageDir, '.readme-run-'));
    try {
      const quiet = 'const console = { log: (..._args: unknown[]): void => undefined };\n';
      await writeFile(join(dir, 'run.ts'), quiet + snippet.replace("from '@lrdist/combine'", "from '../src/index.js'"));
      await import(/* @vite-ignore */ join(dir, 'run.ts'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
