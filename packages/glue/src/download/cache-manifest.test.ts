import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheManifestError } from '../errors.js';
import { readGlueCacheManifest, writeGlueCacheManifest } from './cache-manifest.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrdist-glue-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('cache manifest', () => {
  it('starts empty and round-trips, leaving no temporary file', async () => {
    expect(await readGlueCacheManifest(dir)).toEqual({ version: 1, tasks: {} });
    const manifest = {
      version: 1 as const,
      tasks: {
        wnli: {
          dir: 'WNLI',
          downloadedAt: '2024-01-01T00:00:00.000Z',
          verified: false,
          downloads: [{ url: 'http://x/WNLI.zip', sha256: 'a'.repeat(64), bytes: 10, check: 'recorded' as const }],
          files: [{ name: 'train.tsv', sha256: 'b'.repeat(64), bytes: 5, check: 'recorded' as const }],
        },
      },
    };
    await writeGlueCacheManifest(dir, manifest);
    expect(await readGlueCacheManifest(dir)).toEqual(manifest);
    expect(readdirSync(dir)).toEqual(['manifest.json']);
  });

  it('refuses a manifest that is not JSON or not in the format, naming the path', async () => {
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    await expect(readGlueCacheManifest(dir)).rejects.toThrow(CacheManifestError);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: 1, tasks: { rte: { dir: 'RTE' } } }));
    await expect(readGlueCacheManifest(dir)).rejects.toThrow(/manifest.json` must follow the manifest format: tasks.rte/);
  });
});
