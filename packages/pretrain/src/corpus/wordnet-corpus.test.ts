import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusError } from '../errors.js';
import { buildWordnetCorpus, isHeldOut } from './wordnet-corpus.js';

async function fakeDict(lines: Record<string, string[]>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wn-'));
  for (const file of ['data.noun', 'data.verb', 'data.adj', 'data.adv']) {
    await writeFile(join(dir, file), ['  1 license line', ...(lines[file] ?? [])].join('\n') + '\n');
  }
  return dir;
}

describe('buildWordnetCorpus', () => {
  it('collects definitions and examples, de-duplicated across files', async () => {
    const dictDir = await fakeDict({
      'data.noun': ['1 n | a dog; "the dog barked"', '2 n | a cat; "the dog barked"'],
      'data.verb': ['3 v | to  run ; "we run"'],
    });
    const corpus = await buildWordnetCorpus({ dictDir, heldOutFraction: 0 });
    expect(corpus.train).toEqual(['a dog', 'the dog barked', 'a cat', 'to run', 'we run']);
    expect(corpus.heldOut).toEqual([]);
    expect(corpus.stats).toEqual({ synsets: 3, definitions: 3, examples: 3, sentences: 5 });
  });

  it('holds out a stable, seeded share that does not depend on the other sentences', async () => {
    const sentences = Array.from({ length: 4000 }, (_, i) => `sentence number ${i}`);
    const held = sentences.filter((s) => isHeldOut(s, 0, 0.02));
    // binomial(4000, 0.02): mean 80, sd ~8.9; 4 sd either side
    expect(held.length).toBeGreaterThan(44);
    expect(held.length).toBeLessThan(116);
    expect(sentences.filter((s) => isHeldOut(s, 1, 0.02))).not.toEqual(held);
    const dictDir = await fakeDict({ 'data.noun': sentences.map((s, i) => `${i} n | ${s}`) });
    const corpus = await buildWordnetCorpus({ dictDir });
    expect(corpus.heldOut).toEqual(held);
  });

  it('names the missing file', async () => {
    await expect(buildWordnetCorpus({ dictDir: '/nonexistent/wn' })).rejects.toThrow(CorpusError);
    await expect(buildWordnetCorpus({ dictDir: '/nonexistent/wn' })).rejects.toThrow(/\/nonexistent\/wn\/data\.noun/);
  });
});
