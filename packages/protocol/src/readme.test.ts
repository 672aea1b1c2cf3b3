import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeBlocks, typecheckBlocks } from '../../../vitest.readme.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('has usage examples that type-check against the public entry', async () => {
    const blocks = await readmeBlocks(packageDir);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks[0]).toContain("from '@lrdist/protocol'");
    expect(await typecheckBlocks(packageDir, '@lrdist/protocol', blocks)).toBe('');
  }, 60_000);
});
