import { describe, expect, it } from 'vitest';
import { InvalidDistributionError } from '../errors.js';
import { LrDistribution, toInputs } from './lr-distribution.js';

const groups = [
  { name: 'embeddings', depth: 0, lr: 1e-5 },
  { name: 'layer_0', depth: 0.5, lr: 2e-5, band: { gsd: 2 } },
  { name: 'head', depth: 1, lr: 4e-5 },
];

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDistributionError);
    return (error as InvalidDistributionError).field;
  }
  throw new Error('expected an InvalidDistributionError');
}

describe('LrDistribution', () => {
  it('keeps groups in order, with layers from names and bands as lr/gsd .. lr*gsd', () => {
    const d = new LrDistribution(groups);
    expect(d.size).toBe(3);
    expect(d.names).toEqual(['embeddings', 'layer_0', 'head']);
    expect(d.lrs).toEqual([1e-5, 2e-5, 4e-5]);
    expect(d.depths).toEqual([0, 0.5, 1]);
    expect(d.group('layer_0')?.layers).toEqual({ first: 0, last: 0 });
    expect(d.group('layer_0')?.band).toEqual({ gsd: 2, lower: 1e-5, upper: 4e-5 });
    expect(d.lr('head')).toBe(4e-5);
    expect(d.hasBand).toBe(false);
    expect(d.specs).toEqual([
      { name: 'embeddings', depth: 0 },
      { name: 'layer_0', depth: 0.5, layers: { first: 0, last: 0 } },
      { name: 'head', depth: 1 },
    ]);
  });

  it('is frozen, groups and provenance included', () => {
    const d = new LrDistribution(groups);
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.groups)).toBe(true);
    expect(Object.isFrozen(d.groups[0])).toBe(true);
    expect(Object.isFrozen(d.provenance)).toBe(true);
  });

  it('fills provenance defaults and keeps what is given', () => {
    expect(new LrDistribution(groups).provenance).toEqual({ model: 'unspecified', pairs: [], studies: [], trials: 0, method: 'manual' });
    const p = new LrDistribution(groups, { provenance: { model: 'm', pairs: ['rte->cola'], trials: 3, createdAt: '2024-01-02T03:04:05Z' } })
      .provenance;
    expect(p).toMatchObject({ model: 'm', pairs: ['rte->cola'], trials: 3, createdAt: '2024-01-02T03:04:05Z', method: 'manual' });
  });

  it('round-trips through toInputs, and drops bands with withoutBand', () => {
    const d = new LrDistribution(groups, { provenance: { method: 'x' } });
    expect(new LrDistribution(toInputs(d), { provenance: d.provenance })).toEqual(d);
    expect(d.withoutBand().groups.some((g) => g.band !== undefined)).toBe(false);
    expect(d.withProvenance({ model: 'bert' }).provenance).toMatchObject({ model: 'bert', method: 'x' });
  });

  it.each([
    [0, 'groups[1].lr'],
    [-1e-5, 'groups[1].lr'],
    [Number.POSITIVE_INFINITY, 'groups[1].lr'],
    [Number.NaN, 'groups[1].lr'],
  ])('rejects lr %s at %s', (lr, field) => {
    expect(fieldOf(() => new LrDistribution(groups.map((g, i) => (i === 1 ? { ...g, lr } : g))))).toBe(field);
  });

  it('rejects depths out of [0, 1] or not increasing, duplicate names, bad bands, bad provenance', () => {
    expect(fieldOf(() => new LrDistribution([{ name: 'a', depth: 1.5, lr: 1 }]))).toBe('groups[0].depth');
    expect(
      fieldOf(
        () =>
          new LrDistribution([
            { name: 'a', depth: 0.6, lr: 1 },
            { name: 'b', depth: 0.2, lr: 1 },
          ]),
      ),
    ).toBe('groups[1].depth');
    expect(
      fieldOf(
        () =>
          new LrDistribution([
            { name: 'a', depth: 0, lr: 1 },
            { name: 'a', depth: 1, lr: 1 },
          ]),
      ),
    ).toBe('groups[1].name');
    expect(fieldOf(() => new LrDistribution([{ name: 'a', depth: 0, lr: 1, band: { gsd: 0.5 } }]))).toBe('groups[0].band.gsd');
    expect(fieldOf(() => new LrDistribution(groups, { provenance: { trials: -1 } }))).toBe('provenance.trials');
    expect(fieldOf(() => new LrDistribution(groups, { provenance: { createdAt: 'yesterday' } }))).toBe('provenance.createdAt');
    expect(fieldOf(() => new LrDistribution(groups).lr('pooler'))).toBe('groups');
  });

  it('says what was wrong in the message', () => {
    expect(() => new LrDistribution([{ name: 'emb', depth: 0, lr: -2 }])).toThrow(
      '`groups[0].lr` must be a positive finite number, got -2 (group emb)',
    );
  });
});
