import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { glueDir, results, runCli, startCli, waitForCells } from './cli-harness.js';

/** A three-task stream at tiny caps on the untrained encoder: a cell takes seconds. */
const tiny = (out: string): string[] => [
  'sequence',
  '--tasks',
  'sst2,mrpc,rte',
  '--methods',
  'flat,llrd',
  '--seeds',
  '0,1',
  '--model',
  'mini-random',
  '--max-train',
  '48',
  '--max-eval',
  '32',
  '--epochs',
  '1',
  '--batch-size',
  '16',
  '--jobs',
  '1',
  '--data-dir',
  glueDir(),
  '--out',
  out,
];

describe('pnpm bench sequence', () => {
  it('fills R per cell, writes the report, and after SIGKILL resumes without repeating a finished cell', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-sequence-'));
    const out = join(dir, 'out');
    const first = startCli(tiny(out));
    await waitForCells(out, 1);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const before = (await results(out)).cells.filter((c) => c.status === 'complete');
    expect(before.length).toBeGreaterThanOrEqual(1);

    const second = await runCli(tiny(out));
    expect(second.code, second.stderr).toBe(0);
    const after = await results(out);
    const complete = after.cells.filter((c) => c.status === 'complete');
    expect(complete).toHaveLength(4);
    for (const c of before) expect(complete.find((d) => d.method === c.method && d.seed === c.seed)?.finishedAt).toBe(c.finishedAt);
    expect(second.stdout).toContain(`${4 - before.length} cells measured, ${before.length} resumed, 0 failed`);
    for (const c of complete) {
      expect(c.stream?.tasks).toEqual(['sst2', 'mrpc', 'rte']);
      expect(c.stream?.r).toHaveLength(3);
      for (const row of c.stream!.r) expect(row).toHaveLength(3);
    }
    expect(second.stdout).toMatch(/method\s+seeds\s+ACC\s+BWT\s+FWT\s+forgetting/);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('# Task stream sst2 → mrpc → rte');
    expect(report).toContain('## llrd: R (row: after stage, column: task)');
    expect(await readFile(join(out, 'stream-r.svg'), 'utf8')).toMatch(/^<svg /);
  });

  it('refuses ewc and a one-task stream with one line and exit 2', async () => {
    const ewc = await runCli(['sequence', '--tasks', 'sst2,mrpc', '--methods', 'ewc']);
    expect([ewc.code, ewc.stderr.trim()]).toEqual([
      2,
      'lrdist-bench sequence: --methods ewc is not offered for streams yet: it needs online EWC (a Fisher accumulated over stages); leave it out',
    ]);
    const one = await runCli(['sequence', '--tasks', 'sst2']);
    expect(one.code).toBe(2);
  });
});
