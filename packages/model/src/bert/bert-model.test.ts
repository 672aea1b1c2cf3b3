import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIG, useBackend } from '../../test/helpers.js';
import { InvalidConfigError, InvalidOptionsError, UnknownHeadError } from '../errors.js';
import { INFERENCE } from '../layers/forward-context.js';
import { createBertModel } from './bert-model.js';
import { parseBertConfig, toHfConfigJson } from './config.js';
import { BERT_PRESETS } from './presets.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('BERT config', () => {
  it('reads Hugging Face config.json with its defaults and round-trips', () => {
    const c = parseBertConfig({
      model_type: 'bert',
      hidden_size: 128,
      num_hidden_layers: 4,
      num_attention_heads: 2,
      intermediate_size: 512,
    });
    expect(c).toMatchObject({ vocabSize: 30522, maxPositions: 512, layerNormEps: 1e-12, hiddenDropout: 0.1, padTokenId: 0 });
    expect(c).toEqual({ ...BERT_PRESETS.mini });
    expect(parseBertConfig(toHfConfigJson(c))).toEqual(c);
  });

  it('names the bad field', () => {
    expect(() => parseBertConfig({ hidden_size: -4 })).toThrow(/`hidden_size`/);
    expect(() => parseBertConfig({ hidden_size: 100, num_attention_heads: 3 })).toThrow(InvalidConfigError);
    expect(() => parseBertConfig({ model_type: 'roberta' })).toThrow(/model_type/);
  });
});

describe('BertModel', () => {
  it('has the parameter count of Hugging Face BertModel (and of the PyTorch anchor)', () => {
    const mini = createBertModel({ config: 'mini' });
    // Embeddings (30522 + 512 + 2) * 128 + LayerNorm 256 = 3,972,864; a layer 198,272; pooler 16,512.
    expect(mini.numParameters()).toBe(3_972_864 + 4 * 198_272 + 16_512);
    mini.dispose();
    // ../shared/anchors/torch_bert_step.py prints params=4386178 for 2 layers and a 2-label head.
    const anchor = createBertModel({
      config: { ...BERT_PRESETS.mini, numLayers: 2 },
      heads: [{ name: 'c', kind: 'classification', numLabels: 2 }],
    });
    expect(anchor.numParameters()).toBe(4_386_178);
    anchor.dispose();
  });

  it('initialises reproducibly per variable, independent of heads', () => {
    const a = createBertModel({ config: TINY_CONFIG, seed: 3 });
    const b = createBertModel({
      config: TINY_CONFIG,
      seed: 3,
      heads: [{ name: 'h', kind: 'classification', numLabels: 3 }],
      mlmHead: true,
    });
    const c = createBertModel({ config: TINY_CONFIG, seed: 4 });
    for (const [name, v] of a.variables) expect(v.dataSync(), name).toEqual(b.variable(name).dataSync());
    expect(c.variable('pooler.dense.weight').dataSync()).not.toEqual(a.variable('pooler.dense.weight').dataSync());
    const word = a.variable('embeddings.word_embeddings.weight').dataSync();
    expect(Array.from(word.slice(0, 16))).toEqual(new Array(16).fill(0));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('adds and removes heads, with typed errors', () => {
    const m = createBertModel({ config: TINY_CONFIG });
    m.addHead({ name: 'stsb', kind: 'regression', numLabels: 7 });
    expect(m.head('stsb').numLabels).toBe(1);
    expect(() => m.addHead({ name: 'stsb', kind: 'regression', numLabels: 1 })).toThrow(UnknownHeadError);
    expect(() => m.addHead({ name: 'bad name', kind: 'classification', numLabels: 2 })).toThrow(InvalidOptionsError);
    expect(() => m.head('nope')).toThrow(/must be one of \[stsb\]/);
    const before = tf.memory().numTensors;
    m.removeHead('stsb');
    expect(tf.memory().numTensors).toBe(before - 2);
    expect(() => m.mlmLogits(tf.zeros([1, 16]))).toThrow(UnknownHeadError);
    m.dispose();
  });

  it('rejects ids out of range and sequences past max positions', () => {
    const m = createBertModel({ config: TINY_CONFIG });
    const batch = {
      batchSize: 1,
      seqLength: 2,
      inputIds: Int32Array.from([1, 40]),
      tokenTypeIds: new Int32Array(2),
      attentionMask: Uint8Array.of(1, 1),
    };
    expect(() => m.encode(batch, INFERENCE)).toThrow(/token id must lie in \[0, 40\), got 40 at position 1/);
    const long = {
      batchSize: 1,
      seqLength: 33,
      inputIds: new Int32Array(33),
      tokenTypeIds: new Int32Array(33),
      attentionMask: new Uint8Array(33),
    };
    expect(() => m.encode(long, INFERENCE)).toThrow(/at most max_position_embeddings \(32\)/);
    m.dispose();
  });
});
