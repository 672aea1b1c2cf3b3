import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashConfig } from './hash-config.js';

describe('hashConfig', () => {
  it('hashes configs independently of key order, at every depth, and tells values apart', () => {
    expect(hashConfig({ a: 1, b: { c: 2, d: [{ y: 1, x: 2 }] } })).toBe(hashConfig({ b: { d: [{ x: 2, y: 1 }], c: 2 }, a: 1 }));
    expect(hashConfig({ a: 1 })).not.toBe(hashConfig({ a: 2 }));
    // Array order is meaning, not layout.
    expect(hashConfig({ a: [1, 2] })).not.toBe(hashConfig({ a: [2, 1] }));
  });

  it('is the first 16 hex digits of the SHA-256 of the key-sorted JSON (existing cache folders keep their names)', () => {
    const expected = createHash('sha256').update('{"a":1,"b":{"c":2}}').digest('hex').slice(0, 16);
    expect(hashConfig({ b: { c: 2 }, a: 1 })).toBe(expected);
  });
});
