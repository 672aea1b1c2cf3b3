import { describe, expect, it } from 'vitest';
import { InvalidGroupsError } from '../errors.js';
import { layerGroupName, normalizeGroupSpecs, parseGroupName } from './group-spec.js';

const fail = (f: string, m: string): InvalidGroupsError => new InvalidGroupsError(f, m);

describe('parseGroupName / layerGroupName', () => {
  it('reads the conventional names', () => {
    expect(parseGroupName('embeddings')).toEqual({ kind: 'embeddings' });
    expect(parseGroupName('head')).toEqual({ kind: 'head' });
    expect(parseGroupName('layer_7')).toEqual({ kind: 'layers', first: 7, last: 7 });
    expect(parseGroupName('layer_9-10')).toEqual({ kind: 'layers', first: 9, last: 10 });
    expect(parseGroupName('layer_3-2')).toBeUndefined();
    expect(parseGroupName('pooler')).toEqual({ kind: 'pooler' });
  });

  it('round-trips names', () => {
    expect(layerGroupName(4)).toBe('layer_4');
    expect(layerGroupName(0, 1)).toBe('layer_0-1');
    expect(parseGroupName(layerGroupName(3, 4))).toEqual({ kind: 'layers', first: 3, last: 4 });
  });
});

describe('normalizeGroupSpecs', () => {
  it('fills layers from conventional names and freezes the copies', () => {
    const [a, b, c] = normalizeGroupSpecs(
      [
        { name: 'embeddings', depth: 0 },
        { name: 'layer_0-1', depth: 0.3 },
        { name: 'head', depth: 1 },
      ],
      fail,
    );
    expect(a?.layers).toBeUndefined();
    expect(b?.layers).toEqual({ first: 0, last: 1 });
    expect(c?.layers).toBeUndefined();
    expect(Object.isFrozen(b)).toBe(true);
  });

  it.each([
    [[], 'groups'],
    [[{ name: '', depth: 0 }], 'groups[0].name'],
    [
      [
        { name: 'a', depth: 0 },
        { name: 'a', depth: 1 },
      ],
      'groups[1].name',
    ],
    [[{ name: 'a', depth: -0.1 }], 'groups[0].depth'],
    [[{ name: 'a', depth: Number.NaN }], 'groups[0].depth'],
    [
      [
        { name: 'a', depth: 0.5 },
        { name: 'b', depth: 0.5 },
      ],
      'groups[1].depth',
    ],
    [[{ name: 'layer_1', depth: 0.5, layers: { first: 2, last: 2 } }], 'groups[0].layers'],
    [[{ name: 'x', depth: 0.5, layers: { first: 2, last: 1 } }], 'groups[0].layers'],
    [[{ name: 'head', depth: 1, layers: { first: 2, last: 2 } }], 'groups[0].layers'],
    [[{ name: 'pooler', depth: 0.9, layers: { first: 2, last: 2 } }], 'groups[0].layers'],
    [
      [
        { name: 'layer_0-2', depth: 0.2 },
        { name: 'layer_2', depth: 0.4 },
      ],
      'groups[1].layers',
    ],
  ])('rejects %j at %s', (specs, field) => {
    try {
      normalizeGroupSpecs(specs, fail);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidGroupsError);
      expect((error as InvalidGroupsError).field).toBe(field);
      expect((error as Error).message).toMatch(new RegExp(`^\`${field.replace(/[[\].]/g, '\\$&')}\` must `));
    }
  });
});
