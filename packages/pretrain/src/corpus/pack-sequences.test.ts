import { describe, expect, it } from 'vitest';
import { CorpusError } from '../errors.js';
import { packSequences } from './pack-sequences.js';

const s = (...ids: number[]): Int32Array => Int32Array.from(ids);
const rows = (packed: Int32Array[]): number[][] => packed.map((r) => [...r]);

describe('packSequences', () => {
  it('fills rows greedily in order with [CLS] first and [SEP] after each sentence', () => {
    const packed = packSequences([s(5, 6), s(7), s(8, 9, 10), s(11)], { maxLength: 7, clsId: 1, sepId: 2 });
    expect(rows(packed)).toEqual([
      [1, 5, 6, 2, 7, 2],
      [1, 8, 9, 10, 2, 11, 2],
    ]);
    expect(packed.every((r) => r.length <= 7)).toBe(true);
  });

  it('cuts a sentence longer than a row and skips empty ones', () => {
    expect(rows(packSequences([s(), s(3, 4, 5, 6, 7)], { maxLength: 5, clsId: 1, sepId: 2 }))).toEqual([[1, 3, 4, 5, 2]]);
  });

  it('keeps every token of sentences that fit', () => {
    const sentences = Array.from({ length: 200 }, (_, i) => s(...Array.from({ length: (i % 13) + 1 }, (_, j) => 100 + i + j)));
    const packed = packSequences(sentences, { maxLength: 32, clsId: 1, sepId: 2 });
    const content = packed.flatMap((r) => [...r].filter((id) => id !== 1 && id !== 2));
    expect(content).toEqual(sentences.flatMap((x) => [...x]));
  });

  it('rejects a row too short for any content', () => {
    expect(() => packSequences([s(3)], { maxLength: 2, clsId: 1, sepId: 2 })).toThrow(CorpusError);
  });
});
