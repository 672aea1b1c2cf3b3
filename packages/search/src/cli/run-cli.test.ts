import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_FIXTURE } from '../../test/fixtures/make-journal-fixture.js';
import { runCli } from './run-cli.js';

let dir: string;
let journal: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lrdist-cli-'));
  journal = join(dir, 'study.jsonl');
  await copyFile(JOURNAL_FIXTURE, journal);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {} });
  return { code, out, err };
}

describe('lrdist-search (in process, on the fixture journal)', () => {
  it('prints help with --help and without a command', async () => {
    for (const argv of [['--help'], []]) {
      const r = await cli(...argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^lrdist-search: inspect hyperparameter studies/);
      expect(r.out).toMatch(/trials --study NAME/);
    }
  });

  it('best and pareto as JSON', async () => {
    const best = await cli('best', '--storage', `journal:${journal}`, '--study', 'single', '--format', 'json');
    expect(best.code).toBe(0);
    expect(JSON.parse(best.out)).toMatchObject({ number: 2, state: 'complete', values: [0.8049873802485148] });
    const front = await cli('pareto', '--storage', journal, '--study', 'multi', '--format', 'json');
    expect((JSON.parse(front.out) as { number: number }[]).map((t) => t.number)).toEqual([0]);
  });

  it('trials as JSON keep NaN and infinite reports as strings; --states filters', async () => {
    const r = await cli('trials', '--storage', journal, '--study', 'single', '--format', 'json', '--states', 'pruned');
    const trials = JSON.parse(r.out) as { number: number; intermediateValues: { values: unknown[] }[] }[];
    expect(trials.map((t) => t.number)).toEqual([1, 4, 5, 6]);
    expect(trials[3]?.intermediateValues.map((x) => x.values[0])).toEqual(['Infinity', '-Infinity']);
  });

  it('usage errors exit 2 and name the flag and the fix', async () => {
    const cases: [string[], RegExp][] = [
      [['best', '--storage', journal], /`--study` is required for `best`: pass --study NAME/],
      [['best', '--storage', journal, '--study', 'nope'], /`--study` must name a study in journal:.*, got 'nope'; it has: single, multi/],
      [
        ['best', '--storage', journal, '--study', 'multi'],
        /has 2 objectives, so no single best trial: use `lrdist-search pareto --study multi`/,
      ],
      [
        ['trials', '--storage', journal, '--study', 'single', '--format', 'table'],
        /`--format` must be csv or json for `trials`, got 'table'/,
      ],
      [['trials', '--storage', journal, '--study', 'single', '--states', 'done'], /`--states\[0\]` must be one of/],
      [['studies'], /`--storage` is required/],
      [['studies', '--storage', 'ftp://x'], /`--storage` must be journal:PATH/],
      [['studies', '--storage', join(dir, 'missing.jsonl')], /`--storage` names a journal file that does not exist/],
      [['studies', '--nope'], /unknown or incomplete flag `--nope`/],
      [['list', '--storage', journal], /`command` must be one of .*; commands: studies, best, pareto, trials/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    }
  });
});
