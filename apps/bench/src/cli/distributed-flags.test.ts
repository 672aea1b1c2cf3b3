import { describe, expect, it } from 'vitest';
import { ArgsError } from '../errors.js';
import { DEFAULT_HEARTBEAT_TIMEOUT_S, DISTRIBUTED_FLAGS, distributedTargetOf } from './distributed-flags.js';
import { parseFlags } from './flags.js';

const parse = (argv: string[]) => distributedTargetOf(parseFlags(argv, DISTRIBUTED_FLAGS, 'run').flags);

describe('the flags of a distributed run', () => {
  it('name no run when neither is given, and a run with the default heartbeat timeout when both are', () => {
    expect(parse([])).toBeNull();
    expect(parse(['--storage', 'postgresql://bench@db/lrdist', '--run-name', 'rte-mini'])).toEqual({
      storage: 'postgresql://bench@db/lrdist',
      name: 'rte-mini',
      heartbeatTimeoutS: DEFAULT_HEARTBEAT_TIMEOUT_S,
    });
    expect(parse(['--storage', 'postgres://db/x', '--run-name', 'a', '--heartbeat-timeout', '5'])?.heartbeatTimeoutS).toBe(5);
  });

  it.each([
    [['--run-name', 'a'], '--run-name needs --storage: the PostgreSQL the run lives in (e.g. --storage postgresql://bench@db-host/lrdist)'],
    [['--storage', 'postgresql://db/x'], '--storage needs --run-name: the name workers join the run by (e.g. --run-name rte-mini)'],
    [
      ['--storage', 'journal:runs/x.jsonl', '--run-name', 'a'],
      "--storage must be a PostgreSQL URL (postgresql://USER@HOST/DB), got 'journal:runs/x.jsonl': cells are shared through PostgreSQL only",
    ],
  ])('%j is one ArgsError line', (argv, message) => {
    expect(() => parse(argv)).toThrow(new ArgsError(message));
  });

  it('refuse a run name that is not a plain name, and a heartbeat timeout under a second', () => {
    expect(() => parse(['--storage', 'postgresql://db/x', '--run-name', '../x'])).toThrow(/^--run-name must be /);
    expect(() => parse(['--heartbeat-timeout', '0.5'])).toThrow(
      "--heartbeat-timeout must be a number >= 1, got '0.5' (e.g. --heartbeat-timeout 60)",
    );
  });
});
