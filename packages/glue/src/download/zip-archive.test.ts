import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { ZipFormatError } from '../errors.js';
import { extractZipEntry, readZipEntries } from './zip-archive.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrdist-glue-zip-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const big = Buffer.from(Array.from({ length: 5000 }, (_, i) => `row ${i}\tlabel ${i % 3}\n`).join(''));

describe('zip reader', () => {
  it('lists and extracts stored, deflated and empty entries, with their sha256', async () => {
    const path = join(dir, 'a.zip');
    writeFileSync(
      path,
      makeZip([
        { name: 'T/train.tsv', data: big },
        { name: 'T/dev.tsv', data: 'a\tb\n', method: 0 },
        { name: 'T/empty.tsv', data: '' },
      ]),
    );
    const entries = await readZipEntries(path);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['T/train.tsv', 8, big.length],
      ['T/dev.tsv', 0, 4],
      ['T/empty.tsv', 8, 0],
    ]);
    for (const [entry, content] of [
      [entries[0], big],
      [entries[1], Buffer.from('a\tb\n')],
      [entries[2], Buffer.alloc(0)],
    ] as const) {
      if (entry === undefined) throw new Error('entry missing');
      const dest = join(dir, entry.name.replace('/', '_'));
      const result = await extractZipEntry(path, entry, dest);
      expect(readFileSync(dest).equals(content)).toBe(true);
      expect(result).toEqual({
        sha256: createHash('sha256').update(content).digest('hex'),
        bytes: content.length,
      });
    }
  });

  it('finds the end record behind an archive comment', async () => {
    const zip = makeZip([{ name: 'x.txt', data: 'x' }]);
    const comment = Buffer.from('a comment');
    zip.writeUInt16LE(comment.length, zip.length - 2);
    const path = join(dir, 'c.zip');
    writeFileSync(path, Buffer.concat([zip, comment]));
    expect((await readZipEntries(path)).map((e) => e.name)).toEqual(['x.txt']);
  });

  it('refuses a file that is not a zip, and a truncated one', async () => {
    const notZip = join(dir, 'n.zip');
    writeFileSync(notZip, 'this is not a zip archive at all, just text');
    await expect(readZipEntries(notZip)).rejects.toThrow(ZipFormatError);
    const truncated = join(dir, 't.zip');
    const zip = makeZip([{ name: 'x.txt', data: big }]);
    writeFileSync(truncated, zip.subarray(zip.length - 22));
    await expect(readZipEntries(truncated)).rejects.toThrow(/central directory/);
  });

  it('detects corrupted entry data by its CRC-32', async () => {
    const zip = makeZip([{ name: 'x.txt', data: 'hello world', method: 0 }]);
    zip[30 + 'x.txt'.length] = 'H'.charCodeAt(0);
    const path = join(dir, 'bad.zip');
    writeFileSync(path, zip);
    const [entry] = await readZipEntries(path);
    if (entry === undefined) throw new Error('entry missing');
    await expect(extractZipEntry(path, entry, join(dir, 'out'))).rejects.toThrow(/CRC-32/);
  });

  it('refuses unsupported compression', async () => {
    const zip = makeZip([{ name: 'x.txt', data: 'x', method: 0 }]);
    const cdStart = zip.readUInt32LE(zip.length - 22 + 16);
    zip.writeUInt16LE(12, cdStart + 10);
    const path = join(dir, 'bz.zip');
    writeFileSync(path, zip);
    await expect(readZipEntries(path)).rejects.toThrow(/method 12/);
  });
});
