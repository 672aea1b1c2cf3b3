import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstBitDifference, TINY_CONFIG, toyExamples, useBackend } from '../../test/helpers.js';
import { createBertModel, type BertModel } from '../bert/bert-model.js';
import { InvalidOptionsError } from '../errors.js';
import { createRng } from '../util/rng.js';
import { collate } from './batching.js';
import { evaluate } from './evaluate.js';
import { fineTune } from './fine-tune.js';
import { fit } from './fit.js';
import { objectiveLoss, trainableVariableNames } from './objective.js';
import { createOptimizer } from './optimizer.js';
import { drawReplay, type ReplayExample } from './replay.js';

const disposables: { dispose(): void }[] = [];
const dirs: string[] = [];
const LR = { embeddings: 1e-2, layer_0: 1e-2, layer_1: 1e-2, head: 3e-2 };
// Task A: does the sequence hold token 7? Task B: is it longer than 8 tokens? Two rules the
// encoder must keep apart, so learning B alone drifts the features A's head reads.
const taskA = toyExamples(48, 5);
const taskB = toyExamples(48, 9).map((e) => ({ ...e, label: e.inputIds.length > 8 ? 1 : 0 }));
const memoryOf = (n: number): ReplayExample[] => taskA.slice(0, n).map((e) => ({ ...e, head: 'a' }));
const weights = (model: BertModel, prefix: string) =>
  [...model.variables].filter(([n]) => n.startsWith(prefix)).map(([, v]) => Float32Array.from(v.dataSync() as Float32Array));

beforeAll(async () => {
  await useBackend('wasm');
});
afterEach(() => disposables.splice(0).forEach((d) => d.dispose()));
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function modelWithA(): BertModel {
  const model = createBertModel({
    config: TINY_CONFIG,
    seed: 3,
    heads: [
      { name: 'a', kind: 'classification', numLabels: 2 },
      { name: 'b', kind: 'classification', numLabels: 2 },
    ],
  });
  disposables.push(model);
  return model;
}

async function accuracy(model: BertModel, head: string, examples: typeof taskA): Promise<number> {
  const { predictions } = await evaluate({ model, head, examples });
  return predictions.filter((p, i) => p === examples[i]!.label).length / examples.length;
}

