// Parity with Hugging Face BERT: fixtures written by test/fixtures/make_parity.py (PyTorch 1.13,
// HF's forward pass re-implemented in plain torch, seeded tiny config).
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, maxAbsDiff, readFixture, useBackend } from '../../test/helpers.js';
import { loadBertCheckpoint } from '../io/hf-checkpoint.js';
import { getKernelFlags, PLAIN_KERNEL_FLAGS, setKernelFlags } from '../kernels/flags.js';
import { INFERENCE } from '../layers/forward-context.js';
import type { BertModel } from './bert-model.js';
import type { EncoderBatch } from './encoder.js';

const expected = readFixture('parity/expected.safetensors');
const batch: EncoderBatch = {
  batchSize: 3,
  seqLength: 8,
  inputIds: expected.ints('input_ids'),
  tokenTypeIds: expected.ints('token_type_ids'),
  attentionMask: Uint8Array.from(expected.ints('attention_mask')),
};

describe.each(['wasm', 'cpu'] as const)('forward parity with PyTorch on %s', (backend) => {
  let model: BertModel;
  beforeAll(async () => {
    await useBackend(backend);
    model = (await loadBertCheckpoint({ dir: `${FIXTURES}parity` })).model;
  });
  afterAll(() => model.dispose());

  it.each([
    ['fast paths, native GEMM where built', getKernelFlags()],
    ['fast paths, XNNPACK GEMM', { ...getKernelFlags(), nativeGemm: false }],
    ['plain tfjs', PLAIN_KERNEL_FLAGS],
  ])('matches hidden states, pooled output and logits to 1e-4 (%s)', (_label, flags) => {
    const previous = setKernelFlags(flags);
    try {
      tf.tidy(() => {
        const out = model.encode(batch, INFERENCE, { hiddenStates: true });
        const logits = model.headLogits('classifier', out.pooled);
        expect(maxAbsDiff(out.sequence.dataSync(), expected.floats('last_hidden_state'))).toBeLessThan(1e-4);
        expect(maxAbsDiff(out.pooled.dataSync(), expected.floats('pooler_output'))).toBeLessThan(1e-4);
        expect(maxAbsDiff(logits.dataSync(), expected.floats('logits'))).toBeLessThan(1e-4);
        out.hiddenStates?.forEach((h, i) => {
          expect(maxAbsDiff(h.dataSync(), expected.floats(`hidden_states.${i}`))).toBeLessThan(1e-4);
        });
        expect(out.hiddenStates).toHaveLength(3);
      });
    } finally {
      setKernelFlags(previous);
    }
  });

  it('computes the same pooled output when only the first token of the last layer is kept (1e-4)', () => {
    tf.tidy(() => {
      const out = model.encode(batch, INFERENCE, { pooledOnly: true });
      expect(out.sequence.shape).toEqual([3, 32]);
      expect(maxAbsDiff(out.pooled.dataSync(), expected.floats('pooler_output'))).toBeLessThan(1e-4);
      expect(maxAbsDiff(model.headLogits('classifier', out.pooled).dataSync(), expected.floats('logits'))).toBeLessThan(1e-4);
    });
  });
});
