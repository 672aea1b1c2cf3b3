import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, TINY_CONFIG, useBackend } from '../../test/helpers.js';
import { createBertModel, type BertModel } from '../bert/bert-model.js';
import { toHfConfigJson } from '../bert/config.js';
import { CheckpointMismatchError, CheckpointShapeError, InvalidConfigError } from '../errors.js';
import { encodeBertWeights, loadBertCheckpoint, loadBertWeights, saveBertCheckpoint } from './hf-checkpoint.js';
import { encodeSafetensors, readSafetensors, type SafetensorsInput } from './safetensors.js';

let dir: string;
let model: BertModel;

beforeAll(async () => {
  await useBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'lrdist-ckpt-'));
  model = createBertModel({
    config: TINY_CONFIG,
    seed: 5,
    heads: [
      { name: 'sst2', kind: 'classification', numLabels: 2 },
      { name: 'stsb', kind: 'regression', numLabels: 1 },
    ],
    mlmHead: true,
  });
});
afterAll(async () => {
  model.dispose();
  await rm(dir, { recursive: true, force: true });
});

function sameWeights(a: BertModel, b: BertModel, tolerance = 0): void {
  expect([...b.variables.keys()]).toEqual([...a.variables.keys()]);
  for (const [name, v] of a.variables) {
    const x = v.dataSync();
    const y = b.variable(name).dataSync();
    let m = 0;
    x.forEach((xi, i) => (m = Math.max(m, Math.abs(xi - y[i]!) / Math.max(1e-3, Math.abs(xi)))));
    expect(m, name).toBeLessThanOrEqual(tolerance);
  }
}

/** The saved tensors, renamed/edited by `edit`, as a new file in a new folder. */
async function variant(edit: (tensors: Map<string, SafetensorsInput>) => void, configExtra: Record<string, unknown> = {}): Promise<string> {
  const file = readSafetensors(await encodeBertWeights(model));
  const tensors = new Map<string, SafetensorsInput>();
  for (const [name, e] of file.header.entries) tensors.set(name, { shape: e.shape, data: file.floats(name) });
  edit(tensors);
  const d = await mkdtemp(join(dir, 'v-'));
  await writeFile(join(d, 'model.safetensors'), encodeSafetensors(tensors));
  await writeFile(join(d, 'config.json'), JSON.stringify(toHfConfigJson(model.config, configExtra)));
  return d;
}

