import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getParamImportances } from '../importance/param-importances.js';
import { createRandomSampler } from '../samplers/random.js';
import { createJournalStorage } from '../storages/journal/journal-storage.js';
import { createStudy } from '../study/create-study.js';
import { runCli } from './run-cli.js';

let dir: string;
let journal: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lrdist-cli-importance-'));
  journal = join(dir, 'studies.jsonl');
  const storage = await createJournalStorage({ path: journal });
  const quad = await createStudy({ storage, studyName: 'quad', sampler: createRandomSampler({ seed: 1 }) });
  await quad.optimize(
    (t) => {
      const x = t.suggestFloat('x', -2, 2);
      const lr = t.suggestFloat('lr', 1e-4, 1e-1, { log: true });
      const opt = t.suggestCategorical('opt', ['adam', 'sgd']);
      return x * x + 5 * lr + (opt === 'sgd' ? 0.3 : 0);
    },
    { trials: 60 },
  );
  const multi = await createStudy({
    storage,
    studyName: 'multi',
    directions: ['minimize', 'minimize'],
    sampler: createRandomSampler({ seed: 2 }),
  });
  await multi.optimize(
    (t) => {
      const a = t.suggestFloat('a', 0, 1);
      const b = t.suggestFloat('b', 0, 1);
      return [a, b];
    },
    { trials: 30 },
  );
  const empty = await createStudy({ storage, studyName: 'empty' });
  await empty.tell(await empty.ask(), undefined, { state: 'failed', failReason: 'crashed' });
  await storage.close();
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

describe('lrdist-search importance', () => {
  it('prints a table of params, importances and bars, most important first', async () => {
    const r = await cli('importance', '--storage', `journal:${journal}`, '--study', 'quad');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PARAM\s+IMPORTANCE$/);
    expect(lines[1]).toMatch(/^x\s+0\.9\d{3}\s+█{36,40}$/);
    expect(
      lines
        .slice(1, 4)
        .map((l) => l.split(/\s+/)[0])
        .sort(),
    ).toEqual(['lr', 'opt', 'x']);
    expect(lines[4]).toBe('(fANOVA over 60 complete trials)');
  });

  it('--json prints the object getParamImportances returns; --params narrows it', async () => {
    const r = await cli('importance', '--storage', journal, '--study', 'quad', '--json');
    expect(r.code).toBe(0);
    const storage = await createJournalStorage({ path: journal });
    const expected = getParamImportances(await storage.getTrials('quad', { states: ['complete'] }));
    await storage.close();
    expect(JSON.parse(r.out)).toEqual(expected);
    const some = await cli('importance', '--storage', journal, '--study', 'quad', '--format', 'json', '--params', 'lr,opt');
    expect(Object.keys(JSON.parse(some.out) as object).sort()).toEqual(['lr', 'opt']);
  });

  it('explains the chosen objective of a multi-objective study', async () => {
    const r = await cli('importance', '--storage', journal, '--study', 'multi', '--objective', '1', '--json');
    expect(r.code).toBe(0);
    const imp = JSON.parse(r.out) as Record<string, number>;
    expect(Object.keys(imp)[0]).toBe('b');
    const table = await cli('importance', '--storage', journal, '--study', 'multi', '--objective', '0');
    expect(table.out).toMatch(/objective 0 \(minimize\)\)\n$/);
  });

  it('fails with one clear line', async () => {
    const cases: [string[], number, RegExp][] = [
      [['importance', '--storage', journal], 2, /^lrdist-search: `--study` is required for `importance`/],
      [
        ['importance', '--storage', journal, '--study', 'nope'],
        2,
        /`--study` must name a study in journal:.*, got 'nope'; it has: quad, multi, empty\n$/,
      ],
      [['importance', '--storage', journal, '--study', 'empty'], 1, /^lrdist-search: study 'empty' has no complete trial yet\n$/],
      [['importance', '--storage', journal, '--study', 'multi'], 2, /study 'multi' has 2 objectives: pass --objective INDEX \(0 to 1\)\n$/],
      [
        ['importance', '--storage', journal, '--study', 'multi', '--objective', '2'],
        2,
        /`--objective` must be < 2 for study 'multi', got 2/,
      ],
      [
        ['importance', '--storage', journal, '--study', 'quad', '--params', 'x,nope'],
        2,
        /`--params` must name parameters of the complete trials, got 'nope', which none has\n$/,
      ],
      [['importance', '--storage', journal, '--study', 'quad', '--json', '--format', 'table'], 2, /`--json` contradicts `--format table`/],
      [
        ['best', '--storage', journal, '--study', 'quad', '--params', 'x'],
        2,
        /`--params` only applies to `importance`, got it with `best`/,
      ],
    ];
    for (const [argv, code, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(code);
      expect(r.err).toMatch(message);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    }
  });
});
