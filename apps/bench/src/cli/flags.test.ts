import { describe, expect, expectTypeOf, it } from 'vitest';
import { ArgsError } from '../errors.js';
import { flagsSchema, formatHelp, parseFlags, without, type FlagSpec } from './flags.js';

const specs = [
  { name: 'task', kind: 'string', help: 'task B', example: 'mrpc' },
  { name: 'epochs', kind: 'int', min: 1, default: 3, help: 'epochs', example: '3' },
  { name: 'lr', kind: 'number', min: 0, help: 'lr', example: '2e-5' },
  { name: 'sampler', kind: 'enum', values: ['gp', 'tpe'], default: 'gp', help: 'sampler', example: 'gp' },
  { name: 'seeds', kind: 'int-list', min: 0, help: 'seeds', example: '0,1,2' },
  { name: 'json', kind: 'boolean', help: 'json', example: '' },
  { name: 'help', kind: 'boolean', help: 'help', example: '' },
] as const satisfies readonly FlagSpec[];

const parse = (argv: string[]) => parseFlags(argv, specs, 'bench').flags;

describe('flags', () => {
  it('reads --name value, --name=value, booleans and -h, and applies defaults', () => {
    expect(parse(['--task', 'mrpc', '--epochs=2', '--lr', '1e-5', '--sampler', 'tpe', '--seeds', '0,1', '--json'])).toEqual({
      task: 'mrpc',
      epochs: 2,
      lr: 1e-5,
      sampler: 'tpe',
      seeds: [0, 1],
      json: true,
      help: false,
    });
    expect(parse(['-h'])).toMatchObject({ help: true, epochs: 3, sampler: 'gp', json: false });
    expect(parse([]).task).toBeUndefined();
  });

  it('types the values by the specs: defaults and booleans always there, the rest optional', () => {
    const flags = parse([]);
    expectTypeOf(flags.epochs).toEqualTypeOf<number>();
    expectTypeOf(flags.sampler).toEqualTypeOf<'gp' | 'tpe'>();
    expectTypeOf(flags.json).toEqualTypeOf<boolean>();
    expectTypeOf(flags.task).toEqualTypeOf<string | undefined>();
    expectTypeOf(flags.seeds).toEqualTypeOf<number[] | undefined>();
    expectTypeOf(flags).toHaveProperty('lr');
    expectTypeOf(parseFlags([], without(specs, 'lr'), 'bench').flags).not.toHaveProperty('lr');
  });

  it('gives one-line errors that name the flag, the rule and an example', () => {
    expect(() => parse(['--epochs', 'x'])).toThrow("--epochs must be an integer >= 1, got 'x' (e.g. --epochs 3)");
    expect(() => parse(['--epochs', '0'])).toThrow(/>= 1/);
    expect(() => parse(['--sampler', 'cmaes'])).toThrow("--sampler must be one of gp, tpe, got 'cmaes' (e.g. --sampler gp)");
    expect(() => parse(['--seeds', '0,,1'])).toThrow(/--seeds must be an integer >= 0/);
    expect(() => parse(['--task'])).toThrow(/^--task must be given a value, got nothing \(e\.g\. --task mrpc\)/);
    expect(() => parse(['--lr', '-1'])).toThrow(/--lr=-1/);
    expect(() => parse(['--json=false'])).toThrow(/^--json must be given alone, without a value/);
    expect(() => parse(['--nope', '1'])).toThrow(/unknown flag --nope for `bench`; known flags: --task, --epochs/);
    expect(() => parse(['-x'])).toThrow(/unknown flag -x for `bench`/);
    expect(() => parse(['--task', 'a', '--task', 'b'])).toThrow(new ArgsError('--task is given twice; give it once'));
  });

  it('keeps positionals for the command to refuse', () => {
    expect(parseFlags(['extra', '--task', 'mrpc'], specs, 'bench').positionals).toEqual(['extra']);
  });

  it('is one zod schema per command, which refuses unknown keys', () => {
    const schema = flagsSchema(specs);
    expect(schema.safeParse({ epochs: '4' }).data).toMatchObject({ epochs: 4, sampler: 'gp' });
    expect(schema.safeParse({ other: 'x' }).success).toBe(false);
  });

  it('formats help with kinds, choices and defaults', () => {
    const help = formatHelp({ usage: 'pnpm bench --task <t>', description: 'Runs it.', specs });
    expect(help).toContain('--epochs <n>');
    expect(help).toContain('(default 3)');
    expect(help).toContain('one of gp|tpe; default gp');
    expect(help).toContain('-h, --help');
  });
});

