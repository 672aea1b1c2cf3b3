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

describe('flag bounds', () => {
  const bounded: FlagSpec[] = [
    { name: 'seeds', kind: 'int-list', min: 0, unique: true, help: 'seeds', example: '0,1,2' },
    { name: 'lr', kind: 'number', min: 0, exclusiveMin: true, help: 'lr', example: '1e-4' },
    { name: 'jobs', kind: 'int', min: 1, max: 8, help: 'jobs', example: '2' },
    { name: 'tasks', kind: 'string-list', unique: true, help: 'tasks', example: 'sst2,mrpc' },
  ];
  const parseBounded = (argv: string[]) => parseFlags(tokenizeArgs(argv).flags, bounded, 'bench');

  it('refuses repeated seeds and tasks, naming the repeat', () => {
    expect(() => parseBounded(['--seeds', '0,0'])).toThrow("--seeds must be a list without repeats (0 is given twice), got '0,0' (e.g. --seeds 0,1,2)");
    expect(() => parseBounded(['--tasks', 'sst2,mrpc,sst2'])).toThrow(/--tasks must be a list without repeats \(sst2 is given twice\)/);
    expect(parseBounded(['--seeds', '2,0,1'])).toEqual({ seeds: [2, 0, 1] });
  });

  it('refuses integers past 2^53 (1e20 is not a seed)', () => {
    expect(() => parseBounded(['--seeds', '1e20'])).toThrow("--seeds must be an integer >= 0, got '1e20' (e.g. --seeds 0,1,2)");
    expect(() => parseBounded(['--jobs', '9007199254740993'])).toThrow(ArgsError);
  });

  it('refuses a learning rate of 0 and a job count past the cap', () => {
    expect(() => parseBounded(['--lr', '0'])).toThrow("--lr must be a number > 0, got '0' (e.g. --lr 1e-4)");
    expect(parseBounded(['--lr', '1e-5'])).toEqual({ lr: 1e-5 });
    expect(() => parseBounded(['--jobs', '9'])).toThrow("--jobs must be an integer >= 1 and <= 8, got '9' (e.g. --jobs 2)");
    expect(parseBounded(['--jobs', '8'])).toEqual({ jobs: 8 });
  });
});
