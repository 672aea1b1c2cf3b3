// The README's usage snippet must type-check against the package's sources.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('has a usage snippet that type-checks', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const dir = mkdtempSync(join(root, '.readme-check-'));
    try {
      writeFileSync(join(dir, 'snippet.ts'), snippet!.replace("from '@lrdist/model'", "from '../src/index.js'"));
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: '../../../tsconfig.base.json', compilerOptions: { noEmit: true, rootDir: '..' }, files: ['snippet.ts'] }),
      );
      const tsc = join(root, '..', '..', 'node_modules', '.bin', 'tsc');
      const out = (() => {
        try {
          return execFileSync(tsc, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
        } catch (e) {
          return String((e as { stdout?: string }).stdout ?? e);
        }
      })();
      expect(out).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
