import { describe, expect, it } from 'vitest';
import { defineSearchSpace, parseSearchSpace, searchSpaceToDefinition } from './search-space.js';

describe('search-space definitions', () => {
  it('turns a definition into validated distributions (int high snapped to the step grid)', () => {
    const space = defineSearchSpace({
      lr: { type: 'float', low: 1e-7, high: 1e-3, log: true },
      dropout: { type: 'float', low: 0, high: 0.5, step: 0.1 },
      layers: { type: 'int', low: 2, high: 11, step: 3 },
      act: { type: 'categorical', choices: ['relu', 'gelu', null] },
    });
    expect(space.lr).toEqual({ kind: 'float', low: 1e-7, high: 1e-3, log: true, step: null });
    expect(space.layers).toEqual({ kind: 'int', low: 2, high: 11, log: false, step: 3 });
    expect(space.act.choices).toEqual(['relu', 'gelu', null]);
    expect(parseSearchSpace(JSON.parse(JSON.stringify(searchSpaceToDefinition(space))))).toEqual(space);
  });

  it('invalid input is an InvalidSearchSpaceError naming the field and the value', () => {
    const cases: [unknown, RegExp][] = [
      [{ lr: { type: 'float', low: 1, high: 0 } }, /parameter 'space.lr': `low` must be <= `high`, got low=1, high=0/],
      [{ lr: { type: 'float', low: 0, high: 1, log: true } }, /parameter 'space.lr': `low` must be > 0 for a log distribution, got 0/],
      [{ n: { type: 'int', low: 0, high: 10, step: 0 } }, /parameter 'space.n': `step` must be a positive integer, got 0/],
      [{ n: { type: 'int', low: 0.5, high: 10 } }, /`space.n.low` must be an integer, got 0.5/],
      [{ c: { type: 'categorical', choices: [] } }, /`space.c.choices` must have at least 1 item\(s\), got \[\]/],
      [{ c: { type: 'categorical', choices: ['a', 'a'] } }, /`choices` must be unique, got "a" twice/],
      [{ x: { type: 'uniform', low: 0, high: 1 } }, /`space.x.type` must be one of "float", "int", "categorical", got "uniform"/],
      [{ x: { type: 'float', low: 0, high: 1, lg: true } }, /`space.x` must not have the key\(s\) 'lg'/],
      [{ x: { type: 'float', low: '0', high: 1 } }, /`space.x.low` must be a number, got "0"/],
    ];
    for (const [input, message] of cases) {
      expect(() => parseSearchSpace(input)).toThrow(message);
      try {
        parseSearchSpace(input);
      } catch (error) {
        expect((error as { code: string }).code).toBe('INVALID_SEARCH_SPACE');
      }
    }
  });
});
