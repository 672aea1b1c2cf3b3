import { describe, expect, it } from 'vitest';
import { escapeMarkdownCell } from './markdown.js';

describe('escapeMarkdownCell', () => {
  it('turns HTML-significant characters into entities and backslashes pipes', () => {
    expect(escapeMarkdownCell('<script>alert("x")</script>')).toBe('&lt;script>alert("x")&lt;/script>');
    expect(escapeMarkdownCell('&lt;')).toBe('&amp;lt;');
    expect(escapeMarkdownCell('a | b & c')).toBe('a \\| b &amp; c');
  });

  it('keeps an escaped pipe escaped and a row on one line', () => {
    expect(escapeMarkdownCell('a\\|b')).toBe('a\\\\\\|b');
    expect(escapeMarkdownCell('one\ntwo\r\nthree')).toBe('one two three');
  });

  it('leaves plain names alone', () => {
    expect(escapeMarkdownCell('sst2-mrpc-mini_b.only')).toBe('sst2-mrpc-mini_b.only');
    expect(escapeMarkdownCell('sst2 (A) -> mrpc (B)')).toBe('sst2 (A) -> mrpc (B)');
  });
});
