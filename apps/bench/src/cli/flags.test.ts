import { describe, expect, it } from 'vitest';
import { ArgsError } from '../errors.js';
import { formatHelp, parseFlags, tokenizeArgs, type FlagSpec } from './flags.js';

const specs: FlagSpec[] = [
  { name: 'task', kind: 'string', help: 'task B', example: 'mrpc' },
  { name: 'epochs', kind: 'int', min: 1, help: 'epochs', example: '3', defaultText: '3' },
  { name: 'lr', kind: 'number', min: 0, help: 'lr', example: '2e-5' },
  { name: 'sampler', kind: 'enum', values: ['gp', 'tpe'], help: 'sampler', example: 'gp' },
  { name: 'seeds', kind: 'int-list', min: 0, help: 'seeds', example: '0,1,2' },
  { name: 'json', kind: 'boolean', help: 'json', example: '' },
];

const parse = (argv: string[]) => parseFlags(tokenizeArgs(argv).flags, specs, 'bench');

describe('flags', () => {
  it('reads --name value, --name=value and booleans', () => {
    expect(parse(['--task', 'mrpc', '--epochs=2', '--lr', '1e-5', '--sampler', 'gp', '--seeds', '0,1', '--json'])).toEqual({
      task: 'mrpc',
      epochs: 2,
      lr: 1e-5,
      sampler: 'gp',
      seeds: [0, 1],
      json: true,
    });
  });

  it('gives one-line errors that name the flag, the rule and an example', () => {
    expect(() => parse(['--epochs', 'x'])).toThrow("--epochs must be an integer >= 1, got 'x' (e.g. --epochs 3)");
    expect(() => parse(['--epochs', '0'])).toThrow(/>= 1/);
    expect(() => parse(['--sampler', 'cmaes'])).toThrow("--sampler must be one of gp, tpe, got 'cmaes' (e.g. --sampler gp)");
    expect(() => parse(['--seeds', '0,,1'])).toThrow(/--seeds must be an integer >= 0/);
    expect(() => parse(['--task'])).toThrow('--task must be given a value, got nothing (e.g. --task mrpc)');
    expect(() => parse(['--nope', '1'])).toThrow(/unknown flag --nope for `bench`; known flags: --task, --epochs/);
    expect(() => parse(['--task', 'a', '--task', 'b'])).toThrow(ArgsError);
  });

  it('formats help with kinds, choices and defaults', () => {
    const help = formatHelp({ usage: 'pnpm bench --task <t>', description: 'Runs it.', specs });
    expect(help).toContain('--epochs <n>');
    expect(help).toContain('(default 3)');
    expect(help).toContain('one of gp|tpe');
  });
});
