import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('README usage snippet', () => {
  it('is test/readme-example.ts verbatim (which `pnpm typecheck` checks), importing the package by name', () => {
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(blocks).toHaveLength(1);
    const example = readFileSync(join(packageDir, 'test', 'readme-example.ts'), 'utf8');
    expect(blocks[0]).toBe(example.replace("from '../src/index.js'", "from '@lrdist/tokenizer'"));
  });
});
