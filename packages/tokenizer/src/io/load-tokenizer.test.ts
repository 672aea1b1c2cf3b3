import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, TINY_VOCAB } from '../../test/tiny-vocab.js';
import { TokenizerConfigError, TokenizerFileError } from '../errors.js';
import { loadTokenizer } from './load-tokenizer.js';

let root: string;
const tinyVocab = join(FIXTURES_DIR, 'tiny-vocab.txt');
const tinyJson = join(FIXTURES_DIR, 'tiny-tokenizer.json');
const tinyConfig = join(FIXTURES_DIR, 'tiny-tokenizer-config.json');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lrdist-tokenizer-load-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  await rm(dir, { recursive: true, force: true });
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  for (const [target, source] of Object.entries(files)) await copyFile(source, join(dir, target));
  return dir;
}

describe('loadTokenizer', () => {
  it('prefers tokenizer.json in a folder and picks up its tokenizer_config.json', async () => {
    const dir = await folder('both', { 'tokenizer.json': tinyJson, 'vocab.txt': tinyVocab, 'tokenizer_config.json': tinyConfig });
    const tokenizer = await loadTokenizer({ dir });
    expect(tokenizer.source).toEqual({ kind: 'tokenizer-json', path: join(dir, 'tokenizer.json') });
    expect(tokenizer.specialTokens.cls).toBe('<cls>');
  });

  it('falls back to vocab.txt in a folder, with the casing its config asks for', async () => {
    const dir = await folder('vocab-only', { 'vocab.txt': tinyVocab });
    const uncased = await loadTokenizer({ dir });
    expect(uncased.source).toEqual({ kind: 'vocab-txt', path: join(dir, 'vocab.txt') });
    expect(uncased.vocabulary()).toEqual(TINY_VOCAB);
    expect(uncased.tokenize('The')).toEqual(['the']);
    await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify({ do_lower_case: false }));
    const cased = await loadTokenizer({ dir });
    expect(cased.tokenize('The')).toEqual(['[UNK]']);
  });

  it('takes explicit files over a folder', async () => {
    const dir = await folder('explicit', { 'tokenizer.json': tinyJson, 'tokenizer_config.json': tinyConfig });
    const tokenizer = await loadTokenizer({ dir, vocabPath: tinyVocab });
    expect(tokenizer.source).toEqual({ kind: 'vocab-txt', path: tinyVocab });
    const fromJson = await loadTokenizer({ tokenizerJsonPath: tinyJson, configPath: tinyConfig });
    expect(fromJson.specialIds.mask).toBe(4);
  });

  it('lists what it looked for when a folder holds no tokenizer, never falling back silently', async () => {
    const dir = await folder('empty', {});
    await expect(loadTokenizer({ dir })).rejects.toThrow(TokenizerFileError);
    await expect(loadTokenizer({ dir })).rejects.toThrow(
      `must hold tokenizer.json or vocab.txt; looked for ${join(dir, 'tokenizer.json')} and ${join(dir, 'vocab.txt')}`,
    );
  });

  it('refuses missing explicit files, both file kinds at once, and unreadable JSON', async () => {
    await expect(loadTokenizer({ vocabPath: join(root, 'nope.txt') })).rejects.toThrow(
      /tokenizer file must exist, got none at: .*nope\.txt/,
    );
    await expect(loadTokenizer({ vocabPath: tinyVocab, tokenizerJsonPath: tinyJson })).rejects.toThrow(TokenizerConfigError);
    const broken = join(root, 'broken.json');
    await writeFile(broken, '{ not json');
    await expect(loadTokenizer({ tokenizerJsonPath: broken })).rejects.toThrow(/broken\.json must hold JSON/);
  });
});
