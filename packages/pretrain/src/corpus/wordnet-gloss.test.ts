import { describe, expect, it } from 'vitest';
import { parseGlossLine } from './wordnet-gloss.js';

describe('parseGlossLine', () => {
  it('separates the definition from quoted examples', () => {
    const line =
      '00022309 29 v 05 sedate 0 calm 0 009 @ 00019441 v 0000 01 + 09 00 | cause to be calm or quiet as by administering a sedative to; "The patient must be sedated before the operation"  ';
    expect(parseGlossLine(line)).toEqual({
      definitions: ['cause to be calm or quiet as by administering a sedative to'],
      examples: ['The patient must be sedated before the operation'],
    });
  });

  it('keeps semicolons inside parentheses and quotes', () => {
    const line = '1 | a thing (as a tool; or a device); "one; two"; "three"';
    expect(parseGlossLine(line)).toEqual({ definitions: ['a thing (as a tool; or a device)'], examples: ['one; two', 'three'] });
  });

  it('skips license lines and lines without a gloss', () => {
    expect(parseGlossLine('  1 This software and database is being provided')).toBeNull();
    expect(parseGlossLine('')).toBeNull();
    expect(parseGlossLine('00001740 03 n 01 entity 0 000')).toBeNull();
  });
});
