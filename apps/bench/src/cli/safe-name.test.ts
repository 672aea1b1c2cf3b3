import { describe, expect, it } from 'vitest';
import { ArgsError } from '../errors.js';
import { parseFlags, type FlagSpec } from './flags.js';
import { isSafeName } from './safe-name.js';

describe('safe names', () => {
  it('accepts the names lrdist makes and users type', () => {
    for (const name of ['sst2-mrpc-mini-b-only', 'study_1', 'v1.2', '_x', 'A']) expect(isSafeName(name), name).toBe(true);
  });

  it('refuses separators, dot segments, markup and odd characters', () => {
    for (const name of [
      '',
      '.',
      '..',
      '../x',
      'a/b',
      'a\\b',
      '.hidden',
      '<script>alert(1)</script>',
      'a b',
      'a|b',
      'naïve',
      'x'.repeat(101),
      '-flag',
    ]) {
      expect(isSafeName(name), name).toBe(false);
    }
  });

  it('applies to flags marked safeName, with one ArgsError line naming the flag, the rule and an example', () => {
    const specs = [
      { name: 'study', kind: 'string', safeName: true, help: 'study', example: 'sst2-mrpc-mini' },
      { name: 'studies', kind: 'string-list', safeName: true, help: 'studies', example: 'a,b' },
    ] as const satisfies readonly FlagSpec[];
    const parse = (argv: string[]) => parseFlags(argv, specs, 'search').flags;
    expect(parse(['--study', 'a-b'])).toEqual({ study: 'a-b', studies: undefined });
    expect(() => parse(['--study', '../x'])).toThrow(ArgsError);
    expect(() => parse(['--study', '../x'])).toThrow(
      "--study must be a name of letters, digits, '_', '.' and '-' that starts with a letter, digit or '_' (at most 100; it becomes a file name), got '../x' (e.g. --study sst2-mrpc-mini)",
    );
    expect(() => parse(['--study=<script>x</script>'])).toThrow(/got '<script>x<\/script>'/);
    expect(() => parse(['--studies', 'a,../b'])).toThrow(/^--studies must be a name/);
  });
});
