import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openReport } from './browser.js';
import { glueDir, results, runCli, startCli, waitForCells, TINY_CAPS } from './cli-harness.js';

/** A three-task stream at tiny caps on the untrained encoder: a cell takes seconds. */
const tiny = (out: string): string[] => [
  'sequence',
  '--tasks',
  'sst2,mrpc,rte',
  '--methods',
  'flat,ewc,l2sp,replay',
  '--l2sp-alpha',
  '0.5',
  '--replay-size',
  '20',
  '--replay-strategy',
  'reservoir',
  '--seeds',
  '0,1',
  '--model',
  'mini-random',
  ...TINY_CAPS,
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
    expect(complete).toHaveLength(8);
    for (const c of before) expect(complete.find((d) => d.method === c.method && d.seed === c.seed)?.finishedAt).toBe(c.finishedAt);
    expect(second.stdout).toContain(`${8 - before.length} cells measured, ${before.length} resumed, 0 failed`);
    for (const c of complete) {
      expect(c.stream?.tasks).toEqual(['sst2', 'mrpc', 'rte']);
      expect(c.stream?.r).toHaveLength(3);
      for (const row of c.stream!.r) expect(row).toHaveLength(3);
    }
    expect(second.stdout).toMatch(/method\s+seeds\s+ACC\s+BWT\s+FWT\s+forgetting/);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('# Task stream sst2 → mrpc → rte');
    expect(report).toContain('## l2sp: R (row: after stage, column: task)');
    expect(report).toContain("it needs the earlier tasks' data");
    const methods = after.config['methods'] as Record<string, { l2spAlpha?: number; ewcLambda?: number; replay?: unknown }>;
    expect(methods['l2sp']?.l2spAlpha).toBe(0.5);
    expect(methods['replay']?.replay).toEqual({ size: 20, strategy: 'reservoir' });
    // Replay changes what the stream keeps: its R differs from flat's, whose rates it shares.
    const rOf = (method: string) => complete.find((c) => c.method === method && c.seed === 0)!.stream!.r;
    expect(rOf('replay')).not.toEqual(rOf('flat'));
    expect(rOf('replay')[0]).toEqual(rOf('flat')[0]);
    expect(methods['ewc']?.ewcLambda).toBe(100);
    expect(after.config['ewcGamma']).toBe(1);
    expect(await readFile(join(out, 'stream-r.svg'), 'utf8')).toMatch(/^<svg /);
    // The HTML report in a real browser: no errors, a row and a 3 x 3 heatmap per method.
    const html = await openReport(join(out, 'report.html'));
    try {
      for (const method of ['flat', 'ewc', 'l2sp', 'replay']) {
        expect(await html.page.locator(`table.results tr[data-method="${method}"]`).isVisible()).toBe(true);
        expect(await html.page.locator(`#stream-r g.panel[data-method="${method}"] rect`).count()).toBe(9);
      }
      expect(html.errors).toEqual([]);
    } finally {
      await html.close();
    }
  });

  it("runs the stream's default methods: the pair's, l2sp, replay, and lrdist's combined distribution where it exists", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-sequence-defaults-'));
    const out = join(dir, 'out');
    const run = await runCli([
      'sequence',
      '--tasks',
      'rte,mrpc',
      '--seeds',
      '0',
      '--model',
      'mini-random',
      ...TINY_CAPS,
      '--jobs',
      '2',
      '--data-dir',
      glueDir(),
      '--out',
      out,
      '--cache-dir',
      join(dir, 'cache'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const methods = Object.keys((await results(out)).config['methods'] as Record<string, unknown>);
    expect(methods).toEqual(['flat', 'flat-matched', 'llrd', 'ewc', 'l2sp', 'replay', 'paper-combined', 'combined']);
    // Every method's first stage is the same: trained once, as the pair's phase A of RTE, and shared.
    expect(run.stderr.match(/phase A rte seed 0: p_a/g)).toHaveLength(1);
    const firstRows = (await results(out)).cells.map((c) => c.stream!.r[0]);
    for (const row of firstRows) expect(row).toEqual(firstRows[0]);
  });

  it('refuses a one-task stream and an EWC decay outside [0, 1] with one line and exit 2', async () => {
    const one = await runCli(['sequence', '--tasks', 'sst2']);
    expect([one.code, one.stderr.trim()]).toEqual([
      2,
      "lrdist-bench sequence: --tasks must name two or more tasks, got 'sst2' (e.g. --tasks sst2,mrpc,cola,rte)",
    ]);
    const gamma = await runCli(['sequence', '--tasks', 'sst2,mrpc', '--ewc-gamma', '2']);
    expect([gamma.code, gamma.stderr.trim()]).toEqual([
      2,
      "lrdist-bench sequence: --ewc-gamma must be a number >= 0 and <= 1, got '2' (e.g. --ewc-gamma 0.9)",
    ]);
  });
});
