import { describe, expect, it } from 'vitest';
import { InvalidGroupsError } from '../errors.js';
import { PAPER_SPANS } from '../distribution/paper-combined.js';
import { bertGroups, bertSpanGroups, layerDepth, paperSpans, spanDepth } from './bert-groups.js';

describe('bertGroups', () => {
  it('names and places embeddings, every layer and the head', () => {
    const groups = bertGroups(4);
    expect(groups.map((g) => g.name)).toEqual(['embeddings', 'layer_0', 'layer_1', 'layer_2', 'layer_3', 'head']);
    // Depth (i + 1) / (L + 1) with L = 4: 1/5 .. 4/5; exact division, so compared exactly.
    expect(groups.map((g) => g.depth)).toEqual([0, 1 / 5, 2 / 5, 3 / 5, 4 / 5, 1]);
    expect(groups[2]?.layers).toEqual({ first: 1, last: 1 });
  });

  it('rejects a layer count that is not a positive integer', () => {
    expect(() => bertGroups(0)).toThrow(InvalidGroupsError);
    expect(() => bertGroups(2.5)).toThrow(/`layers` must be an integer >= 1, got 2.5/);
  });
});

describe('spanDepth', () => {
  it('is the mean of the spanned layers and equals layerDepth for one layer, bit for bit', () => {
    for (let i = 0; i < 12; i++) expect(spanDepth(i, i, 12)).toBe(layerDepth(i, 12));
    // Layers 0 and 1 of 12 sit at 1/13 and 2/13: mean 1.5/13 (tolerance 1e-15 absolute).
    expect(spanDepth(0, 1, 12)).toBeCloseTo(1.5 / 13, 15);
  });
});

describe('bertSpanGroups', () => {
  it('builds the paper groups from the spans', () => {
    const groups = bertSpanGroups(12, PAPER_SPANS);
    expect(groups.map((g) => g.name)).toEqual([
      'embeddings',
      'layer_0-1',
      'layer_2',
      'layer_3-4',
      'layer_5',
      'layer_6-7',
      'layer_8',
      'layer_9-10',
      'layer_11',
      'head',
    ]);
    expect(groups[3]?.layers).toEqual({ first: 3, last: 4 });
  });

  it('requires the spans to cover the layers in order', () => {
    expect(() =>
      bertSpanGroups(4, [
        [0, 1],
        [3, 3],
      ]),
    ).toThrow(/`spans\[1\]` must be \[2, j\]/);
    expect(() => bertSpanGroups(4, [[0, 1]])).toThrow(/`spans` must cover layers 0..3/);
    expect(() => bertSpanGroups(4, [[0, 4]])).toThrow(InvalidGroupsError);
  });
});

describe('paperSpans', () => {
  it("reproduces the paper's 10-group partition of BERT-base", () => {
    expect(paperSpans(12, 10)).toEqual(PAPER_SPANS.map(([a, b]) => [a, b]));
  });

  it('gives one layer per group when there are as many inner groups as layers', () => {
    expect(paperSpans(4, 6)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(paperSpans(6, 5)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('rejects more inner groups than layers', () => {
    expect(() => paperSpans(4, 7)).toThrow(/`groupCount` must be an integer in \[3, 6\]/);
  });
});
