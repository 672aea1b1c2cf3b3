import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { bertGroups } from '../groups/bert-groups.js';
import { flat, llrd, ulmfit } from './generators.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('flat', () => {
  it('gives every BERT-base group the same rate by default', () => {
    const d = flat(2e-5);
    expect(d.names).toEqual(bertGroups(12).map((g) => g.name));
    expect(new Set(d.lrs)).toEqual(new Set([2e-5]));
    expect(d.provenance.method).toBe('flat');
  });

  it('takes other groups', () => {
    expect(flat(1e-4, bertGroups(4)).size).toBe(6);
  });

  it('rejects a bad rate', () => {
    expect(() => flat(0)).toThrow(InvalidOptionError);
  });
});

describe('llrd', () => {
  it('decays by xi per level below the top layer (checked by hand, tolerance 1e-12 relative)', () => {
    // L = 4, lr = 1e-4, xi = 0.5: embeddings 1e-4 * 0.5^4 = 6.25e-6, layer_0 0.5^3 -> 1.25e-5,
    // layer_1 2.5e-5, layer_2 5e-5, layer_3 1e-4, head 1e-4.
    const d = llrd(1e-4, 0.5, 4);
    const expected = [6.25e-6, 1.25e-5, 2.5e-5, 5e-5, 1e-4, 1e-4];
    d.lrs.forEach((lr, i) => expect(rel(lr, expected[i] as number)).toBeLessThan(1e-12));
  });

  it('is flat for xi = 1', () => {
    expect(new Set(llrd(3e-5, 1, 12).lrs)).toEqual(new Set([3e-5]));
  });

  it('rejects a non-positive xi', () => {
    expect(() => llrd(1e-4, 0, 4)).toThrow(/`xi` must be a positive finite number, got 0/);
  });
});

describe('ulmfit', () => {
  it('divides by 2.6 per layer going down (tolerance 1e-12 relative)', () => {
    const d = ulmfit(1e-4, 3);
    // embeddings 1e-4 / 2.6^3, layer_0 / 2.6^2, layer_1 / 2.6, layer_2 and head 1e-4.
    const expected = [1e-4 / 17.576, 1e-4 / 6.76, 1e-4 / 2.6, 1e-4, 1e-4];
    d.lrs.forEach((lr, i) => expect(rel(lr, expected[i] as number)).toBeLessThan(1e-12));
    expect(d.provenance.method).toBe('ulmfit');
  });
});
