import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDistributionFile } from '@lrdist/combine';
import { createJournalStorage, createPostgresStorage, loadStudy } from '@lrdist/search';
import { startPostgresCluster } from '@lrdist/search/testing';
import { describe, expect, it } from 'vitest';
import { samplerSeedOf } from '../src/commands/search-command.js';
import { SEARCH_CONFIG_ATTR } from '../src/commands/search-config.js';
import { MODEL_DEFAULTS } from '@lrdist/protocol';
import type { ResultsFile } from '../src/results/schemas.js';
import { glueDir, runCli, startCli } from './cli-harness.js';

const TINY = ['--max-train', '48', '--max-eval', '32', '--batch-size', '16'];
// The flat baseline (first trial) runs at the model's tuned flat LR.
const FLAT_LR = MODEL_DEFAULTS.mini.flatLr;

describe('pnpm bench search, combine and evaluate on a journal', () => {
  it('searches two pairs (flat first), combines them, and evaluates the result on a third pair', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-search-'));
    const common = ['--data-dir', glueDir(), '--cache-dir', join(dir, 'cache'), '--jobs', '2', ...TINY];
    const storage = `journal:${join(dir, 'studies.jsonl')}`;
    const s1 = await runCli([
      'search',
      '--task',
      'rte',
      '--original',
      'mrpc',
      '--trials',
      '4',
      '--epochs',
      '2',
      '--study',
      's1',
      '--storage',
      storage,
      '--out',
      join(dir, 'studies'),
      ...common,
    ]);
    expect(s1.code, s1.stderr).toBe(0);
    expect(s1.stdout).toMatch(/study s1: 4 trials/);
    // The summary always shows the flat baseline, among the best or on its own line.
    expect(s1.stdout).toMatch(/(trial +0|flat \(trial 0\)): p_o \d/);
    expect(existsSync(join(dir, 'studies', 's1.distribution.json'))).toBe(true);
    const s2 = await runCli([
      'search',
      '--task',
      'mrpc',
      '--original',
      'rte',
      '--trials',
      '3',
      '--epochs',
      '2',
      '--study',
      's2',
      '--sampler-seed',
      '5',
      '--storage',
      storage,
      '--out',
      join(dir, 'studies'),
      ...common,
    ]);
    expect(s2.code, s2.stderr).toBe(0);

    const journal = await createJournalStorage({ path: join(dir, 'studies.jsonl') });
    try {
      const study = await loadStudy({ storage: journal, studyName: 's1' });
      const trials = await study.getTrials();
      expect(trials.filter((t) => ['complete', 'pruned'].includes(t.state))).toHaveLength(4);
      // The first trial is the flat baseline, scored on validation as p_o + p_s.
      expect(Object.values(trials[0]!.params).every((lr) => lr === FLAT_LR)).toBe(true);
      expect(Object.keys(trials[0]!.params)).toEqual(['embeddings', 'layer_0', 'layer_1', 'layer_2', 'layer_3', 'head']);
      const t0 = trials[0]!;
      expect(t0.values![0]).toBeCloseTo((t0.userAttrs['p_o'] as number) + (t0.userAttrs['p_s'] as number), 12);
      // Every trial reported after epoch 1 (for pruning) before finishing.
      expect(trials.every((t) => t.intermediateValues.length >= 1)).toBe(true);
      // Without --sampler-seed a new study takes a hash of its name as its seed.
      const seeds = await Promise.all(
        ['s1', 's2'].map(async (name) => {
          const attrs = await (await loadStudy({ storage: journal, studyName: name })).userAttrs();
          return (attrs[SEARCH_CONFIG_ATTR] as { samplerSeed: number }).samplerSeed;
        }),
      );
      expect(seeds).toEqual([samplerSeedOf('s1'), 5]);
    } finally {
      await journal.close();
    }

    // Running the same search again resumes: nothing left to do.
    const again = await runCli([
      'search',
      '--task',
      'rte',
      '--original',
      'mrpc',
      '--trials',
      '4',
      '--epochs',
      '2',
      '--study',
      's1',
      '--storage',
      storage,
      '--out',
      join(dir, 'studies'),
      ...common,
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 trials run this time');
    // Resuming without --sampler-seed keeps the seed the study was made with, not the name's hash.
    const s2again = await runCli([
      'search',
      '--task',
      'mrpc',
      '--original',
      'rte',
      '--trials',
      '3',
      '--epochs',
      '2',
      '--study',
      's2',
      '--storage',
      storage,
      '--out',
      join(dir, 'studies'),
      ...common,
    ]);
    expect(s2again.code, s2again.stderr).toBe(0);
    expect(s2again.stdout).toContain('0 trials run this time');
    // A different sampler seed is a different study: refused, the journal untouched.
    const journalBefore = await readFile(join(dir, 'studies.jsonl'), 'utf8');
    const reseeded = await runCli([
      'search',
      '--task',
      'rte',
      '--original',
      'mrpc',
      '--trials',
      '4',
      '--epochs',
      '2',
      '--study',
      's1',
      '--sampler-seed',
      '7',
      '--storage',
      storage,
      '--out',
      join(dir, 'studies'),
      ...common,
    ]);
    expect(reseeded.code).not.toBe(0);
    expect(reseeded.stderr).toMatch(/study s1 exists with another configuration/);
    expect(await readFile(join(dir, 'studies.jsonl'), 'utf8')).toBe(journalBefore);

    const combined = await runCli(['combine', '--studies', 's1,s2', '--storage', storage, '--out', join(dir, 'dist.json')]);
    expect(combined.code, combined.stderr).toBe(0);
    const dist = await readDistributionFile(join(dir, 'dist.json'));
    expect(dist.names).toEqual(['embeddings', 'layer_0', 'layer_1', 'layer_2', 'layer_3', 'head']);
    expect(dist.provenance.studies).toEqual(['s1', 's2']);
    expect(dist.lrs.every((lr) => lr >= 1e-7 && lr <= 1e-3)).toBe(true);
    for (const f of ['dist.svg', 'dist.md']) expect(existsSync(join(dir, f))).toBe(true);

    const evaluated = await runCli([
      'evaluate',
      '--distribution',
      join(dir, 'dist.json'),
      '--task',
      'cola',
      '--original',
      'rte',
      '--methods',
      'flat,flat-matched,combined',
      '--seeds',
      '0',
      '--epochs',
      '1',
      '--out',
      join(dir, 'eval'),
      ...common,
    ]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const results = JSON.parse(await readFile(join(dir, 'eval', 'results.json'), 'utf8')) as ResultsFile;
    expect(results.cells.map((c) => `${c.method}:${c.status}`).sort()).toEqual([
      'combined:complete',
      'flat-matched:complete',
      'flat:complete',
    ]);
    const combinedCell = results.cells.find((c) => c.method === 'combined')!;
    dist.groups.forEach((g) => expect(combinedCell.lrs![g.name]).toBeCloseTo(g.lr, 15));
  });
});

describe('pnpm bench search after a crash', () => {
  it("resumes at once after SIGKILL mid-trial: the dead process's trial is re-queued and rerun, none lost, none waiting 5 minutes", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-kill-'));
    const journal = join(dir, 'studies.jsonl');
    const args = [
      'search',
      '--task',
      'rte',
      '--original',
      'mrpc',
      '--trials',
      '4',
      '--epochs',
      '2',
      '--pruner',
      'none',
      '--study',
      'kill',
      '--storage',
      `journal:${journal}`,
      '--out',
      join(dir, 'studies'),
      '--data-dir',
      glueDir(),
      '--cache-dir',
      join(dir, 'cache'),
      '--jobs',
      '1',
      ...TINY,
    ];
    const first = startCli(args);
    const storage = await createJournalStorage({ path: journal });
    let killed = -1;
    const deadline = Date.now() + 180_000;
    while (killed < 0) {
      const trials = await storage.getTrials('kill').catch(() => []);
      const running = trials.find((t) => t.state === 'running' && t.number >= 1);
      if (running !== undefined) killed = running.number;
      else if (Date.now() > deadline) throw new Error('the search never started a second trial');
      else await new Promise((r) => setTimeout(r, 100));
    }
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const started = Date.now();
    const rerun = startCli(args);
    const second = await rerun.done;
    expect(second.code, second.stderr).toBe(0);
    // Trials at these caps take seconds: a wait for the 5-minute heartbeat would show here.
    expect(Date.now() - started).toBeLessThan(150_000);
    const trials = await storage.getTrials('kill');
    await storage.close();
    expect(trials.map((t) => [t.number, t.state])).toEqual([0, 1, 2, 3].map((n) => [n, 'complete']));
    expect(trials[killed]!.systemAttrs['requeueCount']).toBe(1);
    expect(trials[killed]!.workerId).toBe(`${hostname()}:${rerun.child.pid}`);
  });
});

describe('pnpm bench worker on PostgreSQL', () => {
  it('joins a study from another process; together they finish it without running a trial twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-pg-'));
    const cluster = await startPostgresCluster();
    try {
      const common = ['--data-dir', glueDir(), '--cache-dir', join(dir, 'cache'), '--jobs', '1', ...TINY];
      const search = startCli([
        'search',
        '--task',
        'rte',
        '--original',
        'mrpc',
        '--trials',
        '6',
        '--epochs',
        '2',
        '--study',
        'pg',
        '--storage',
        cluster.connectionString,
        '--out',
        join(dir, 'studies'),
        ...common,
      ]);
      // Join once the study exists and has a finished trial (the search process made it).
      const storage = await createPostgresStorage({ connectionString: cluster.connectionString });
      const deadline = Date.now() + 180_000;
      for (;;) {
        const trials = await storage.getTrials('pg').catch(() => []);
        if (trials.some((t) => t.state === 'complete' || t.state === 'pruned')) break;
        if (Date.now() > deadline) throw new Error('the search never finished a trial');
        await new Promise((r) => setTimeout(r, 300));
      }
      const worker = startCli([
        'worker',
        '--study',
        'pg',
        '--storage',
        cluster.connectionString,
        '--data-dir',
        glueDir(),
        '--cache-dir',
        join(dir, 'cache'),
        '--jobs',
        '1',
        '--out',
        join(dir, 'studies'),
      ]);
      const [s, w] = await Promise.all([search.done, worker.done]);
      expect(s.code, s.stderr).toBe(0);
      expect(w.code, w.stderr).toBe(0);
      const trials = await storage.getTrials('pg');
      await storage.close();
      // Numbers 0..n-1, each once; n may pass the target by the trials already running elsewhere
      // when it was reached (here one per worker, minus the one that reached it).
      expect(trials.map((t) => t.number)).toEqual(Array.from({ length: trials.length }, (_, i) => i));
      expect(trials.length).toBeGreaterThanOrEqual(6);
      expect(trials.length).toBeLessThanOrEqual(7);
      expect(trials.every((t) => t.state === 'complete' || t.state === 'pruned')).toBe(true);
      const workers = new Set(trials.map((t) => t.workerId));
      expect(workers.size).toBe(2);
      expect([...workers].some((id) => id?.endsWith(`:${worker.child.pid}`))).toBe(true);
    } finally {
      await cluster.stop();
    }
  });
});