describe('flag bounds', () => {
  const bounded = [
    { name: 'seeds', kind: 'int-list', min: 0, unique: true, help: 'seeds', example: '0,1,2' },
    { name: 'lr', kind: 'number', min: 0, exclusiveMin: true, help: 'lr', example: '1e-4' },
    { name: 'lrs', kind: 'number-list', min: 0, exclusiveMin: true, default: [1e-4, 1e-3], help: 'lrs', example: '1e-4,1e-3' },
    { name: 'jobs', kind: 'int', min: 1, max: 8, help: 'jobs', example: '2' },
    { name: 'tasks', kind: 'string-list', unique: true, help: 'tasks', example: 'sst2,mrpc' },
  ] as const satisfies readonly FlagSpec[];
  const parseBounded = (argv: string[]) => parseFlags(argv, bounded, 'bench').flags;

  it('refuses repeated seeds and tasks, naming the repeat', () => {
    expect(() => parseBounded(['--seeds', '0,0'])).toThrow(
      "--seeds must be a list without repeats (0 is given twice), got '0,0' (e.g. --seeds 0,1,2)",
    );
    expect(() => parseBounded(['--tasks', 'sst2,mrpc,sst2'])).toThrow(/--tasks must be a list without repeats \(sst2 is given twice\)/);
    expect(parseBounded(['--seeds', '2,0,1']).seeds).toEqual([2, 0, 1]);
  });

  it('refuses integers past 2^53 (1e20 is not a seed)', () => {
    expect(() => parseBounded(['--seeds', '1e20'])).toThrow("--seeds must be an integer >= 0, got '1e20' (e.g. --seeds 0,1,2)");
    expect(() => parseBounded(['--jobs', '9007199254740993'])).toThrow(ArgsError);
  });

  it('refuses a learning rate of 0 and a job count past the cap', () => {
    expect(() => parseBounded(['--lr', '0'])).toThrow("--lr must be a number > 0, got '0' (e.g. --lr 1e-4)");
    expect(parseBounded(['--lr', '1e-5']).lr).toBe(1e-5);
    expect(() => parseBounded(['--jobs', '9'])).toThrow("--jobs must be an integer >= 1 and <= 8, got '9' (e.g. --jobs 2)");
    expect(parseBounded(['--jobs', '8']).jobs).toBe(8);
  });

  it('reads number lists, with their default as a fresh copy', () => {
    expect(parseBounded(['--lrs', '3e-5,1e-3']).lrs).toEqual([3e-5, 1e-3]);
    expect(() => parseBounded(['--lrs', '1e-4,0'])).toThrow("--lrs must be a number > 0, got '1e-4,0' (e.g. --lrs 1e-4,1e-3)");
    const first = parseBounded([]).lrs;
    first.push(1);
    expect(parseBounded([]).lrs).toEqual([1e-4, 1e-3]);
  });
});

describe('task flags', () => {
  const taskSpecs = [
    { name: 'task', kind: 'task', help: 'task B', example: 'mrpc' },
    { name: 'tasks', kind: 'task-list', unique: true, default: ['sst2', 'mrpc'], help: 'tasks', example: 'sst2,mrpc' },
  ] as const satisfies readonly FlagSpec[];
  const parseTasks = (argv: string[]) => parseFlags(argv, taskSpecs, 'bench').flags;

  it('parses a task once, at the flag, into its ref (any spelling), defaults included', () => {
    expect(parseTasks(['--task', 'SST-2']).task).toEqual({ task: 'sst2', dev: 'dev' });
    expect(parseTasks(['--task', 'mnli-mm']).task).toEqual({ task: 'mnli', dev: 'mismatched' });
    expect(parseTasks([]).tasks).toEqual([
      { task: 'sst2', dev: 'dev' },
      { task: 'mrpc', dev: 'dev' },
    ]);
  });

  it('names the valid tasks and a near miss, and refuses one task spelt twice', () => {
    expect(() => parseTasks(['--task', 'mrcp'])).toThrow(
      /^--task must be one of cola, sst2 \(sst-2\), .*, got 'mrcp' \(did you mean mrpc\?\)$/,
    );
    expect(() => parseTasks(['--task', 'xyz'])).toThrow(/^--task must be one of cola, .*, got 'xyz' \(e\.g\. --task mrpc\)$/);
    expect(() => parseTasks(['--tasks', 'sst2,rte,bogus'])).toThrow(/^--tasks must be a comma-separated list of cola/);
    expect(() => parseTasks(['--tasks', 'sst2,SST-2'])).toThrow(/a list without repeats \(sst2 is given twice\)/);
  });
});
