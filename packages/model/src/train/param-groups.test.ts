import { describe, expect, it } from 'vitest';
import { ParamGroupError } from '../errors.js';
import { canonicalGroupOf, canonicalGroups, resolveParamGroups } from './param-groups.js';

const vars = [
  'embeddings.word_embeddings.weight',
  'embeddings.LayerNorm.bias',
  'encoder.layer.0.attention.self.query.weight',
  'encoder.layer.1.output.dense.bias',
  'encoder.layer.2.intermediate.dense.weight',
  'pooler.dense.weight',
  'heads.sst2.weight',
  'cls.predictions.transform.dense.weight',
];

describe('LR groups', () => {
  it('names groups in depth order and assigns each variable its group', () => {
    expect(canonicalGroups(3)).toEqual(['embeddings', 'layer_0', 'layer_1', 'layer_2', 'head']);
    expect(vars.map(canonicalGroupOf)).toEqual(['embeddings', 'embeddings', 'layer_0', 'layer_1', 'layer_2', 'head', 'head', 'head']);
    expect(canonicalGroupOf('mystery.weight')).toBeNull();
  });

  it('resolves a record with one LR per group', () => {
    const groups = resolveParamGroups(vars, 3, { embeddings: 1e-5, layer_0: 2e-5, layer_1: 3e-5, layer_2: 4e-5, head: 1e-4 });
    expect(groups.map((g) => [g.name, g.lr, g.variables.length])).toEqual([
      ['embeddings', 1e-5, 2],
      ['layer_0', 2e-5, 1],
      ['layer_1', 3e-5, 1],
      ['layer_2', 4e-5, 1],
      ['head', 1e-4, 3],
    ]);
  });

  it('gives the pooler its own group only when the distribution names `pooler`', () => {
    const lrs = { embeddings: 1e-5, layer_0: 2e-5, layer_1: 3e-5, layer_2: 4e-5, head: 1e-4 };
    const own = resolveParamGroups(vars, 3, { ...lrs, pooler: 0 });
    expect(own.find((g) => g.name === 'pooler')!.variables).toEqual(['pooler.dense.weight']);
    expect(own.find((g) => g.name === 'head')!.variables).toEqual(['heads.sst2.weight', 'cls.predictions.transform.dense.weight']);
    expect(resolveParamGroups(vars, 3, lrs).find((g) => g.name === 'head')!.variables).toContain('pooler.dense.weight');
    expect(() => resolveParamGroups(vars, 3, { ...lrs, pooler: 1e-5, 'pooler-2': 1 })).toThrow(ParamGroupError);
  });

  it('maps fewer groups onto contiguous layer ranges (record keys or explicit entries)', () => {
    const byKey = resolveParamGroups(vars, 3, { embeddings: 1e-5, 'layer_0-1': 2e-5, layer_2: 3e-5, head: 1e-4 });
    expect(byKey.find((g) => g.name === 'layer_0-1')!.variables).toEqual([
      'encoder.layer.0.attention.self.query.weight',
      'encoder.layer.1.output.dense.bias',
    ]);
    const byEntry = resolveParamGroups(vars, 3, [
      { name: 'emb', lr: 1e-5, layers: { first: 0, last: 0 } },
      { name: 'embeddings', lr: 1e-5 },
      { name: 'L1-2', lr: 2e-5, layers: { first: 1, last: 2 } },
      { name: 'head', lr: 1e-4 },
    ]);
    expect(byEntry.find((g) => g.name === 'L1-2')!.variables).toHaveLength(2);
  });

  it('takes a value with a `groups` list, such as an @lrdist/combine distribution, as it is', () => {
    const record = { embeddings: 1e-5, 'layer_0-1': 2e-5, layer_2: 3e-5, pooler: 0, head: 1e-4 };
    // The shape of a combine LrDistribution: groups with depth, layers { first, last } and a band.
    const distribution = {
      groups: [
        { name: 'embeddings', depth: 0, lr: 1e-5 },
        { name: 'layer_0-1', depth: 0.375, lr: 2e-5, layers: { first: 0, last: 1 }, band: { gsd: 2, lower: 1e-5, upper: 4e-5 } },
        { name: 'layer_2', depth: 0.75, lr: 3e-5, layers: { first: 2, last: 2 } },
        { name: 'pooler', lr: 0 },
        { name: 'head', depth: 1, lr: 1e-4 },
      ],
      provenance: { model: 'mini', method: 'manual' },
    };
    const expected = resolveParamGroups(vars, 3, record);
    expect(resolveParamGroups(vars, 3, distribution)).toEqual(expected);
    expect(resolveParamGroups(vars, 3, distribution.groups)).toEqual(expected);
    expect(expected.map((g) => [g.name, g.lr, g.variables.length])).toEqual([
      ['embeddings', 1e-5, 2],
      ['layer_0-1', 2e-5, 2],
      ['layer_2', 3e-5, 1],
      ['pooler', 0, 1],
      ['head', 1e-4, 2],
    ]);
  });

  it('refuses a name outside the grammar, a reversed range included', () => {
    expect(() => resolveParamGroups(vars, 3, { embeddings: 1, 'layer_2-0': 1, head: 1 })).toThrow(/with i <= j .*got `layer_2-0`/);
    expect(() => resolveParamGroups(vars, 3, [{ name: 'x', lr: 1, layers: { first: 2, last: 0 } }])).toThrow(/got \[2, 0\]/);
    expect(() => resolveParamGroups(vars, 3, { groups: [] })).toThrow(/at least one group/);
  });

  it.each([
    [
      'a layer in two groups',
      { embeddings: 1, 'layer_0-1': 1, layer_1: 1, layer_2: 1, head: 1 },
      /`encoder.layer.1.output.dense.bias` must be in one LR group, got `layer_0-1` and `layer_1`/,
    ],
    [
      'a group without LR',
      { embeddings: 1, layer_0: 1, layer_2: 1, head: 1 },
      /`encoder.layer.1.output.dense.bias` must be in an LR group, group `layer_1` has no learning rate/,
    ],
    ['a bad group name', { embeddings: 1, layers: 1 }, /got `layers`/],
    ['a range past the last layer', { embeddings: 1, 'layer_0-3': 1, head: 1 }, /within \[0, 2\], got \[0, 3\]/],
    ['a negative LR', { embeddings: -1, 'layer_0-2': 1, head: 1 }, /finite number >= 0, got -1/],
  ])('rejects %s with a ParamGroupError naming it', (_label, lr, message) => {
    expect(() => resolveParamGroups(vars, 3, lr)).toThrow(ParamGroupError);
    expect(() => resolveParamGroups(vars, 3, lr)).toThrow(message);
  });

  it('rejects a variable that fits no group', () => {
    expect(() => resolveParamGroups([...vars, 'adapter.weight'], 3, { embeddings: 1, 'layer_0-2': 1, head: 1 })).toThrow(
      /`adapter.weight` must belong to an LR group/,
    );
  });
});
