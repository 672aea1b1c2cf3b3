import { describe, expect, it } from 'vitest';
import { EncodeOptionsError } from '../errors.js';
import { type EncodedExample, padBatch } from './pad-batch.js';

const example = (inputIds: number[], tokenTypeIds = inputIds.map(() => 0)): EncodedExample => ({
  inputIds: Int32Array.from(inputIds),
  tokenTypeIds: Int32Array.from(tokenTypeIds),
});

describe('padBatch', () => {
  const batch = [example([7, 8, 9], [0, 0, 1]), example([7]), example([7, 8, 9, 10, 11], [0, 0, 0, 1, 1])];

  it('pads to the longest example, row-major, with a mask', () => {
    const padded = padBatch(batch);
    expect([padded.batchSize, padded.seqLen]).toEqual([3, 5]);
    expect(Array.from(padded.inputIds)).toEqual([7, 8, 9, 0, 0, 7, 0, 0, 0, 0, 7, 8, 9, 10, 11]);
    expect(Array.from(padded.tokenTypeIds)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(padded.attentionMask)).toEqual([1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('pads to maxLength, to a multiple, and with another pad id', () => {
    const fixed = padBatch(batch, { padding: 'max_length', maxLength: 6, padId: 99, padTypeId: 2 });
    expect(fixed.seqLen).toBe(6);
    expect(Array.from(fixed.inputIds.subarray(6, 12))).toEqual([7, 99, 99, 99, 99, 99]);
    expect(Array.from(fixed.tokenTypeIds.subarray(6, 12))).toEqual([0, 2, 2, 2, 2, 2]);
    expect(padBatch(batch, { padToMultipleOf: 4 }).seqLen).toBe(8);
    expect(padBatch(batch, { padding: 'max_length', maxLength: 6, padToMultipleOf: 4 }).seqLen).toBe(8);
  });

  it('gives an empty batch an empty shape', () => {
    const empty = padBatch([]);
    expect([empty.batchSize, empty.seqLen, empty.inputIds.length]).toEqual([0, 0, 0]);
  });

  it('refuses examples longer than maxLength and bad options with typed errors', () => {
    expect(() => padBatch(batch, { maxLength: 4 })).toThrow(/example 2: length must be at most `maxLength` 4, got 5/);
    expect(() => padBatch(batch, { padding: 'max_length' })).toThrow(EncodeOptionsError);
    expect(() => padBatch(batch, { padToMultipleOf: 0 })).toThrow(/`padToMultipleOf` must be a positive integer, got 0/);
    expect(() => padBatch(batch, { padding: 'left' as 'longest' })).toThrow(EncodeOptionsError);
    expect(() => padBatch([{ inputIds: new Int32Array(2), tokenTypeIds: new Int32Array(1) }])).toThrow(/example 0: `tokenTypeIds`/);
  });
});
