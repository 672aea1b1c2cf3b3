import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIG, useBackend } from '../../test/helpers.js';
import { createBertModel } from '../bert/bert-model.js';
import { BERT_PRESETS } from '../bert/presets.js';
import { InvalidOptionsError } from '../errors.js';
import { estimateTrainingMemory, WASM_HEAP_LIMIT_BYTES } from './training-memory.js';

const base = BERT_PRESETS['bert-base-uncased'];

beforeAll(async () => {
  await useBackend('wasm');
});

describe('estimateTrainingMemory', () => {
  it('counts the parameters the model holds and trains', () => {
    const model = createBertModel({ config: TINY_CONFIG, heads: [{ name: 'cls', kind: 'classification', numLabels: 3 }], mlmHead: true });
    try {
      const e = estimateTrainingMemory({ config: TINY_CONFIG, batchSize: 2, seqLength: 8, numLabels: 3, mlmHead: true });
      expect(e.parameters).toBe(model.numParameters());
      expect(e.trainedParameters).toBe(e.parameters - (16 * 16 + 3 * 16 + 40));
      expect(e.gradientBytes).toBe(4 * e.trainedParameters);
      expect(e.optimizerBytes).toBe(8 * e.trainedParameters);
    } finally {
      model.dispose();
    }
    expect(estimateTrainingMemory({ config: base, batchSize: 8, seqLength: 128 }).parameters).toBe(109_482_240 + 768 * 2 + 2);
  });

  // The wasm heap after the third step on the reference machine (see the file header).
  it.each([
    ['native', 'bert-base', base, 8, 3_271_032_832, 0.02],
    ['native', 'bert-base', base, 4, 2_480_996_352, 0.02],
    ['native', 'mini', BERT_PRESETS.mini, 8, 180_682_752, 0.1],
    ['native', 'mini', BERT_PRESETS.mini, 32, 449_839_104, 0.1],
    ['native', 'mini', BERT_PRESETS.mini, 64, 855_048_192, 0.1],
    ['wasm', 'bert-base', base, 2, 4_038_066_176, 0.02],
    ['wasm', 'mini', BERT_PRESETS.mini, 8, 260_243_456, 0.1],
    ['wasm', 'mini', BERT_PRESETS.mini, 32, 640_548_864, 0.1],
  ] as const)(
    'matches the heap measured on the %s path for %s at batch %i x 128 tokens',
    (gemm, _, config, batchSize, measured, tolerance) => {
      const { heapBytes } = estimateTrainingMemory({ config, batchSize, seqLength: 128, gemm });
      expect(Math.abs(heapBytes / measured - 1)).toBeLessThan(tolerance);
    },
  );

  it('keeps the moments off the heap on the native path, and puts what aborted over the limit', () => {
    const native = estimateTrainingMemory({ config: base, batchSize: 8, seqLength: 128 });
    expect(native.optimizerOnHeap).toBe(false);
    expect(native.totalBytes - native.heapBytes).toBe(native.optimizerBytes);
    const xnn = estimateTrainingMemory({ config: base, batchSize: 8, seqLength: 128, gemm: 'wasm' });
    expect(xnn.optimizerOnHeap).toBe(true);
    expect(xnn.totalBytes).toBe(xnn.heapBytes);
    // XNNPACK's bert-base aborted at batch 4 x 128.
    expect(estimateTrainingMemory({ config: base, batchSize: 4, seqLength: 128, gemm: 'wasm' }).heapBytes).toBeGreaterThan(
      WASM_HEAP_LIMIT_BYTES,
    );
  });

  it('grows with the batch and the length, and puts bert-base at batch 16 x 128 over the wasm heap', () => {
    const at = (batchSize: number, seqLength: number) => estimateTrainingMemory({ config: base, batchSize, seqLength }).heapBytes;
    expect(at(8, 64)).toBeLessThan(at(8, 128));
    expect(at(8, 128)).toBeLessThan(at(16, 128));
    expect(at(8, 128)).toBeLessThan(WASM_HEAP_LIMIT_BYTES);
    expect(at(16, 128)).toBeGreaterThan(WASM_HEAP_LIMIT_BYTES);
    // Weights, gradients and moments do not depend on the shape.
    const small = estimateTrainingMemory({ config: base, batchSize: 1, seqLength: 8 });
    expect(small.weightBytes + small.gradientBytes + small.optimizerBytes).toBe(16 * small.parameters);
  });

  it('rejects shapes that are not positive integers', () => {
    expect(() => estimateTrainingMemory({ config: base, batchSize: 0, seqLength: 128 })).toThrow(InvalidOptionsError);
    expect(() => estimateTrainingMemory({ config: base, batchSize: 8, seqLength: 12.5 })).toThrow(
      '`seqLength` must be a positive integer, got 12.5',
    );
  });
});
