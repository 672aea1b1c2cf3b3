import { bertGroups, flat } from '@lrdist/combine';
import { createBertModel, initBackend } from '@lrdist/model';
import { loadTokenizer } from '@lrdist/tokenizer';
import { beforeAll, describe, expect, it } from 'vitest';
import { findSharedData } from '../../../vitest.data.js';
import { prepareTask, type PreparedTask } from './prepare-task.js';
import { runPair, type RunPairOptions } from './run-pair.js';

const data = findSharedData();
let tasks: { sst2: PreparedTask; mrpc: PreparedTask };

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  const tokenizer = await loadTokenizer({ dir: data.vocabDir });
  const task = (name: string): Promise<PreparedTask> =>
    prepareTask({ task: name, tokenizer, maxSeqLength: 32, dataSeed: 0, maxTrain: 48, maxEval: 48, dataDir: data.glueDir });
  tasks = { sst2: await task('sst2'), mrpc: await task('mrpc') };
}, 120_000);

/** A pair on the untrained `mini` encoder at tiny caps. */
async function pair(overrides: Partial<RunPairOptions> = {}): Promise<Awaited<ReturnType<typeof runPair>>> {
  const model = createBertModel({ config: 'mini', seed: 3, heads: [] });
  try {
    const groups = bertGroups(model.config.numLayers);
    return await runPair({
      model,
      taskA: tasks.sst2,
      taskB: tasks.mrpc,
      lrA: flat(1e-3, groups),
      lrB: flat(1e-3, groups),
      settings: { epochs: 1, batchSize: 16 },
      ...overrides,
    });
  } finally {
    model.dispose();
  }
}

describe('runPair on the real SST-2 -> MRPC data', () => {
  it('measures p_a, p_o and p_s on GLUE dev, forgetting = p_a - p_o, and reproduces under one seed', async () => {
    const phases = new Set<string>();
    const first = await pair({ onProgress: (phase) => phases.add(phase) });
    expect([...phases]).toEqual(['A', 'B']);
    for (const s of [first.pA, first.pO, first.pS]) {
      expect(s.headline).toBeGreaterThanOrEqual(0);
      expect(s.headline).toBeLessThanOrEqual(1);
    }
    expect(first.forgetting).toBe(first.pA.headline - first.pO.headline);
    expect(first.mlm).toBeUndefined();
    // Same seed, same data, same backend: the same figures, bit for bit.
    expect(await pair()).toEqual(first);
  }, 300_000);

  it('adds L2-SP toward phase A in phase B: the same phase A, another phase B, reproducibly', async () => {
    // At these caps the untrained encoder predicts one class either way, so the training losses (which
    // the penalty steers from B's second step on) show the regulariser at work, not the scores.
    const lossesOf = async (overrides: Partial<RunPairOptions>): Promise<{ a: number[]; b: number[] }> => {
      const losses = { a: [] as number[], b: [] as number[] };
      await pair({ ...overrides, onProgress: (phase, p) => losses[phase === 'A' ? 'a' : 'b'].push(p.loss) });
      return losses;
    };
    const plain = await lossesOf({});
    const anchored = await lossesOf({ l2sp: { alpha: 1e4 } });
    expect(anchored.a).toEqual(plain.a);
    expect(anchored.b[0]).toBe(plain.b[0]);
    expect(anchored.b.slice(2)).not.toEqual(plain.b.slice(2));
    expect(await lossesOf({ l2sp: { alpha: 1e4 } })).toEqual(anchored);
  }, 300_000);

  it("runs the paper's optimiser (A's moments carried into B) and measures on validation when asked", async () => {
    const outcome = await pair({ settings: { epochs: 1, batchSize: 16, optimizer: 'paper', schedule: 'cosine' }, split: 'validation' });
    expect(Number.isFinite(outcome.pO.headline)).toBe(true);
    expect(outcome.forgetting).toBe(outcome.pA.headline - outcome.pO.headline);
  }, 300_000);
});
