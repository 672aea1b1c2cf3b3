import { describe, expect, it } from 'vitest';
import { deepText, findAll, parseXml } from './parse-xml.js';

describe('parseXml (test helper)', () => {
  it('reads nested elements, attributes and entities', () => {
    const root = parseXml('<?xml version="1.0"?><a x="1" y=\'&lt;b&gt;\'><b/><c>t &amp; u<d>v</d></c><!-- note --></a>');
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1', y: '<b>' });
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c']);
    expect(deepText(root)).toBe('t & uv');
    expect(findAll(root, (e) => e.name === 'd')).toHaveLength(1);
  });

  it.each([
    ['<a><b></a>', /does not match/],
    ['<a>', /unclosed/],
    ['<a x=1/>', /not quoted/],
    ['<a x="1" x="2"/>', /repeated/],
    ['<a>&nbsp;</a>', /unknown entity/],
    ['<a/><b/>', /second root/],
    ['text<a/>', /outside the root/],
    ['<a x="1"y="2"/>', /separated by space/],
  ])('rejects %s', (source, message) => {
    expect(() => parseXml(source)).toThrow(message);
  });
});
