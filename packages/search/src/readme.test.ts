import { describe, expect, it } from 'vitest';
import { readmeBlocks, typecheckBlocks } from '../../../vitest.readme.js';
import { packageDir } from '../test/helpers/readme.js';

describe('README code blocks', () => {
  it('type-check against the package source (strict, as the repo compiles)', async () => {
    const blocks = await readmeBlocks(packageDir);
    expect(blocks.length).toBeGreaterThan(1);
    expect(await typecheckBlocks(packageDir, '@lrdist/search', blocks)).toBe('');
  }, 60_000);
});
