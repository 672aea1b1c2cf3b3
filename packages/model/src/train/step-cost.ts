// What a training step and an inference pass cost on this machine, measured on synthetic batches of
// the caller's shape and fitted as seconds = fixed + perToken x padded tokens: the fixed part is
// what does not scale with the batch (AdamW's pass over every parameter, clipping, kernel launches),
// the rest is the matrix work. Batches are padded to their longest example, so a run's time follows
// from its batches' padded token counts.
import * as tf from '@tensorflow/tfjs-core';
import type { BertModel } from '../bert/bert-model.js';
import type { HeadSpec } from '../bert/heads.js';
import { InvalidOptionsError } from '../errors.js';
import { activeWasmBackend } from '../kernels/wasm-backend.js';
import { createDropoutSampler } from '../layers/dropout.js';
import { INFERENCE } from '../layers/forward-context.js';
import { createRng } from '../util/rng.js';
import { trainableVariableNames, type TrainingBatch } from './objective.js';
import { createOptimizer } from './optimizer.js';
import { canonicalGroups } from './param-groups.js';
import { trainStep } from './train-step.js';

/** Seconds of one pass over a batch as a function of its padded tokens (batch size x length). */
export interface PassCost {
  readonly fixedSeconds: number;
  readonly secondsPerToken: number;
}

/** One timed pass. */
export interface PassSample {
  readonly batchSize: number;
  readonly seqLength: number;
  readonly seconds: number;
}

/** What {@link measureStepCost} found. */
export interface StepCostMeasurement {
  /** One AdamW step with clipping and dropout, as fineTune runs it. */
  readonly train: PassCost;
  /** One inference pass through the head, as evaluate() runs it. */
  readonly forward: PassCost;
  /** The timed passes, longest first. */
  readonly samples: { readonly train: readonly PassSample[]; readonly forward: readonly PassSample[] };
  /** The wasm heap after the steps (it never shrinks: the peak so far), or null on other backends. */
  readonly heapBytes: number | null;
}

/** Options of {@link measureStepCost}. */
export interface MeasureStepCostOptions {
  readonly model: BertModel;
  /** The head to train: its spec (added when the model lacks it) or the name of an existing head. */
  readonly head: HeadSpec | string;
  readonly batchSize: number;
  /** Tokens per example of the long batches (the longest a run will pad to). */
  readonly seqLength: number;
  /** Tokens per example of the short batches the fit needs. Default max(1, round(seqLength / 4)). */
  readonly shortSeqLength?: number;
  /** Untimed steps at the long shape first: the first two grow the heap and pack weights. Default 2. */
  readonly warmupSteps?: number;
  /** Seeds the token ids, labels and dropout. Default 0. */
  readonly seed?: number;
}

/** The least-squares line through the samples, clamped to non-negative parts (one sample: no fixed part). */
export function fitPassCost(samples: readonly PassSample[]): PassCost {
  if (samples.length === 0) throw new InvalidOptionsError('`samples` must hold at least one timed pass, got none');
  const xs = samples.map((s) => s.batchSize * s.seqLength);
  const ys = samples.map((s) => s.seconds);
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  let slope = sxx > 0 ? xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / sxx : my / mx;
  let fixed = my - slope * mx;
  // Timing noise can tilt a two-point line either way; keep both parts physical.
  if (fixed < 0 || slope < 0) {
    fixed = Math.max(0, Math.min(fixed, my));
    slope = (my - fixed) / mx;
  }
  return { fixedSeconds: fixed, secondsPerToken: slope };
}

/** Predicted seconds of `batches` passes over `tokens` padded tokens in all. */
export function passSeconds(cost: PassCost, work: { readonly batches: number; readonly tokens: number }): number {
  return work.batches * cost.fixedSeconds + work.tokens * cost.secondsPerToken;
}

