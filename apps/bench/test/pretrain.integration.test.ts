import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

describe('pnpm pretrain (smoke)', () => {
  it('pretrains a few data-parallel steps, writes a loadable model folder, and never trains twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pretrain-'));
    const args = (steps: number): string[] => [
      'pretrain',
      '--steps',
      String(steps),
      '--batch-size',
      '4',
      '--workers',
      '2',
      '--eval-every',
      '2',
      '--checkpoint-every',
      '2',
      '--out',
      join(dir, 'model'),
      '--work-dir',
      join(dir, 'work'),
      '--json',
    ];
    const first = await runCli(args(2));
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as {
      steps: number;
      corpus: { sentences: number; trainTokens: number };
      final: { loss: number };
    };
    expect(summary.steps).toBe(2);
    expect(summary.corpus.sentences).toBeGreaterThan(150_000);
    expect(summary.final.loss).toBeLessThan(Math.log(30522) + 0.5);
    for (const f of [
      'config.json',
      'model.safetensors',
      'vocab.txt',
      'tokenizer.json',
      'PRETRAINING.md',
      'loss-curve.svg',
      'pretraining.json',
    ]) {
      expect(existsSync(join(dir, 'model', f))).toBe(true);
    }
    expect(await readFile(join(dir, 'model', 'PRETRAINING.md'), 'utf8')).toContain('pnpm pretrain --steps 2');
    // The same command again finds the finished checkpoint: nothing is trained twice.
    const again = await runCli(args(2));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('resuming from step 2');
  });
});
