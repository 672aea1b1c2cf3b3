import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_VOCAB, tinyTokenizer } from '../../test/tiny-vocab.js';
import { loadTokenizer } from './load-tokenizer.js';
import { writeTokenizerFiles, writeVocabTxt } from './write-tokenizer-files.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lrdist-tokenizer-write-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeVocabTxt', () => {
  it('writes one piece a line with a final newline, from pieces or a tokenizer, leaving no temporary file', async () => {
    const path = await writeVocabTxt(join(root, 'a', 'vocab.txt'), ['[PAD]', 'the', '##s']);
    expect(await readFile(path, 'utf8')).toBe('[PAD]\nthe\n##s\n');
    const fromTokenizer = await writeVocabTxt(join(root, 'b', 'vocab.txt'), tinyTokenizer());
    expect(await readFile(fromTokenizer, 'utf8')).toBe(`${TINY_VOCAB.join('\n')}\n`);
    expect(await readdir(join(root, 'b'))).toEqual(['vocab.txt']);
  });
});

describe('writeTokenizerFiles', () => {
  it('ships a folder that loads back into the same tokenizer, by tokenizer.json and by vocab.txt', async () => {
    const original = tinyTokenizer({ lowercase: false, stripAccents: true });
    const files = await writeTokenizerFiles(join(root, 'model'), original);
    expect((await readdir(join(root, 'model'))).sort()).toEqual(['tokenizer.json', 'tokenizer_config.json', 'vocab.txt']);
    const viaJson = await loadTokenizer({ dir: join(root, 'model') });
    const viaVocab = await loadTokenizer({ vocabPath: files.vocabTxt, configPath: files.tokenizerConfig });
    for (const text of ['The Café fox', 'the café [MASK]']) {
      const expected = Array.from(original.encode(text, { pair: 'Dog' }).inputIds);
      expect(Array.from(viaJson.encode(text, { pair: 'Dog' }).inputIds)).toEqual(expected);
      expect(Array.from(viaVocab.encode(text, { pair: 'Dog' }).inputIds)).toEqual(expected);
    }
    expect(viaJson.toTokenizerJson()).toEqual(original.toTokenizerJson());
  });
});