/**
 * Times training steps and inference passes of `model` at `batchSize` x `seqLength` and at a
 * shorter length, on random tokens, and fits {@link PassCost} to each. Steps run with learning rate
 * 0, so the weights keep their values (the head is added when missing); each kind of pass is timed
 * once per length after `warmupSteps` untimed steps. Costs a few steps of the model: about 50 s for
 * bert-base at batch 8 x 128 tokens on one core, under a second for `mini`.
 */
export async function measureStepCost(options: MeasureStepCostOptions): Promise<StepCostMeasurement> {
  const { model, batchSize, seqLength } = options;
  const shortSeqLength = options.shortSeqLength ?? Math.max(1, Math.round(seqLength / 4));
  const warmupSteps = options.warmupSteps ?? 2;
  for (const [field, value] of [
    ['batchSize', batchSize],
    ['seqLength', seqLength],
    ['shortSeqLength', shortSeqLength],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidOptionsError(`\`${field}\` must be a positive integer, got ${value}`);
  }
  if (seqLength > model.config.maxPositions) {
    throw new InvalidOptionsError(`\`seqLength\` must be at most the model's ${model.config.maxPositions} positions, got ${seqLength}`);
  }
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0)
    throw new InvalidOptionsError(`\`warmupSteps\` must be a non-negative integer, got ${warmupSteps}`);
  if (typeof options.head !== 'string' && !model.heads.some((h) => h.name === (options.head as HeadSpec).name)) model.addHead(options.head);
  const head = model.head(typeof options.head === 'string' ? options.head : options.head.name);

  const rng = createRng(options.seed ?? 0);
  const { vocabSize, padTokenId } = model.config;
  const batchOf = (length: number): TrainingBatch => {
    const n = batchSize * length;
    const inputIds = Int32Array.from({ length: n }, () => {
      const id = rng.nextInt(vocabSize - 1);
      return id >= padTokenId ? id + 1 : id;
    });
    const labelOrTarget =
      head.kind === 'regression'
        ? { targets: Float32Array.from({ length: batchSize }, () => rng.nextInt(5)) }
        : { labels: Int32Array.from({ length: batchSize }, () => rng.nextInt(head.numLabels)) };
    return {
      batchSize,
      seqLength: length,
      inputIds,
      tokenTypeIds: new Int32Array(n),
      attentionMask: new Uint8Array(n).fill(1),
      ...labelOrTarget,
    };
  };
  const long = batchOf(seqLength);
  const short = batchOf(shortSeqLength);
  const objective = { kind: 'head', head: head.name } as const;
  const zero = Object.fromEntries(canonicalGroups(model.config.numLayers).map((g) => [g, 0]));
  const optimizer = createOptimizer({ model, kind: 'adamw', lr: zero, variables: trainableVariableNames(model, objective), clipNorm: 1 });
  const dropout = createDropoutSampler(createRng((options.seed ?? 0) + 1));
  const timed = async (batch: TrainingBatch, pass: 'train' | 'forward'): Promise<PassSample> => {
    const started = performance.now();
    if (pass === 'train') trainStep({ model, optimizer, objective, batch, dropout });
    else tf.tidy(() => model.headLogits(head.name, model.encode(batch, INFERENCE, { pooledOnly: true }).pooled).dataSync());
    const seconds = (performance.now() - started) / 1000;
    // Let the event loop breathe between long synchronous passes (progress messages, aborts).
    await new Promise<void>((resolve) => setImmediate(resolve));
    return { batchSize, seqLength: batch.seqLength, seconds };
  };
  try {
    for (let i = 0; i < warmupSteps; i++) await timed(long, 'train');
    const train = [await timed(long, 'train'), await timed(short, 'train')];
    const forward = [await timed(long, 'forward'), await timed(short, 'forward')];
    const be = activeWasmBackend();
    return {
      train: fitPassCost(train),
      forward: fitPassCost(forward),
      samples: { train, forward },
      heapBytes: be === null ? null : be.wasm.HEAPF32.buffer.byteLength,
    };
  } finally {
    optimizer.dispose();
  }
}
