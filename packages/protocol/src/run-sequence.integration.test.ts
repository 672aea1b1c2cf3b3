import { bertGroups, flat } from '@lrdist/combine';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBertModel, initBackend, loadBertCheckpoint, saveBertCheckpoint } from '@lrdist/model';
import { loadTokenizer } from '@lrdist/tokenizer';
import { beforeAll, describe, expect, it } from 'vitest';
import { findSharedData } from '../../../vitest.data.js';
import { TaskStreamError } from './errors.js';
import { prepareTask, type PreparedTask } from './prepare-task.js';
import { trainPhaseA } from './phases.js';
import { DEFAULT_TRAINING_SETTINGS } from './run-pair.js';
import { runSequence, streamBaseline, type RunSequenceOptions } from './run-sequence.js';
import { streamMetrics } from './stream-metrics.js';

const data = findSharedData();
let tasks: PreparedTask[];

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  const tokenizer = await loadTokenizer({ dir: data.vocabDir });
  const task = (name: string): Promise<PreparedTask> =>
    prepareTask({ task: name, tokenizer, maxSeqLength: 32, dataSeed: 0, maxTrain: 48, maxEval: 48, dataDir: data.glueDir });
  tasks = [await task('sst2'), await task('mrpc'), await task('rte')];
}, 120_000);

/** A three-task stream on the untrained `mini` encoder at tiny caps. */
async function stream(overrides: Partial<RunSequenceOptions> = {}): Promise<Awaited<ReturnType<typeof runSequence>>> {
  const model = createBertModel({ config: 'mini', seed: 3, heads: [] });
  try {
    const groups = bertGroups(model.config.numLayers);
    return await runSequence({
      model,
      tasks,
      lrFirst: flat(1e-3, groups),
      lr: flat(3e-4, groups),
      settings: { epochs: 1, batchSize: 16 },
      ...overrides,
    });
  } finally {
    model.dispose();
  }
}

describe('runSequence on SST-2 -> MRPC -> RTE (real data)', () => {
  it('fills R (every task after every stage) and its metrics, and reproduces under one seed', async () => {
    const stages: number[] = [];
    const outcome = await stream({ onProgress: (stage) => stages.at(-1) !== stage && stages.push(stage) });
    expect(stages).toEqual([0, 1, 2]);
    expect(outcome.r).toHaveLength(3);
    for (const row of [...outcome.r, outcome.before]) {
      expect(row).toHaveLength(3);
      for (const x of row) expect(x >= 0 && x <= 1).toBe(true);
    }
    expect(outcome.scores.map((row) => row.map((s) => s.headline))).toEqual(outcome.r);
    expect(outcome.metrics).toEqual(streamMetrics(outcome.r, { before: outcome.before }));
    expect(await stream()).toEqual(outcome);
  }, 300_000);

  it("carries Adam's moments from stage to stage under the paper's optimiser", async () => {
    const outcome = await stream({ settings: { epochs: 1, batchSize: 16, optimizer: 'paper', schedule: 'cosine' }, split: 'validation' });
    expect(outcome.metrics.tasks).toBe(3);
    expect(Number.isFinite(outcome.metrics.backwardTransfer)).toBe(true);
  }, 300_000);

  it('regularises every stage after the first with online EWC or L2-SP, reproducibly', async () => {
    // The untrained encoder predicts one class at these caps whatever the method, so the training
    // losses (which a penalty steers from a stage's second step on) show the regulariser at work.
    const lossesOf = async (overrides: Partial<RunSequenceOptions>): Promise<number[][]> => {
      const losses: number[][] = [[], [], []];
      await stream({ ...overrides, onProgress: (stage, p) => losses[stage]!.push(p.loss) });
      return losses;
    };
    const plain = await lossesOf({});
    const ewc = await lossesOf({ ewc: { lambda: 1e6, gamma: 0.9 } });
    for (const regularised of [ewc, await lossesOf({ l2sp: { alpha: 1e4 } })]) {
      expect(regularised[0]).toEqual(plain[0]);
      expect(regularised[1]![0]).toBe(plain[1]![0]);
      expect(regularised[1]!.slice(2)).not.toEqual(plain[1]!.slice(2));
    }
    expect(await lossesOf({ ewc: { lambda: 1e6, gamma: 0.9 } })).toEqual(ewc);
  }, 300_000);

  it("starts from a first stage trained elsewhere (a pair's cached phase A) and measures the very same stream", async () => {
    const groups = bertGroups(4);
    const settings = { ...DEFAULT_TRAINING_SETTINGS, epochs: 1, batchSize: 16 };
    const whole = await stream({ replay: { size: 8, strategy: 'balanced' } });
    // Stage 0 as the benchmark trains it: phase A of tasks[0] alone, saved to disk in float32.
    const dir = await mkdtemp(join(tmpdir(), 'lrdist-first-stage-'));
    const source = createBertModel({ config: 'mini', seed: 3, heads: [] });
    const untrained = createBertModel({ config: 'mini', seed: 3, heads: [] });
    try {
      const before = await streamBaseline(untrained, tasks);
      await trainPhaseA({ model: source, taskA: tasks[0]!, lr: flat(1e-3, groups), settings, mlm: null });
      await saveBertCheckpoint(source, dir, { dtype: 'float32' });
      const { model } = await loadBertCheckpoint({ dir, seed: 3 });
      try {
        const resumed = await runSequence({
          model,
          tasks,
          lrFirst: flat(1e-3, groups),
          lr: flat(3e-4, groups),
          settings,
          replay: { size: 8, strategy: 'balanced' },
          firstStage: { before },
        });
        expect(resumed).toEqual(whole);
      } finally {
        model.dispose();
      }
    } finally {
      source.dispose();
      untrained.dispose();
      await rm(dir, { recursive: true, force: true });
    }
    await expect(stream({ firstStage: { before: [0.5] } })).rejects.toThrow('firstStage.before must hold one score per task (3), got 1');
  }, 300_000);

  it('refuses a stream of one task or a task twice', async () => {
    await expect(stream({ tasks: [tasks[0]!] })).rejects.toThrow(TaskStreamError);
    await expect(stream({ tasks: [tasks[0]!, tasks[1]!, tasks[0]!] })).rejects.toThrow(
      'task sst2 appears twice in the sequence; each task is one stage',
    );
  });
});
