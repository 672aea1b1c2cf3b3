import { describe, expect, it } from 'vitest';
import { ids, tinyTokenizer, TINY_VOCAB } from '../test/tiny-vocab.js';
import { createTokenizerFromJson } from './create-tokenizer.js';
import { createHfTokenizer } from './hf-tokenizer.js';
import type { BertTokenizer } from './bert-tokenizer.js';

const [CLS, SEP, UNK, MASK] = ids('[CLS]', '[SEP]', '[UNK]', '[MASK]');

/** Content ids of a single text: the encoding without `[CLS]` and `[SEP]`. */
function content(tokenizer: BertTokenizer, text: string): number[] {
  return Array.from(tokenizer.encode(text).inputIds.subarray(1, -1));
}

describe('BertTokenizer text handling (tiny hand-written vocabulary)', () => {
  const tokenizer = tinyTokenizer();

  it('exposes the special ids, sizes and vocabulary', () => {
    expect(tokenizer.specialIds).toEqual({ pad: ids('[PAD]')[0], unk: UNK, cls: CLS, sep: SEP, mask: MASK });
    expect(tokenizer.vocabSize).toBe(TINY_VOCAB.length);
    expect(tokenizer.vocabulary()).toEqual(TINY_VOCAB);
    expect([tokenizer.numSpecialTokens(false), tokenizer.numSpecialTokens(true)]).toEqual([2, 3]);
    expect(tokenizer.tokenToId('##ing')).toBe(ids('##ing')[0]);
    expect(tokenizer.idToToken(ids('lazy')[0] ?? -1)).toBe('lazy');
    expect(tokenizer.tokenToId('not-a-piece')).toBeUndefined();
  });

  it('lower-cases an uncased vocabulary and keeps case when told', () => {
    expect(content(tokenizer, 'The QUICK Brown')).toEqual(ids('the', 'quick', 'brown'));
    const cased = tinyTokenizer({ lowercase: false });
    expect(content(cased, 'The quick')).toEqual([UNK, ...ids('quick')]);
  });

  it('strips accents with lower-casing, and only when asked on a cased vocabulary', () => {
    expect(content(tokenizer, 'Café NAÏVE')).toEqual(ids('cafe', 'naive'));
    expect(content(tinyTokenizer({ lowercase: false }), 'café')).toEqual([UNK]);
    expect(content(tinyTokenizer({ lowercase: false, stripAccents: true }), 'café')).toEqual(ids('cafe'));
  });

  it('makes every CJK ideograph a word of its own', () => {
    expect(content(tokenizer, '中文')).toEqual(ids('中', '文'));
    expect(content(tokenizer, 'hello中文world')).toEqual(ids('hello', '中', '文', 'world'));
    // Without the CJK pass the two ideographs are one word, and `##文` is not a piece.
    expect(content(tinyTokenizer({ handleChineseChars: false }), '中文')).toEqual([UNK]);
  });

  it('splits punctuation off words', () => {
    expect(content(tokenizer, 'hello,world!')).toEqual(ids('hello', ',', 'world', '!'));
    expect(content(tokenizer, "don't")).toEqual(ids('don', "'", 't'));
    expect(content(tokenizer, 'a-b?c.')).toEqual(ids('a', '-', 'b', '?', 'c', '.'));
  });

  it('splits words into the longest pieces first and maps unsplittable words to [UNK]', () => {
    expect(content(tokenizer, 'jumps jumped unbelievable testing')).toEqual(
      ids('jump', '##s', 'jump', '##ed', 'un', '##believ', '##able', 't', '##est', '##ing'),
    );
    // One unknown remainder makes the whole word unknown, never a partial split.
    expect(content(tokenizer, 'jumpz xyz the')).toEqual([UNK, UNK, ...ids('the')]);
    expect(tokenizer.tokenize('jumped fox')).toEqual(['jump', '##ed', 'fox']);
  });

  it('maps a word past 100 characters to [UNK] and still splits one of exactly 100', () => {
    expect(content(tokenizer, 'a'.repeat(100))).toEqual(ids('a', ...Array<string>(99).fill('##a')));
    expect(content(tokenizer, `${'a'.repeat(101)} dog`)).toEqual([UNK, ...ids('dog')]);
    expect(content(tinyTokenizer({ maxInputCharsPerWord: 4 }), 'aaaa aaaaa')).toEqual([...ids('a', '##a', '##a', '##a'), UNK]);
  });

  it('encodes empty and blank texts as bare special tokens', () => {
    for (const text of ['', '   ', '\t\n\r ', '\u0000\u0007']) {
      expect(Array.from(tokenizer.encode(text).inputIds)).toEqual([CLS, SEP]);
    }
    const pair = tokenizer.encode('', { pair: '' });
    expect(Array.from(pair.inputIds)).toEqual([CLS, SEP, SEP]);
    expect(Array.from(pair.tokenTypeIds)).toEqual([0, 0, 1]);
    expect(tokenizer.tokenize('')).toEqual([]);
  });

  it('drops control characters and treats tabs and newlines as spaces', () => {
    expect(content(tokenizer, 'the\u0000\tfox\ndog\u200b')).toEqual(ids('the', 'fox', 'dog'));
  });

  it('keeps special tokens typed in the text whole, case-sensitively', () => {
    expect(content(tokenizer, 'the [MASK] dog')).toEqual([...ids('the'), MASK, ...ids('dog')]);
    expect(content(tokenizer, 'the [mask] dog')).toEqual([...ids('the'), UNK, UNK, UNK, ...ids('dog')]);
  });

  it('writes [CLS] a [SEP] b [SEP] with token type ids and a full attention mask', () => {
    const encoding = tokenizer.encode('The fox', { pair: 'lazy dog!' });
    expect(Array.from(encoding.inputIds)).toEqual([CLS, ...ids('the', 'fox'), SEP, ...ids('lazy', 'dog', '!'), SEP]);
    expect(Array.from(encoding.tokenTypeIds)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(encoding.attentionMask)).toEqual(Array<number>(8).fill(1));
    expect(encoding.tokens).toEqual(['[CLS]', 'the', 'fox', '[SEP]', 'lazy', 'dog', '!', '[SEP]']);
  });
});

