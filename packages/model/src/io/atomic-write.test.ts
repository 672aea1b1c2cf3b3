import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrdist-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes text and bytes, replacing an existing file, and leaves no temporary file', async () => {
    const path = join(dir, 'a.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new\n');
    expect(await readFile(path, 'utf8')).toBe('new\n');
    await writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([1, 2, 3]), { sync: false });
    expect([...(await readFile(join(dir, 'b.bin')))]).toEqual([1, 2, 3]);
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.bin']);
  });

  it('makes missing parent folders', async () => {
    const path = join(dir, 'x', 'y', 'report.md');
    await writeFileAtomic(path, '# r\n');
    expect(await readFile(path, 'utf8')).toBe('# r\n');
  });

  it('removes its temporary file and keeps the old content when the rename fails', async () => {
    // A folder in the way makes the final rename fail after the temporary file was written.
    const path = join(dir, 'taken');
    await writeFileAtomic(join(path, 'inner.txt'), 'keep');
    await expect(writeFileAtomic(path, 'new')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readFile(join(path, 'inner.txt'), 'utf8')).toBe('keep');
  });
});
