import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeValue, describeZodError, fieldPath, valueAt } from './messages.js';

describe('validation messages', () => {
  it('render values short: JSON where possible, the non-finite and absent ones by name, long ones cut', () => {
    expect(describeValue({ lr: 1e-5 })).toBe('{"lr":0.00001}');
    expect([NaN, -Infinity, undefined, () => 1].map(describeValue)).toEqual(['NaN', '-Infinity', 'nothing', 'a function']);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(describeValue(cyclic)).toBe('[object Object]');
    const long = describeValue('x'.repeat(200));
    expect([long.length, long.endsWith('...')]).toEqual([80, true]);
  });

  it('name a field by its path, array indices in brackets', () => {
    expect(fieldPath(['groups', 2, 'lr'])).toBe('groups[2].lr');
    expect(fieldPath(['params', 'lr'], 'space')).toBe('space.params.lr');
    expect(fieldPath([0], 'trials')).toBe('trials[0]');
    expect(valueAt({ groups: [{}, {}, { lr: -1 }] }, ['groups', 2, 'lr'])).toBe(-1);
    expect(valueAt({ groups: 3 }, ['groups', 2, 'lr'])).toBeUndefined();
  });

  it("put a zod error's first issue in the house form", () => {
    const schema = z.object({ groups: z.array(z.object({ lr: z.number().positive() })).min(1), kind: z.enum(['a', 'b']) }).strict();
    const message = (input: unknown) => describeZodError(schema.safeParse(input).error!, input, 'file');
    expect(message({ groups: [{ lr: 1 }, { lr: -2 }], kind: 'a' })).toBe('`file.groups[1].lr` must be > 0, got -2');
    expect(message({ groups: [], kind: 'a' })).toBe('`file.groups` must have at least 1 item(s), got []');
    expect(message({ groups: [{ lr: 1 }], kind: 'c' })).toBe('`file.kind` must be one of "a", "b", got "c"');
    expect(message({ groups: [{ lr: 1 }], kind: 'a', extra: 1 })).toBe(
      '`file` must not have the key(s) \'extra\', got {"groups":[{"lr":1}],"kind":"a","extra":1}',
    );
    expect(message({ kind: 'a' })).toBe('`file.groups` must be an array, got nothing');
  });
});
