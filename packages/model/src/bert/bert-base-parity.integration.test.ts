// Parity with Hugging Face BERT at full bert-base shape (12 layers, hidden 768, vocabulary 30,522)
// on wasm. The 440 MB checkpoint is not committed: writeRandomBertCheckpoint regenerates it from
// the seed and config recorded in test/fixtures/bert-base/expected.safetensors, and its sha256
// must equal the recorded one (bit-identical regeneration). The expected outputs, loss and
// gradients come from test/fixtures/make_bert_base_parity.py (HF's forward in plain PyTorch 1.13,
// float32). Each check runs under every entry of GEMM_PATHS.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, readFixture, relativeError, useBackend } from '../../test/helpers.js';
import { loadBertCheckpoint } from '../io/hf-checkpoint.js';
import { writeRandomBertCheckpoint } from '../io/random-checkpoint.js';
import { PLAIN_KERNEL_FLAGS, setKernelFlags, type KernelFlags } from '../kernels/flags.js';
import { INFERENCE } from '../layers/forward-context.js';
import { objectiveLoss, type Objective, type TrainingBatch } from '../train/objective.js';
import type { BertModel } from './bert-model.js';
import { parseBertConfig } from './config.js';

/** Kernel settings a parity check runs under: a matrix-multiply implementation adds its entry here. */
interface GemmPath {
  readonly name: string;
  /** Flags set for the check (the rest keep their defaults) and restored after it. */
  readonly flags: Partial<KernelFlags>;
}

// The native OpenBLAS GEMM (where ./scripts/setup built it; native-gemm.test.ts insists on it
// under CI), XNNPACK's GEMM with the same fast paths, and plain tfjs.
const GEMM_PATHS: readonly GemmPath[] = [
  { name: 'fast paths, native GEMM', flags: { nativeGemm: true } },
  { name: 'fast paths, XNNPACK GEMM', flags: { nativeGemm: false } },
  { name: 'plain tfjs', flags: PLAIN_KERNEL_FLAGS },
];

const expected = readFixture('bert-base/expected.safetensors');
const meta = expected.header.metadata;
const config = parseBertConfig(JSON.parse(meta['config_json'] ?? 'null'), 'bert-base/expected.safetensors');
const seed = Number(meta['seed']);
const numLabels = Number(meta['num_labels']);
const batch: TrainingBatch = {
  batchSize: 2,
  seqLength: 12,
  inputIds: expected.ints('input_ids'),
  tokenTypeIds: expected.ints('token_type_ids'),
  attentionMask: Uint8Array.from(expected.ints('attention_mask')),
  labels: expected.ints('labels'),
};
const objective: Objective = { kind: 'head', head: 'classifier' };
/** Parameters whose gradients the fixture holds (768 floats each; neither is transposed on load). */
const GRAD_PARAMS = ['encoder.layer.0.attention.self.query.bias', 'embeddings.LayerNorm.weight'] as const;

let dir: string;
let sha256: string;
let model: BertModel | undefined;
let tensorsBefore: number | undefined;

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

beforeAll(async () => {
  await useBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'lrdist-bert-base-'));
  let t = performance.now();
  await writeRandomBertCheckpoint({ dir, config, seed, numLabels });
  const written = performance.now() - t;
  sha256 = await fileSha256(join(dir, 'model.safetensors'));
  tensorsBefore = tf.memory().numTensors;
  t = performance.now();
  model = (await loadBertCheckpoint({ dir })).model;
  console.log(
    `bert-base checkpoint: written in ${(written / 1000).toFixed(1)} s, loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
});

afterAll(async () => {
  model?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  if (tensorsBefore !== undefined) expect(tf.memory().numTensors).toBe(tensorsBefore);
});

/** Runs `check` with the path's kernel flags set, restoring the previous flags after it. */
function underPath(path: GemmPath, check: () => void): void {
  const previous = setKernelFlags(path.flags);
  const tensors = tf.memory().numTensors;
  try {
    check();
  } finally {
    setKernelFlags(previous);
  }
  expect(tf.memory().numTensors).toBe(tensors);
}

/** Last hidden state, pooled output and logits against PyTorch; returns the max abs differences. */
function checkForward(m: BertModel): Record<string, number> {
  return tf.tidy(() => {
    const out = m.encode(batch, INFERENCE);
    const logits = m.headLogits('classifier', out.pooled);
    const diffs = {
      last_hidden_state: maxAbsDiff(out.sequence.dataSync(), expected.floats('last_hidden_state')),
      pooler_output: maxAbsDiff(out.pooled.dataSync(), expected.floats('pooler_output')),
      logits: maxAbsDiff(logits.dataSync(), expected.floats('logits')),
    };
    // Measured at most 6e-6 (hidden states, plain tfjs); PyTorch's own float32 against float64 is 2e-6.
    for (const [name, diff] of Object.entries(diffs)) expect(diff, name).toBeLessThan(1e-4);
    return diffs;
  });
}

/** The loss and two gradients against PyTorch; returns the loss difference and relative errors. */
function checkGradients(m: BertModel): Record<string, number> {
  const vars = GRAD_PARAMS.map((n) => m.variable(n));
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => objectiveLoss(m, objective, batch, { grad: true, dropout: null }), vars);
    const diffs: Record<string, number> = { loss: Math.abs(value.dataSync()[0]! - expected.floats('loss')[0]!) };
    expect(diffs['loss'], 'loss').toBeLessThan(1e-5);
    GRAD_PARAMS.forEach((name, i) => {
      const ours = grads[vars[i]!.name]!.dataSync();
      const ref = expected.floats(`grad.bert.${name}`);
      // Relative (norm) error, as train-parity.test.ts: these gradients are small (|g| at most
      // 8e-4 for the query bias, 8e-3 for the LayerNorm weight), so 1e-4 absolute would pass a
      // wrong gradient. Measured at most 4.5e-6 on either kernel path; PyTorch's own float32 against
      // float64 is about 1e-6 (the fixture's `float64_vs_float32` metadata).
      diffs[name] = relativeError(ours, ref);
      expect(diffs[name], name).toBeLessThan(1e-4);
    });
    return diffs;
  });
}

describe('bert-base checkpoint regeneration', () => {
  it('writes the recorded checkpoint bit for bit (sha256)', () => {
    expect(sha256).toBe(meta['model_sha256']);
  });
});

describe.each(GEMM_PATHS)('bert-base parity with PyTorch on wasm ($name)', (path) => {
  it('matches the last hidden state, pooled output and logits to 1e-4 (max abs)', () => {
    underPath(path, () => console.log(`forward max abs diffs (${path.name}):`, checkForward(model!)));
  });

  it('matches the loss to 1e-5 and two gradients to relative error 1e-4', () => {
    underPath(path, () => console.log(`loss diff and gradient relative errors (${path.name}):`, checkGradients(model!)));
  });
});
