import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJournalStorage } from '../storages/journal/journal-storage.js';
import { createStudy } from '../study/create-study.js';

const run = promisify(execFile);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The CLI as a separate process: `node --import tsx src/cli.ts` (the bin runs dist/cli.js, built from it). */
async function spawnCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(packageDir, 'src/cli.ts'), ...args], {
      cwd: packageDir,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let journal: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lrdist-cli-e2e-'));
  journal = join(dir, 'runs.jsonl');
  const storage = await createJournalStorage({ path: journal });
  const study = await createStudy({ storage, studyName: 'branin', seed: 3 });
  await study.optimize(
    (t) => {
      const x = t.suggestFloat('x', -5, 10);
      const y = t.suggestFloat('y', 0, 15);
      const b = y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6;
      return b * b + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
    },
    { trials: 12 },
  );
  await study.tell(await study.ask(), undefined, { state: 'failed', failReason: 'out of memory, "big" batch' });
  await storage.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lrdist-search end to end (spawned process, journal file)', () => {
  it('lists studies, shows the best trial and exports CSV that matches the journal', async () => {
    const studies = await spawnCli(['studies', '--storage', `journal:${journal}`]);
    expect(studies.code).toBe(0);
    expect(studies.stdout).toMatch(/^STUDY\s+DIRECTIONS\s+TRIALS/);
    expect(studies.stdout).toMatch(/branin\s+minimize\s+13\s+12\s+0\s+1\s+0\s+0\s+\S+ \(trial \d+\)/);

    const best = await spawnCli(['best', '--study', 'branin', '--format', 'json'], { LRDIST_SEARCH_STORAGE: journal });
    expect(best.code).toBe(0);
    const b = JSON.parse(best.stdout) as { number: number; values: number[] };

    const csv = await spawnCli(['trials', '--storage', journal, '--study', 'branin']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('number,state,value,params_x,params_y,started_at,completed_at,duration_s,fail_reason');
    expect(lines).toHaveLength(14);
    expect(lines[13]).toMatch(/^12,failed,,,,.*,"out of memory, ""big"" batch"$/);
    const values = lines.slice(1, 13).map((l) => Number(l.split(',')[2]));
    expect(Math.min(...values)).toBe(b.values[0]);
    expect(values.indexOf(Math.min(...values))).toBe(b.number);
  });

  it('fails with exit code 2 and a message naming the flag', async () => {
    const r = await spawnCli(['pareto', '--storage', journal]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/`--study` is required for `pareto`/);
    expect(r.stdout).toBe('');
  });

  it('the package.json bin points at the built CLI, whose source starts with a node shebang', async () => {
    const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin['lrdist-search']).toBe('./dist/cli.js');
    expect((await readFile(join(packageDir, 'src/cli.ts'), 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
