import { describe, expect, it } from 'vitest';
import { TokenizerConfigError } from '../errors.js';
import { compileSpecialTemplate } from './special-template.js';

const lookup = (token: string): number | undefined => ({ '<s>': 50, '</s>': 51 })[token];

describe('compileSpecialTemplate', () => {
  it('applies a TemplateProcessing, taking ids from its special_tokens table', () => {
    const template = compileSpecialTemplate(
      {
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
        ],
        pair: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '[SEP]', type_id: 1 } },
        ],
        special_tokens: { '[CLS]': { id: '[CLS]', ids: [7] }, '[SEP]': { id: '[SEP]', ids: [8] } },
      },
      lookup,
    );
    expect([template.singleCount, template.pairCount]).toEqual([2, 3]);
    // Only the kept prefix of each side is written.
    const pair = template.apply({ first: [1, 2, 3], second: [4, 5], kept: { first: 2, second: 2 } });
    expect(Array.from(pair.inputIds)).toEqual([7, 1, 2, 8, 4, 5, 8]);
    expect(Array.from(pair.tokenTypeIds)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(Array.from(template.apply({ first: [1], second: null, kept: { first: 1, second: 0 } }).inputIds)).toEqual([7, 1, 8]);
  });

  it('applies a BertProcessing and resolves template tokens without listed ids through the vocabulary', () => {
    const bert = compileSpecialTemplate({ type: 'BertProcessing', cls: ['<cls>', 2], sep: ['<sep>', 3] }, lookup);
    expect(Array.from(bert.apply({ first: [9], second: [10], kept: { first: 1, second: 1 } }).inputIds)).toEqual([2, 9, 3, 10, 3]);
    const roberta = compileSpecialTemplate(
      {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '<s>' } }, { Sequence: { id: 'A' } }, { SpecialToken: { id: '</s>' } }],
        pair: [],
      },
      lookup,
    );
    expect(Array.from(roberta.apply({ first: [9], second: null, kept: { first: 1, second: 0 } }).inputIds)).toEqual([50, 9, 51]);
  });

  it('adds nothing without a post-processor but still marks the second text', () => {
    const none = compileSpecialTemplate(null, lookup);
    expect([none.singleCount, none.pairCount]).toEqual([0, 0]);
    expect(Array.from(none.apply({ first: [1], second: [2], kept: { first: 1, second: 1 } }).tokenTypeIds)).toEqual([0, 1]);
  });

  it('refuses post-processors it cannot express and unknown special tokens', () => {
    expect(() => compileSpecialTemplate({ type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0] }, lookup)).toThrow(
      TokenizerConfigError,
    );
    expect(() =>
      compileSpecialTemplate({ type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<nope>' } }], pair: [] }, lookup),
    ).toThrow(/special token must be in the vocabulary, got "<nope>"/);
  });
});
