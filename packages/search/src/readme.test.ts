import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageDir, readmeExamples } from '../test/helpers/readme.js';

describe('README code blocks', () => {
  it('type-checks against the package source (strict, as the repo compiles)', async () => {
    const dir = await mkdtemp(join(packageDir, '.readme-check-'));
    try {
      // Each ```ts block is its own module, so blocks may reuse names.
      const examples = readmeExamples();
      expect(examples.length).toBeGreaterThan(1);
      for (const [i, code] of examples.entries()) await writeFile(join(dir, `example-${i}.ts`), code);
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: '../../../tsconfig.base.json',
          compilerOptions: { noEmit: true, rootDir: '..', paths: { '@lrdist/search': ['../src/index.ts'] } },
          include: ['example-*.ts'],
        }),
      );
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const result = await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]).then(
        () => ({ code: 0, out: '' }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
      expect(result.out).toBe('');
      expect(result.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
