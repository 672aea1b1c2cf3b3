// The hand-written vocabulary unit tests use (test/fixtures/tiny-vocab.txt, written by hand, not
// generated): ids differ from bert-base-uncased's on purpose, so no test can pass on hard-coded BERT ids.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CreateTokenizerFromVocabOptions, createTokenizerFromVocab, parseVocabTxt } from '../src/index.js';
import type { BertTokenizer } from '../src/index.js';

/** Folder of the hand-written fixtures. */
export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Pieces of tiny-vocab.txt in id order. */
export const TINY_VOCAB: readonly string[] = parseVocabTxt(readFileSync(join(FIXTURES_DIR, 'tiny-vocab.txt'), 'utf8'));

/** Ids of pieces of the tiny vocabulary, so expectations read as pieces. */
export function ids(...pieces: string[]): number[] {
  return pieces.map((piece) => {
    const id = TINY_VOCAB.indexOf(piece);
    if (id < 0) throw new Error(`test bug: ${piece} is not in tiny-vocab.txt`);
    return id;
  });
}

/** A tokenizer over the tiny vocabulary. */
export function tinyTokenizer(options: CreateTokenizerFromVocabOptions = {}): BertTokenizer {
  return createTokenizerFromVocab(TINY_VOCAB, options);
}
