import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createJournalStorage } from './storages/journal/journal-storage.js';
import { packageDir, readmeExample } from '../test/helpers/readme.js';

describe('README usage example', () => {
  it('runs, and a second run resumes the same study (baseline once, 60 trials)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lrdist-readme-'));
    try {
      // Same code, with the package import pointed at the source and the journal into the temp dir.
      const source = readmeExample()
        .replace("from '@lrdist/search'", `from '${pathToFileURL(join(packageDir, 'src/index.ts')).href}'`)
        .replace("'lr-search.jsonl'", JSON.stringify(join(dir, 'lr-search.jsonl')));
      await writeFile(join(dir, 'example.mts'), source);
      // From the package directory, where `--import tsx` resolves.
      const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', join(dir, 'example.mts')], { cwd: packageDir });
      for (let i = 0; i < 2; i++) {
        const { stdout } = await run();
        expect(stdout).toMatch(/^best loss [\d.]+ in trial \d+: \{/);
      }
      const storage = await createJournalStorage({ path: join(dir, 'lr-search.jsonl') });
      const trials = await storage.getTrials('lr-search');
      expect(trials).toHaveLength(60);
      expect(trials[0]?.params).toEqual({ lrEmbeddings: 2e-5, lrHead: 2e-5, warmup: 0.1, optimizer: 'adamw' });
      expect(trials.filter((t) => t.state === 'pruned').length).toBeGreaterThan(0);
      await storage.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