describe('BertTokenizer cached path', () => {
  const texts = [
    'The quick brown fox jumped over the lazy dog.',
    'Café naïve 中文 hello,world!',
    "don't   stop\tthe\u0000 dog",
    'İstanbul ß ﬁ', // non-ASCII case mappings go through the library's normaliser
    'the [MASK] dog [CLS]x',
    `${'a'.repeat(120)} unbelievable`,
    '',
    '😀 emoji a',
  ];

  it('gives the library’s own ids for every text, cold and warm, with the cache on or off', () => {
    const cached = tinyTokenizer();
    const uncached = tinyTokenizer({ wordCacheSize: 0 });
    const library = createHfTokenizer(cached.toTokenizerJson(), cached.toTokenizerConfig());
    for (let pass = 0; pass < 2; pass++) {
      for (const text of texts) {
        const expected = library.encode(text).ids;
        expect(Array.from(cached.encode(text).inputIds)).toEqual(expected);
        expect(Array.from(uncached.encode(text).inputIds)).toEqual(expected);
      }
    }
    expect(cached.cachedWords).toBeGreaterThan(0);
    expect(uncached.cachedWords).toBe(0);
    cached.clearCache();
    expect(cached.cachedWords).toBe(0);
  });

  it('matches the library on pairs, token type ids included', () => {
    const tokenizer = tinyTokenizer();
    const library = createHfTokenizer(tokenizer.toTokenizerJson(), tokenizer.toTokenizerConfig());
    for (const [a, b] of [
      ['the fox', 'lazy dog'],
      ['Café', 'the [MASK]'],
    ] as const) {
      const expected = library.encode(a, { text_pair: b, return_token_type_ids: true });
      const encoding = tokenizer.encode(a, { pair: b });
      expect(Array.from(encoding.inputIds)).toEqual(expected.ids);
      expect(Array.from(encoding.tokenTypeIds)).toEqual(expected.token_type_ids);
    }
  });

  it('hands tokenizers with normalised added tokens to the library whole', () => {
    const json = tinyTokenizer().toTokenizerJson();
    json.added_tokens = json.added_tokens.map((token) => ({ ...token, normalized: true }));
    const ours = createTokenizerFromJson({ tokenizerJson: json });
    const library = createHfTokenizer(json, {});
    // `[MASK]` is now matched after lower-casing, so `[Mask]` is the mask token too.
    for (const text of ['the [Mask] dog', 'the fox']) {
      expect(Array.from(ours.encode(text).inputIds)).toEqual(library.encode(text).ids);
    }
    expect(Array.from(ours.encode('the [Mask] dog').inputIds)).toContain(MASK);
  });
});
