import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('has a usage snippet that type-checks against the public entry', async () => {
    const readme = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8');
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toContain("from '@lrdist/glue'");
    // Checked inside the package so that its package.json ("type": "module") and tsconfig apply;
    // the package name points at src/index.ts, the only public entry.
    const dir = mkdtempSync(join(PACKAGE_DIR, '.readme-check-'));
    try {
      writeFileSync(join(dir, 'example.ts'), (snippet ?? '').replace("'@lrdist/glue'", "'../src/index.js'"));
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: '../tsconfig.json',
          compilerOptions: { rootDir: '..', noEmit: true },
          include: ['example.ts'],
        }),
      );
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const run = promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]);
      await expect(run).resolves.toMatchObject({ stdout: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
