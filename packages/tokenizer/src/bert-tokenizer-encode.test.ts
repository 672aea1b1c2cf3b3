import { describe, expect, it } from 'vitest';
import { ids, tinyTokenizer } from '../test/tiny-vocab.js';
import { EncodeOptionsError, TruncationError } from './errors.js';

const [CLS, SEP, PAD] = ids('[CLS]', '[SEP]', '[PAD]');
const tokenizer = tinyTokenizer();
const asList = (array: Int32Array): number[] => Array.from(array);

describe('BertTokenizer truncation', () => {
  it('cuts a single text from the right, keeping [CLS] and [SEP]', () => {
    expect(asList(tokenizer.encode('the quick brown fox', { maxLength: 4 }).inputIds)).toEqual([CLS, ...ids('the', 'quick'), SEP]);
  });

  it('truncates to 512 tokens by default', () => {
    expect(tokenizer.encode('the '.repeat(600)).inputIds.length).toBe(512);
  });

  it('gives a pair side shorter than its share all its tokens and cuts the other', () => {
    const encoding = tokenizer.encode('the fox', { pair: 'the quick brown fox jump over lazy dog', maxLength: 9 });
    expect(asList(encoding.inputIds)).toEqual([CLS, ...ids('the', 'fox'), SEP, ...ids('the', 'quick', 'brown', 'fox'), SEP]);
    expect(asList(encoding.tokenTypeIds)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('splits the budget when both sides are too long, the odd token to the longer (or second) side', () => {
    const five = 'the quick brown fox jump';
    const six = 'the quick brown fox jump over';
    const tie = tokenizer.encode(five, { pair: five, maxLength: 10 });
    expect(asList(tie.inputIds)).toEqual([CLS, ...ids('the', 'quick', 'brown'), SEP, ...ids('the', 'quick', 'brown', 'fox'), SEP]);
    const firstLonger = tokenizer.encode(six, { pair: five, maxLength: 10 });
    expect(asList(firstLonger.inputIds)).toEqual([CLS, ...ids('the', 'quick', 'brown', 'fox'), SEP, ...ids('the', 'quick', 'brown'), SEP]);
  });

  it('cuts only the chosen side with only_first and only_second', () => {
    const onlyFirst = tokenizer.encode('the quick brown fox', { pair: 'lazy dog', maxLength: 6, truncation: 'only_first' });
    expect(asList(onlyFirst.inputIds)).toEqual([CLS, ...ids('the'), SEP, ...ids('lazy', 'dog'), SEP]);
    const onlySecond = tokenizer.encode('lazy dog', { pair: 'the quick brown fox', maxLength: 6, truncation: 'only_second' });
    expect(asList(onlySecond.inputIds)).toEqual([CLS, ...ids('lazy', 'dog'), SEP, ...ids('the'), SEP]);
  });

  it('refuses to empty the chosen side, and only_second on a single text that must be cut', () => {
    expect(() => tokenizer.encode('the fox', { pair: 'the quick brown fox', maxLength: 5, truncation: 'only_first' })).toThrow(
      TruncationError,
    );
    expect(() => tokenizer.encode('the quick brown', { maxLength: 4, truncation: 'only_second' })).toThrow(
      /input: `truncation` 'only_second'/,
    );
    expect(asList(tokenizer.encode('the', { maxLength: 4, truncation: 'only_second' }).inputIds)).toEqual([CLS, ...ids('the'), SEP]);
  });

  it('keeps only the special tokens when maxLength equals them, and refuses a smaller maxLength', () => {
    expect(asList(tokenizer.encode('the fox', { maxLength: 2 }).inputIds)).toEqual([CLS, SEP]);
    expect(asList(tokenizer.encode('the', { pair: 'fox', maxLength: 3 }).inputIds)).toEqual([CLS, SEP, SEP]);
    expect(() => tokenizer.encode('the', { maxLength: 1 })).toThrow(EncodeOptionsError);
    expect(() => tokenizer.encode('the', { pair: 'fox', maxLength: 2 })).toThrow(
      /`maxLength` must be at least the 3 special tokens of a pair, got 2/,
    );
  });

  it('refuses malformed options with typed errors', () => {
    expect(() => tokenizer.encode('the', { maxLength: 3.5 })).toThrow(/`maxLength` must be a non-negative integer, got 3.5/);
    expect(() => tokenizer.encode('the', { truncation: 'longest' as 'longest_first' })).toThrow(EncodeOptionsError);
  });
});

describe('BertTokenizer batches', () => {
  const inputs = ['the fox', ['lazy dog', 'jumped'], ''] as const;

  it('encodes many inputs unpadded, each truncated, and names the input that fails', () => {
    const examples = tokenizer.encodeMany(inputs, { maxLength: 4 });
    expect(examples.map((e) => asList(e.inputIds))).toEqual([
      [CLS, ...ids('the', 'fox'), SEP],
      // Both sides of the pair are 2 long for a budget of 1: the second gets the odd token, as in Hugging Face.
      [CLS, SEP, ...ids('jump'), SEP],
      [CLS, SEP],
    ]);
    expect(asList(examples[1]?.tokenTypeIds ?? new Int32Array())).toEqual([0, 0, 1, 1]);
    expect(() => tokenizer.encodeMany(['the', ['a', 'b']], { maxLength: 2 })).toThrow(/^input 1: /);
  });

  it('pads a batch to its longest encoding or to maxLength, into row-major Int32Arrays', () => {
    const batch = tokenizer.encodeBatch(inputs);
    expect([batch.batchSize, batch.seqLen]).toEqual([3, 7]);
    expect(asList(batch.inputIds.subarray(0, 7))).toEqual([CLS, ...ids('the', 'fox'), SEP, PAD, PAD, PAD]);
    expect(asList(batch.inputIds.subarray(7, 14))).toEqual([CLS, ...ids('lazy', 'dog'), SEP, ...ids('jump', '##ed'), SEP]);
    expect(asList(batch.tokenTypeIds.subarray(7, 14))).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(asList(batch.attentionMask.subarray(14, 21))).toEqual([1, 1, 0, 0, 0, 0, 0]);
    const fixed = tokenizer.encodeBatch(inputs, { padding: 'max_length', maxLength: 8 });
    expect([fixed.seqLen, fixed.inputIds.length]).toEqual([8, 24]);
    expect(tokenizer.encodeBatch(inputs, { padToMultipleOf: 4 }).seqLen).toBe(8);
  });

  it('pads with the tokenizer’s own [PAD] id', () => {
    const tokenizerWithOtherPad = tinyTokenizer({ specialTokens: { pad: '[unused0]' } });
    const [unused0] = ids('[unused0]');
    expect(tokenizerWithOtherPad.specialIds.pad).toBe(unused0);
    const batch = tokenizerWithOtherPad.encodeBatch(['the', 'the fox']);
    expect(asList(batch.inputIds.subarray(0, 4))).toEqual([CLS, ...ids('the'), SEP, unused0]);
    const repadded = tokenizerWithOtherPad.padBatch(tokenizerWithOtherPad.encodeMany(['the', 'the fox']));
    expect(asList(repadded.inputIds)).toEqual(asList(batch.inputIds));
  });
});

describe('BertTokenizer.decode', () => {
  it('joins pieces into words and cleans tokenization spaces', () => {
    const encoded = tokenizer.encode("Hello, world! Don't jump", { pair: 'testing' }).inputIds;
    expect(tokenizer.decode(encoded)).toBe("[CLS] hello, world! don't jump [SEP] testing [SEP]");
    expect(tokenizer.decode(encoded, { skipSpecialTokens: true })).toBe("hello, world! don't jump testing");
    // The WordPiece decoder's own clean-up (per piece: " ," to ",") always runs; the option turns off the
    // whole-text pass that joins contractions.
    expect(tokenizer.decode(encoded, { skipSpecialTokens: true, cleanUpTokenizationSpaces: false })).toBe(
      "hello, world! don ' t jump testing",
    );
  });

  it('decodes nothing to an empty string and refuses ids outside the vocabulary', () => {
    expect(tokenizer.decode([])).toBe('');
    expect(() => tokenizer.decode([CLS ?? 0, 4000])).toThrow(/`ids\[1\]` must be an integer in \[0, 46\), got 4000/);
  });
});