describe('experience replay', () => {
  it('is the mean loss over the current and the replayed examples, each through its own head', () => {
    const model = modelWithA();
    const batch = { ...collate(taskB, [0, 1, 2, 3, 4], 0), labels: Int32Array.from([0, 1, 2, 3, 4], (i) => taskB[i]!.label) };
    const replay = drawReplay(model, memoryOf(20), 3, createRng(1));
    expect(replay.map((r) => [r.head, r.batch.batchSize])).toEqual([['a', 3]]);
    const ctx = { grad: false, dropout: null };
    const mixed = objectiveLoss(model, { kind: 'head', head: 'b' }, { ...batch, replay }, ctx).dataSync()[0]!;
    const current = objectiveLoss(model, { kind: 'head', head: 'b' }, batch, ctx).dataSync()[0]!;
    const replayed = objectiveLoss(model, { kind: 'head', head: 'a' }, replay[0]!.batch, ctx).dataSync()[0]!;
    expect(mixed).toBeCloseTo((5 * current + 3 * replayed) / 8, 6);
  });

  it('draws distinct examples, uniformly, and the same ones from the same generator', () => {
    const model = modelWithA();
    const memory = Array.from({ length: 10 }, (_, i) => ({ head: 'a', label: i % 2, inputIds: Int32Array.from([1, 10 + i]) }));
    const drawn = (seed: number) => drawReplay(model, memory, 4, createRng(seed))[0]!.batch.inputIds.filter((_, i) => i % 2 === 1);
    expect(new Set(drawn(2)).size).toBe(4);
    expect([...drawn(2)]).toEqual([...drawn(2)]);
    const counts = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 500; seed++) for (const id of drawn(seed)) counts[id - 10]!++;
    // 500 draws of 4 of 10: 200 per example expected; binomial sd ~11.
    for (const c of counts) expect(Math.abs(c - 200)).toBeLessThan(50);
  });

  it('keeps an earlier task that fine-tuning on the next one forgets, and leaves its head frozen', async () => {
    const train = async (replay: boolean) => {
      const model = modelWithA();
      await fineTune({ model, head: 'a', examples: taskA, lr: LR, epochs: 12, batchSize: 8, seed: 1 });
      const learnt = await accuracy(model, 'a', taskA);
      const headA = weights(model, 'heads.a.');
      await fineTune({
        model,
        head: 'b',
        examples: taskB,
        lr: LR,
        epochs: 12,
        batchSize: 8,
        seed: 2,
        ...(replay ? { replay: { examples: memoryOf(16) } } : {}),
      });
      weights(model, 'heads.a.').forEach((w, i) => expect(firstBitDifference(w, headA[i]!)).toBe(-1));
      return { learnt, kept: await accuracy(model, 'a', taskA), b: await accuracy(model, 'b', taskB) };
    };
    const without = await train(false);
    const withReplay = await train(true);
    expect(without.learnt).toBeGreaterThanOrEqual(0.9);
    expect(withReplay.learnt).toBe(without.learnt);
    expect(withReplay.kept).toBeGreaterThan(without.kept + 0.1);
    // Measured: A kept at 0.67 without replay, 0.96 with; B learnt no worse with replay (0.58, 0.73).
    expect(withReplay.b).toBeGreaterThanOrEqual(without.b);
  });

  it('resumes bit-identically: a step draws from the seed and its number, not from a stream', async () => {
    const run = async (dir: string | null, maxSteps?: number, model = modelWithA()) => {
      const objective = { kind: 'head', head: 'b' } as const;
      const optimizer = createOptimizer({
        model,
        lr: LR,
        variables: trainableVariableNames(model, objective),
        schedule: { kind: 'linear', warmupSteps: 2, totalSteps: 18 },
      });
      disposables.push(optimizer);
      await fit({
        model,
        optimizer,
        objective,
        examples: taskB.slice(0, 24),
        epochs: 6,
        batchSize: 8,
        seed: 4,
        replay: { examples: memoryOf(12), perStep: 5 },
        ...(maxSteps === undefined ? {} : { maxSteps }),
        ...(dir === null ? {} : { checkpoint: { dir, everySteps: 4 } }),
      });
      return model;
    };
    const expected = weights(await run(null), '');
    const dir = await mkdtemp(join(tmpdir(), 'lrdist-replay-'));
    dirs.push(dir);
    await run(dir, 7);
    const resumed = weights(await run(dir), '');
    resumed.forEach((w, i) => expect(firstBitDifference(w, expected[i]!)).toBe(-1));
  });

  it('rejects a memory it cannot use, naming what is wrong', async () => {
    const model = modelWithA();
    const base = { model, head: 'b', examples: taskB.slice(0, 8), lr: LR, epochs: 1, batchSize: 4, seed: 1 } as const;
    const cases: [unknown, RegExp][] = [
      [{ examples: [] }, /`replay.examples` must not be empty/],
      [{ examples: memoryOf(4), perStep: 0 }, /`replay.perStep` must be a positive integer, got 0/],
      [{ examples: memoryOf(4).map((e) => ({ ...e, head: 'b' })) }, /head 'b', the head being trained/],
      [{ examples: memoryOf(4).map((e) => ({ ...e, head: 'gone' })) }, /gone/],
      [{ examples: memoryOf(4).map(({ label: _, ...e }) => e) }, /example 0 must have a finite `label`/],
    ];
    for (const [replay, message] of cases) {
      await expect(fineTune({ ...base, replay: replay as never })).rejects.toThrow(message);
    }
    await expect(fineTune({ ...base, replay: { examples: [] } })).rejects.toBeInstanceOf(InvalidOptionsError);
  });
});
