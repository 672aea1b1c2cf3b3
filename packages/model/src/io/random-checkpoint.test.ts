import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIG, useBackend } from '../../test/helpers.js';
import { InvalidOptionsError } from '../errors.js';
import { loadBertCheckpoint } from './hf-checkpoint.js';
import { writeRandomBertCheckpoint } from './random-checkpoint.js';
import { readSafetensors } from './safetensors.js';

let root: string;

beforeAll(async () => {
  await useBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'lrdist-random-ckpt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(name: string, seed: number, numLabels?: number): Promise<{ dir: string; bytes: Buffer }> {
  const dir = join(root, name);
  await writeRandomBertCheckpoint({ dir, config: TINY_CONFIG, seed, ...(numLabels === undefined ? {} : { numLabels }) });
  return { dir, bytes: await readFile(join(dir, 'model.safetensors')) };
}

describe('writeRandomBertCheckpoint', () => {
  it('writes the same bytes for the same seed, other bytes for another', async () => {
    const a = await write('a', 7);
    const b = await write('b', 7);
    const c = await write('c', 8);
    expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
    expect(await readFile(join(a.dir, 'config.json'), 'utf8')).toBe(await readFile(join(b.dir, 'config.json'), 'utf8'));
    expect(Buffer.compare(a.bytes, c.bytes)).not.toBe(0);
  });

  it('keeps its bytes across machines and versions (pinned sha256)', async () => {
    // Changing the generator changes this hash and invalidates test/fixtures/bert-base/expected.safetensors
    // (regenerate it with test/fixtures/make_bert_base_parity.py and bump GENERATOR).
    const { bytes } = await write('pinned', 7);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('c7933cf7c648f8138911b15bf9d5d6a3d1ce653cc89d79a2e2d236493e64cecb');
  });

  it('names tensors as Hugging Face saves BertForSequenceClassification, dense weights [out, in]', async () => {
    const { bytes } = await write('names', 3, 3);
    const st = readSafetensors(bytes);
    const names = [...st.header.entries.keys()];
    expect(names.every((n) => n.startsWith('bert.') || n.startsWith('classifier.'))).toBe(true);
    expect(st.header.entries.get('bert.encoder.layer.0.intermediate.dense.weight')?.shape).toEqual([32, 16]);
    expect(st.header.entries.get('classifier.weight')?.shape).toEqual([3, 16]);
    expect(st.header.metadata).toMatchObject({ format: 'pt', seed: '3' });
    expect([...st.floats('bert.embeddings.LayerNorm.weight')].every((x) => x === 1)).toBe(true);
    expect([...st.floats('bert.encoder.layer.1.output.LayerNorm.bias')].every((x) => x === 0)).toBe(true);
    // The padding row (pad_token_id 0) is zero, as Hugging Face initialises it.
    expect([...st.floats('bert.embeddings.word_embeddings.weight').subarray(0, 16)].every((x) => x === 0)).toBe(true);
  });

  it('draws N(0, initializerRange²) weights and biases (moments within sampling error)', async () => {
    const { bytes } = await write('moments', 11);
    const st = readSafetensors(bytes);
    const values = [...st.header.entries.keys()]
      .filter((n) => !n.includes('LayerNorm') && n !== 'bert.embeddings.word_embeddings.weight')
      .flatMap((n) => [...st.floats(n)]);
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(n).toBeGreaterThan(5000);
    // Standard errors: 0.02 / sqrt(n) for the mean, 0.02 / sqrt(2n) for the std; allow 5 of each.
    expect(Math.abs(mean)).toBeLessThan((5 * 0.02) / Math.sqrt(n));
    expect(Math.abs(std - 0.02)).toBeLessThan((5 * 0.02) / Math.sqrt(2 * n));
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(6 * 0.02);
  });

  it('loads with loadBertCheckpoint into a classifier head, leaking no tensors', async () => {
    const { dir, bytes } = await write('load', 5, 3);
    const before = tf.memory().numTensors;
    const { model, initialised, ignored } = await loadBertCheckpoint({ dir });
    expect(initialised).toEqual([]);
    expect(ignored).toEqual([]);
    expect(model.head('classifier')).toEqual({ name: 'classifier', kind: 'classification', numLabels: 3 });
    const st = readSafetensors(bytes);
    expect(model.variable('encoder.layer.1.attention.self.query.bias').dataSync()).toEqual(
      st.floats('bert.encoder.layer.1.attention.self.query.bias'),
    );
    // Held [in, out]: element (in 2, out 1) is the file's (out 1, in 2).
    const w = model.variable('heads.classifier.weight').dataSync();
    expect(w[2 * 3 + 1]).toBe(st.floats('classifier.weight')[1 * 16 + 2]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a numLabels that is not a positive integer', async () => {
    await expect(writeRandomBertCheckpoint({ dir: join(root, 'bad'), config: TINY_CONFIG, seed: 1, numLabels: 0 })).rejects.toThrow(
      InvalidOptionsError,
    );
    await expect(writeRandomBertCheckpoint({ dir: join(root, 'bad'), config: TINY_CONFIG, seed: 1.5 })).rejects.toThrow(
      InvalidOptionsError,
    );
  });
});
