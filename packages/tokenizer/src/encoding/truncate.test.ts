import { describe, expect, it } from 'vitest';
import { TruncationError } from '../errors.js';
import { truncatedLengths } from './truncate.js';

describe('truncatedLengths', () => {
  it('reproduces every case of Hugging Face tokenizers’ own longest_first test (budget 7)', () => {
    // Lengths 0, 2, 4, 8 against each other; expected pairs are those asserted in
    // huggingface/tokenizers tokenizers/src/utils/truncation.rs `truncate_encodings_longest_first`.
    const cases: [number, number, number, number][] = [
      [0, 0, 0, 0],
      [0, 2, 0, 2],
      [0, 4, 0, 4],
      [0, 8, 0, 7],
      [2, 0, 2, 0],
      [2, 2, 2, 2],
      [2, 4, 2, 4],
      [2, 8, 2, 5],
      [4, 0, 4, 0],
      [4, 2, 4, 2],
      [4, 4, 3, 4],
      [4, 8, 3, 4],
      [8, 0, 7, 0],
      [8, 2, 5, 2],
      [8, 4, 4, 3],
      [8, 8, 3, 4],
    ];
    for (const [first, second, keepFirst, keepSecond] of cases) {
      expect(truncatedLengths({ first, second, budget: 7, strategy: 'longest_first' }), `${first}+${second}`).toEqual({
        first: keepFirst,
        second: keepSecond,
      });
    }
  });

  it('empties both sides with a zero budget, as Hugging Face does', () => {
    expect(truncatedLengths({ first: 4, second: 4, budget: 0, strategy: 'longest_first' })).toEqual({ first: 0, second: 0 });
    expect(truncatedLengths({ first: 4, second: null, budget: 0, strategy: 'only_second' })).toEqual({ first: 0, second: 0 });
  });

  it('cuts a single text to the budget', () => {
    expect(truncatedLengths({ first: 10, second: null, budget: 6, strategy: 'longest_first' })).toEqual({ first: 6, second: 0 });
    expect(truncatedLengths({ first: 10, second: null, budget: 6, strategy: 'only_first' })).toEqual({ first: 6, second: 0 });
    expect(truncatedLengths({ first: 3, second: null, budget: 6, strategy: 'only_second' })).toEqual({ first: 3, second: 0 });
  });

  it('never cuts the shorter side below its length while the longer side can absorb the cut', () => {
    expect(truncatedLengths({ first: 3, second: 20, budget: 10, strategy: 'longest_first' })).toEqual({ first: 3, second: 7 });
    expect(truncatedLengths({ first: 20, second: 3, budget: 10, strategy: 'longest_first' })).toEqual({ first: 7, second: 3 });
    // Both beyond half the budget: floor(budget/2) to the shorter, the rest to the longer; on a tie the
    // second side gets the odd token.
    expect(truncatedLengths({ first: 6, second: 20, budget: 9, strategy: 'longest_first' })).toEqual({ first: 4, second: 5 });
    expect(truncatedLengths({ first: 20, second: 6, budget: 9, strategy: 'longest_first' })).toEqual({ first: 5, second: 4 });
    expect(truncatedLengths({ first: 5, second: 5, budget: 9, strategy: 'longest_first' })).toEqual({ first: 4, second: 5 });
  });

  it('cuts only the chosen side and refuses to empty it', () => {
    expect(truncatedLengths({ first: 5, second: 4, budget: 7, strategy: 'only_first' })).toEqual({ first: 3, second: 4 });
    expect(truncatedLengths({ first: 5, second: 4, budget: 7, strategy: 'only_second' })).toEqual({ first: 5, second: 2 });
    expect(() => truncatedLengths({ first: 2, second: 9, budget: 7, strategy: 'only_first' })).toThrow(TruncationError);
    expect(() => truncatedLengths({ first: 9, second: 2, budget: 7, strategy: 'only_second' }, () => 'row 12')).toThrow(
      /row 12: the second text must be longer than the 4 token\(s\) 'only_second' has to cut, got 2/,
    );
  });

  it('refuses only_second on a single text only when a cut is needed', () => {
    expect(() => truncatedLengths({ first: 9, second: null, budget: 7, strategy: 'only_second' })).toThrow(/must have a second text/);
    expect(truncatedLengths({ first: 7, second: null, budget: 7, strategy: 'only_second' })).toEqual({ first: 7, second: 0 });
  });
});
