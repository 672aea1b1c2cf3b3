import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, TINY_VOCAB } from '../test/tiny-vocab.js';
import { createTokenizerFromJson, createTokenizerFromVocab } from './create-tokenizer.js';
import { TokenizerConfigError, TokenizerError } from './errors.js';

const tinyJson = (): unknown => JSON.parse(readFileSync(join(FIXTURES_DIR, 'tiny-tokenizer.json'), 'utf8'));
const tinyConfig = (): unknown => JSON.parse(readFileSync(join(FIXTURES_DIR, 'tiny-tokenizer-config.json'), 'utf8'));

describe('createTokenizerFromJson (hand-written tiny-tokenizer.json, BertProcessing, <cls>-style names)', () => {
  it('reads the special token names from tokenizer_config.json, object form included', () => {
    const tokenizer = createTokenizerFromJson({ tokenizerJson: tinyJson(), tokenizerConfig: tinyConfig() });
    expect(tokenizer.specialIds).toEqual({ pad: 0, unk: 1, cls: 2, sep: 3, mask: 4 });
    expect(tokenizer.specialTokens.mask).toBe('<mask>');
    expect(tokenizer.maxInputCharsPerWord).toBe(8);
    expect(tokenizer.source).toEqual({ kind: 'memory' });
  });

  it('encodes with the file’s template, its word length limit and its added tokens', () => {
    const tokenizer = createTokenizerFromJson({ tokenizerJson: tinyJson(), tokenizerConfig: tinyConfig() });
    const encoding = tokenizer.encode('Red fox sleeps sleeping.', { pair: 'a <mask> cat' });
    expect(encoding.tokens).toEqual(['<cls>', 'red', 'fox', 'sleep', '##s', 'sleep', '##ing', '.', '<sep>', 'a', '<mask>', 'cat', '<sep>']);
    expect(Array.from(encoding.tokenTypeIds)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    // 9 characters is past this file's limit of 8.
    expect(tokenizer.tokenize('sleepings sleeping')).toEqual(['<unk>', 'sleep', '##ing']);
  });

  it('needs a config only for special tokens whose names differ from BERT’s', () => {
    expect(() => createTokenizerFromJson({ tokenizerJson: tinyJson() })).toThrow(
      /special token `pad` must be in the vocabulary, got "\[PAD\]"/,
    );
  });

  it('wraps schema failures and library failures in TokenizerConfigError', () => {
    const notWordPiece = { ...(tinyJson() as object), model: { type: 'BPE', vocab: {}, merges: [] } };
    expect(() => createTokenizerFromJson({ tokenizerJson: notWordPiece, label: 'x/tokenizer.json' })).toThrow(
      /^x\/tokenizer\.json must be a BERT WordPiece tokenizer file: /,
    );
    const badNormalizer = { ...(tinyJson() as object), normalizer: { type: 'NoSuchNormalizer' } };
    expect(() => createTokenizerFromJson({ tokenizerJson: badNormalizer, tokenizerConfig: tinyConfig() })).toThrow(TokenizerConfigError);
    try {
      createTokenizerFromJson({ tokenizerJson: 42 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TokenizerError);
      expect((error as TokenizerError).code).toBe('TOKENIZER_CONFIG');
    }
  });
});

describe('createTokenizerFromVocab', () => {
  it('round-trips through its own tokenizer.json', () => {
    const fromVocab = createTokenizerFromVocab(TINY_VOCAB);
    const fromJson = createTokenizerFromJson({
      tokenizerJson: fromVocab.toTokenizerJson(),
      tokenizerConfig: fromVocab.toTokenizerConfig(),
    });
    for (const text of ['The quick brown fox jumped!', 'Café 中文 [MASK]', '']) {
      expect(Array.from(fromJson.encode(text, { pair: 'lazy dog' }).inputIds)).toEqual(
        Array.from(fromVocab.encode(text, { pair: 'lazy dog' }).inputIds),
      );
    }
    expect(fromJson.specialIds).toEqual(fromVocab.specialIds);
  });

  it('refuses a bad cache size', () => {
    expect(() => createTokenizerFromVocab(TINY_VOCAB, { wordCacheSize: -1 })).toThrow(/`wordCacheSize` must be a non-negative integer/);
  });
});
