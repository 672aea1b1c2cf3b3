import { describe, expect, it } from 'vitest';
import { TINY_VOCAB } from '../../test/tiny-vocab.js';
import { TokenizerConfigError } from '../errors.js';
import { bertTokenizerJsonFromVocab, bertVocabOptionsFromConfig } from './bert-tokenizer-json.js';
import { tokenizerJsonSchema } from './schemas.js';

describe('bertTokenizerJsonFromVocab', () => {
  it('builds the BertTokenizerFast pipeline with ids taken from the vocabulary', () => {
    const json = bertTokenizerJsonFromVocab(TINY_VOCAB);
    expect(tokenizerJsonSchema.parse(json)).toEqual(json);
    expect(json.normalizer).toEqual({
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    });
    expect(json.pre_tokenizer).toEqual({ type: 'BertPreTokenizer' });
    expect(json.decoder).toEqual({ type: 'WordPiece', prefix: '##', cleanup: true });
    expect(json.model).toMatchObject({
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
    });
    expect(Object.keys(json.model.vocab)).toHaveLength(TINY_VOCAB.length);
    expect(json.model.vocab['##ing']).toBe(TINY_VOCAB.indexOf('##ing'));
    // Added tokens sorted by id, never normalised, all special.
    expect(json.added_tokens.map((t) => [t.id, t.content])).toEqual([
      [0, '[PAD]'],
      [2, '[UNK]'],
      [3, '[CLS]'],
      [4, '[SEP]'],
      [5, '[MASK]'],
    ]);
    expect(json.added_tokens.every((t) => t.special === true && t.normalized === false)).toBe(true);
    expect(json.post_processor).toMatchObject({
      type: 'TemplateProcessing',
      special_tokens: { '[CLS]': { ids: [3] }, '[SEP]': { ids: [4] } },
    });
  });

  it('carries the normalisation options and refuses special tokens missing from the vocabulary', () => {
    const json = bertTokenizerJsonFromVocab(TINY_VOCAB, {
      lowercase: false,
      stripAccents: true,
      handleChineseChars: false,
      cleanText: false,
    });
    expect(json.normalizer).toEqual({
      type: 'BertNormalizer',
      clean_text: false,
      handle_chinese_chars: false,
      strip_accents: true,
      lowercase: false,
    });
    expect(() => bertTokenizerJsonFromVocab(TINY_VOCAB, { specialTokens: { mask: '<mask>' } })).toThrow(
      /special token `mask` must be a piece of the vocabulary, got "<mask>"/,
    );
    // A piece named like an Object.prototype member is not mistaken for a vocabulary entry.
    expect(() => bertTokenizerJsonFromVocab(TINY_VOCAB, { specialTokens: { pad: 'constructor' } })).toThrow(TokenizerConfigError);
    expect(() => bertTokenizerJsonFromVocab(TINY_VOCAB, { maxInputCharsPerWord: 0 })).toThrow(TokenizerConfigError);
  });
});

describe('bertVocabOptionsFromConfig', () => {
  it('maps tokenizer_config.json settings to vocab options', () => {
    expect(
      bertVocabOptionsFromConfig({
        do_lower_case: false,
        strip_accents: true,
        tokenize_chinese_chars: false,
        mask_token: '<m>',
        pad_token: '<p>',
      }),
    ).toEqual({ lowercase: false, stripAccents: true, handleChineseChars: false, specialTokens: { mask: '<m>', pad: '<p>' } });
    expect(bertVocabOptionsFromConfig({ strip_accents: null })).toEqual({ specialTokens: {} });
  });
});
