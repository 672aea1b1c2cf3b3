import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openReport } from './browser.js';
import { glueDir, results, runCli, startCli, waitForCells, TINY_CAPS } from './cli-harness.js';

/** A pair at tiny caps: a cell takes seconds, so kills land between and inside cells. */
const tiny = (out: string, cache: string, extra: string[] = []): string[] => [
  '--task',
  'rte',
  '--original',
  'mrpc',
  ...(extra.includes('--methods') ? [] : ['--methods', 'flat,ewc']),
  ...(extra.includes('--seeds') ? [] : ['--seeds', '0,1']),
  ...TINY_CAPS,
  '--jobs',
  '2',
  '--data-dir',
  glueDir(),
  '--out',
  out,
  '--cache-dir',
  cache,
  ...extra,
];

describe('pnpm bench run', () => {
  it('runs every (method, seed) cell and prints the table, results.json and the reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-run-'));
    const run = await runCli(tiny(join(dir, 'out'), join(dir, 'cache'), ['--json']));
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { summaries: { method: string; seeds: number }[] };
    expect(printed.summaries.map((s) => [s.method, s.seeds])).toEqual([
      ['flat', 2],
      ['ewc', 2],
    ]);
    const file = await results(join(dir, 'out'));
    expect(file.cells).toHaveLength(4);
    for (const c of file.cells) {
      expect(c.status).toBe('complete');
      for (const p of [c.pA!, c.pO!, c.pS!]) expect(p.headline).toBeGreaterThanOrEqual(0);
      expect(c.mlm?.afterB?.loss).toBeGreaterThan(0);
    }
    // One phase A per seed, shared by both methods.
    expect(run.stderr.match(/phase A mrpc seed \d/g)?.sort()).toEqual(['phase A mrpc seed 0', 'phase A mrpc seed 1']);
    // Before the cells: what a worker needs against the heap and the machine, and the estimated wall time.
    expect(run.stderr).toMatch(
      /\nmemory: mini needs ~\d+\.\d GiB of wasm heap per worker at batch 16 x 128 tokens \(.*\); \d+% of the wasm heap limit \(4\.0 GiB per worker\): ok; with --jobs 2 that is /,
    );
    expect(run.stderr).toMatch(
      /\nestimated wall time: about \d+ s on this machine with --jobs 2 \(\d+\.\d s per training step, 16 x \d+ tokens on average; .*; 24 training steps and \d+ evaluation batches in all\)\n/,
    );
    expect(run.stderr.indexOf('estimated wall time')).toBeLessThan(run.stderr.indexOf('phase A mrpc seed'));
    for (const f of ['report.md', 'report.html', 'scatter.svg', 'distributions.svg']) expect(existsSync(join(dir, 'out', f))).toBe(true);

    // The report in a real browser: no console error, every method in the table and the chart.
    const report = await openReport(join(dir, 'out', 'report.html'));
    try {
      for (const method of ['flat', 'ewc']) {
        expect(await report.page.locator(`table.results tr[data-method="${method}"]`).isVisible()).toBe(true);
        expect(await report.page.locator(`#scatter g.series[data-method="${method}"] rect`).count()).toBe(1);
      }
      await report.page.screenshot({ path: join(dir, 'out', 'report.png'), fullPage: true });
      expect(report.errors).toEqual([]);
      expect(existsSync(join(dir, 'out', 'report.png'))).toBe(true);
    } finally {
      await report.close();
    }
  });

  it("runs replay on a pair: A's examples mixed into B, the same phase A as flat, and the report says it needs A's data", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-replay-'));
    const out = join(dir, 'out');
    const run = await runCli(
      tiny(out, join(dir, 'cache'), ['--seeds', '0', '--methods', 'flat,replay', '--replay-size', '12', '--replay-per-step', '4']),
    );
    expect(run.code, run.stderr).toBe(0);
    const file = await results(out);
    const [flat, replay] = ['flat', 'replay'].map((m) => file.cells.find((c) => c.method === m)!);
    expect([flat!.status, replay!.status]).toEqual(['complete', 'complete']);
    expect(replay!.pA).toEqual(flat!.pA);
    expect(replay!.pO).not.toEqual(flat!.pO);
    expect((file.config['methods'] as Record<string, { replay?: unknown }>)['replay']?.replay).toEqual({
      size: 12,
      strategy: 'balanced',
      perStep: 4,
    });
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain("it needs the earlier tasks' data");
  });

  it("runs under the paper's optimiser with the pooler frozen: A's moments cached beside its weights, both keyed apart from AdamW", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-paper-opt-'));
    const cache = join(dir, 'cache');
    const args = (out: string, extra: string[]) => tiny(join(dir, out), cache, ['--seeds', '0', '--json', ...extra]);
    const paper = await runCli(args('paper', ['--optimizer', 'paper', '--pooler', 'frozen']));
    expect(paper.code, paper.stderr).toBe(0);
    const file = await results(join(dir, 'paper'));
    expect(file.config['optimizer']).toBe('paper');
    expect((file.config['methods'] as Record<string, { lrs: Record<string, number> }>)['flat']!.lrs['pooler']).toBe(0);
    expect(file.cells.every((c) => c.status === 'complete')).toBe(true);
    const phaseA = await readdir(join(cache, 'phase-a'));
    expect(phaseA).toHaveLength(1);
    expect(existsSync(join(cache, 'phase-a', phaseA[0]!, 'optimizer.safetensors'))).toBe(true);
    expect(await readFile(join(dir, 'paper', 'report.md'), 'utf8')).toMatch(
      /Adam \(no weight decay, no clipping; A's moments carried into B\), warm-up 10% then cosine decay/,
    );
    // The default optimiser trains its own phase A (another key), without moments.
    const adamw = await runCli(args('adamw', []));
    expect(adamw.code, adamw.stderr).toBe(0);
    const both = await readdir(join(cache, 'phase-a'));
    expect(both).toHaveLength(2);
    expect(both.filter((d) => existsSync(join(cache, 'phase-a', d, 'optimizer.safetensors')))).toHaveLength(1);
  });

  it('continues after SIGKILL without repeating a finished cell or phase A', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-kill-'));
    const out = join(dir, 'out');
    const first = startCli(tiny(out, join(dir, 'cache')));
    await waitForCells(out, 1);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const before = (await results(out)).cells.filter((c) => c.status === 'complete');
    const second = await runCli(tiny(out, join(dir, 'cache')));
    expect(second.code, second.stderr).toBe(0);
    const after = await results(out);
    expect(after.cells.filter((c) => c.status === 'complete')).toHaveLength(4);
    for (const c of before) {
      expect(after.cells.find((d) => d.method === c.method && d.seed === c.seed)?.finishedAt).toBe(c.finishedAt);
    }
    expect(second.stderr).toContain(`resuming: ${before.length} of 4 cells already measured`);
    // The phase A of a seed with a finished cell was cached before that cell ran: reused, not trained.
    for (const seed of new Set(before.map((c) => c.seed))) expect(second.stderr).not.toContain(`phase A mrpc seed ${seed}: p_a`);
  });

  it('stops on SIGINT after saving the cells in flight, and the same command finishes the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-int-'));
    const out = join(dir, 'out');
    const first = startCli(tiny(out, join(dir, 'cache')));
    await waitForCells(out, 1);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toContain('interrupted: run the same command again to continue');
    const saved = (await results(out)).cells;
    expect(saved.every((c) => c.status === 'complete')).toBe(true);
    const second = await runCli(tiny(out, join(dir, 'cache')));
    expect(second.code, second.stderr).toBe(0);
    const after = await results(out);
    expect(after.cells.filter((c) => c.status === 'complete')).toHaveLength(4);
    for (const c of saved) expect(after.cells.find((d) => d.method === c.method && d.seed === c.seed)?.finishedAt).toBe(c.finishedAt);
  });

  it('refuses, before any work, a batch whose training cannot fit the wasm heap, and names one that fits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-memory-'));
    const run = await runCli([
      '--task',
      'mrpc',
      '--model',
      'mini-random',
      '--batch-size',
      '4096',
      '--data-dir',
      glueDir(),
      '--out',
      join(dir, 'out'),
      '--cache-dir',
      join(dir, 'cache'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(
      /^lrdist-bench run: memory: mini needs ~\d+\.\d GiB of wasm heap per worker at batch 4096 x 128 tokens \(.*\); \d+% of the wasm heap limit \(4\.0 GiB per worker\), so training would abort; try --batch-size \d+ or --max-seq-len \d+$/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('answers a bad flag with one line that names it and the fix, and exits 2', async () => {
    const run = await runCli(['--task', 'mrpc', '--epochs', 'three']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe("lrdist-bench run: --epochs must be an integer >= 1, got 'three' (e.g. --epochs 3)");
    const unknown = await runCli(['--task', 'mrcp']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^lrdist-bench run: --task must be one of cola, .*, got 'mrcp' \(did you mean mrpc\?\)$/m);
    expect(unknown.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