describe('Hugging Face checkpoints', () => {
  it('round-trips weights, heads and the MLM head in float32 exactly', async () => {
    await saveBertCheckpoint(model, join(dir, 'f32'));
    const config = JSON.parse(await readFile(join(dir, 'f32', 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config['lrdist_heads']).toEqual([
      { name: 'sst2', kind: 'classification', num_labels: 2 },
      { name: 'stsb', kind: 'regression', num_labels: 1 },
    ]);
    const loaded = await loadBertCheckpoint({ dir: join(dir, 'f32') });
    expect(loaded.model.heads).toEqual(model.heads);
    expect(loaded.model.hasMlmHead).toBe(true);
    expect(loaded.initialised).toEqual([]);
    sameWeights(model, loaded.model);
    loaded.model.dispose();
  });

  it('stores Linear weights [out, in] as Hugging Face does', async () => {
    const file = readSafetensors(await readFile(join(dir, 'f32', 'model.safetensors')));
    expect(file.header.entries.get('encoder.layer.0.intermediate.dense.weight')!.shape).toEqual([32, 16]);
    expect(file.header.entries.get('heads.sst2.weight')!.shape).toEqual([2, 16]);
    expect(file.header.entries.get('embeddings.word_embeddings.weight')!.shape).toEqual([40, 16]);
    expect(file.header.entries.has('cls.predictions.decoder.weight')).toBe(false);
  });

  it('saves float16 at half the size, loading back within half precision (relative 1e-3)', async () => {
    await saveBertCheckpoint(model, join(dir, 'f16'), { dtype: 'float16' });
    const dataBytes = async (d: string) => {
      const bytes = await readFile(join(dir, d, 'model.safetensors'));
      return bytes.length - readSafetensors(bytes).header.dataStart;
    };
    expect(await dataBytes('f16')).toBe((await dataBytes('f32')) / 2);
    expect((await stat(join(dir, 'f16', 'model.safetensors'))).size).toBeLessThan((await stat(join(dir, 'f32', 'model.safetensors'))).size);
    const loaded = await loadBertCheckpoint({ dir: join(dir, 'f16') });
    sameWeights(model, loaded.model, 1e-3);
    loaded.model.dispose();
  });

  it('accepts the bert. prefix, gamma/beta names and maps classifier.* onto a named head', async () => {
    const d = await variant(
      (t) => {
        for (const [name, value] of [...t]) {
          t.delete(name);
          let renamed = name.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma').replace(/LayerNorm\.bias$/, 'LayerNorm.beta');
          if (renamed.startsWith('heads.sst2.')) renamed = renamed.replace('heads.sst2.', 'classifier.');
          else if (!renamed.startsWith('heads.') && !renamed.startsWith('cls.')) renamed = `bert.${renamed}`;
          if (!renamed.startsWith('heads.')) t.set(renamed, value);
        }
        t.set('cls.seq_relationship.weight', { shape: [2, 16], data: new Float32Array(32) });
      },
      { num_labels: 2 },
    );
    const loaded = await loadBertCheckpoint({ dir: d, classifierHead: 'sst2' });
    expect(loaded.model.heads).toEqual([{ name: 'sst2', kind: 'classification', numLabels: 2 }]);
    expect(loaded.ignored).toEqual(['cls.seq_relationship.weight']);
    for (const [name, v] of loaded.model.variables) expect(v.dataSync(), name).toEqual(model.variable(name).dataSync());
    loaded.model.dispose();
  });

  it('loads the PyTorch fixture (bert. prefix, classifier with 3 labels)', async () => {
    const loaded = await loadBertCheckpoint({ dir: `${FIXTURES}parity` });
    expect(loaded.model.heads).toEqual([{ name: 'classifier', kind: 'classification', numLabels: 3 }]);
    expect(loaded.model.hasMlmHead).toBe(false);
    loaded.model.dispose();
  });

  it('reports a missing tensor and an unexpected one, leaking nothing', async () => {
    const d = await variant((t) => {
      t.delete('encoder.layer.1.output.dense.bias');
      t.set('encoder.layer.9.mystery', { shape: [1], data: new Float32Array(1) });
    });
    const before = tf.memory().numTensors;
    const error = await loadBertCheckpoint({ dir: d }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointMismatchError);
    expect((error as CheckpointMismatchError).missing).toEqual(['encoder.layer.1.output.dense.bias']);
    expect((error as CheckpointMismatchError).unexpected).toEqual(['encoder.layer.9.mystery']);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the tensor and both shapes when a shape is wrong', async () => {
    const d = await variant((t) => t.set('pooler.dense.weight', { shape: [16, 8], data: new Float32Array(128) }));
    const error = await loadBertCheckpoint({ dir: d }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointShapeError);
    expect((error as Error).message).toMatch(/`pooler.dense.weight` must have shape \[16, 16\], got \[16, 8\]/);
  });

  it('initialises what allowMissing names and new heads, and reports them', async () => {
    const d = await variant((t) => {
      for (const name of [...t.keys()]) if (name.startsWith('pooler.') || name.startsWith('cls.')) t.delete(name);
    });
    const loaded = await loadBertCheckpoint({
      dir: d,
      allowMissing: ['pooler.'],
      mlmHead: false,
      heads: [{ name: 'rte', kind: 'classification', numLabels: 2 }],
    });
    expect(loaded.initialised).toEqual(['pooler.dense.weight', 'pooler.dense.bias', 'heads.rte.weight', 'heads.rte.bias']);
    loaded.model.dispose();
  });

  it('ignores a tied decoder and rejects a bad config with InvalidConfigError', async () => {
    const d = await variant((t) => t.set('cls.predictions.decoder.weight', t.get('embeddings.word_embeddings.weight')!));
    const loaded = await loadBertCheckpoint({ dir: d });
    expect(loaded.ignored).toEqual(['cls.predictions.decoder.weight']);
    loaded.model.dispose();
    const bytes = await readFile(join(d, 'model.safetensors'));
    expect(() => loadBertWeights({ configJson: { hidden_size: 16, num_attention_heads: 3 }, bytes })).toThrow(InvalidConfigError);
    expect(() => loadBertWeights({ configJson: { hidden_act: 'relu' }, bytes })).toThrow(/hidden_act/);
    await mkdir(join(dir, 'empty'), { recursive: true });
    await expect(loadBertCheckpoint({ dir: join(dir, 'empty') })).rejects.toMatchObject({ code: 'CHECKPOINT_IO' });
  });
});
