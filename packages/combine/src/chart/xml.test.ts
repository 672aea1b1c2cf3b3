import { describe, expect, it } from 'vitest';
import { escapeXml } from './xml.js';

describe('escapeXml', () => {
  it('escapes & < > " and \' (content and both attribute quotings)', () => {
    expect(escapeXml(`a & b < c > d "e" 'f'`)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
  });

  it('escapes an ampersand once (no double escaping of what it produces)', () => {
    expect(escapeXml('&lt;')).toBe('&amp;lt;');
  });

  it('leaves other text, non-ASCII included, as it is', () => {
    expect(escapeXml('sst2 → mrpc, 10⁻⁵')).toBe('sst2 → mrpc, 10⁻⁵');
  });
});
