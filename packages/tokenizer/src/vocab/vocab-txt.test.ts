import { describe, expect, it } from 'vitest';
import { VocabFormatError } from '../errors.js';
import { formatVocabTxt, parseVocabTxt } from './vocab-txt.js';

describe('parseVocabTxt', () => {
  it('reads one piece a line, with or without a final newline, CRLF accepted', () => {
    expect(parseVocabTxt('[PAD]\nthe\n##s\n')).toEqual(['[PAD]', 'the', '##s']);
    expect(parseVocabTxt('[PAD]\nthe\n##s')).toEqual(['[PAD]', 'the', '##s']);
    expect(parseVocabTxt('[PAD]\r\nthe\r\n')).toEqual(['[PAD]', 'the']);
  });

  it('refuses empty files, empty lines and duplicates, naming file and line', () => {
    expect(() => parseVocabTxt('')).toThrow(VocabFormatError);
    expect(() => parseVocabTxt('a\n\nb\n', 'v.txt')).toThrow(/^v\.txt:2: piece must be non-empty/);
    expect(() => parseVocabTxt('a\nb\na\n', 'v.txt')).toThrow(/^v\.txt:3: piece must be unique, got "a" again \(first on line 1\)/);
  });
});

describe('formatVocabTxt', () => {
  it('writes one piece a line with a final newline, the inverse of parseVocabTxt', () => {
    const pieces = ['[PAD]', 'the', '##s', '中'];
    expect(formatVocabTxt(pieces)).toBe('[PAD]\nthe\n##s\n中\n');
    expect(parseVocabTxt(formatVocabTxt(pieces))).toEqual(pieces);
    expect(formatVocabTxt([])).toBe('');
  });

  it('refuses pieces that would break the line format', () => {
    expect(() => formatVocabTxt(['a', 'b\nc'])).toThrow(/vocab piece 1 must be non-empty and hold no line break/);
    expect(() => formatVocabTxt(['a', ''])).toThrow(VocabFormatError);
  });
});
