// Every hand-written gradient against tfjs autodiff of the textbook formulation on the cpu
// backend (relative error < 1e-4), and the wasm fast paths against the same cpu reference.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { relativeError, useBackend } from '../../test/helpers.js';
import { tiedDecoder } from '../bert/mlm.js';
import { getKernelFlags, PLAIN_KERNEL_FLAGS, setKernelFlags, type KernelFlags } from '../kernels/flags.js';
import { createRng } from '../util/rng.js';
import { attentionCore, MASK_VALUE } from './attention.js';
import { createDropoutSampler } from './dropout.js';
import { embeddingLookup } from './embedding.js';
import type { ForwardContext } from './forward-context.js';
import { gelu } from './gelu.js';
import { layerNorm } from './layer-norm.js';
import { linear, linearConcat } from './linear.js';
import { softmaxCrossEntropy } from './losses.js';

interface Case {
  readonly name: string;
  readonly shapes: readonly (readonly number[])[];
  /** The op under test; `ctx` decides dropout. */
  readonly run: (xs: tf.Tensor[], ctx: ForwardContext) => tf.Tensor;
  readonly dropout?: boolean;
}

const B = 2;
const T = 5;
const HEADS = 2;
const D = 3;
const ids = Int32Array.from([3, 1, 3, 0, 6, 2, 3]);
const maskBias = Float32Array.from({ length: B * T }, (_, i) => (i === 4 || i === 8 || i === 9 ? MASK_VALUE : 0));

const cases: Case[] = [
  {
    name: 'linear',
    shapes: [[6, 4], [4, 5], [5]],
    run: ([x, w, b], ctx) => linear(x as tf.Tensor2D, { weight: w as tf.Tensor2D, bias: b as tf.Tensor1D }, ctx),
  },
  {
    name: 'linear (wide input)',
    shapes: [[6, 7], [7, 3], [3]],
    run: ([x, w, b], ctx) => linear(x as tf.Tensor2D, { weight: w as tf.Tensor2D, bias: b as tf.Tensor1D }, ctx),
  },
  {
    name: 'fused q|k|v linear',
    shapes: [[6, 4], [4, 4], [4], [4, 4], [4], [4, 4], [4]],
    run: ([x, w1, b1, w2, b2, w3, b3], ctx) =>
      linearConcat(
        x as tf.Tensor2D,
        [
          { weight: w1 as tf.Tensor2D, bias: b1 as tf.Tensor1D },
          { weight: w2 as tf.Tensor2D, bias: b2 as tf.Tensor1D },
          { weight: w3 as tf.Tensor2D, bias: b3 as tf.Tensor1D },
        ],
        ctx,
      ),
  },
  { name: 'gelu', shapes: [[7, 9]], run: ([x], ctx) => gelu(tf.mul(x as tf.Tensor2D, 3), ctx) },
  {
    name: 'layerNorm',
    shapes: [[6, 8], [8], [8]],
    run: ([x, w, b], ctx) => layerNorm(x as tf.Tensor2D, { weight: w as tf.Tensor1D, bias: b as tf.Tensor1D }, 1e-12, ctx),
  },
  {
    name: 'layerNorm, width not a multiple of 4 (tfjs-op path)',
    shapes: [[5, 6], [6], [6]],
    run: ([x, w, b], ctx) => layerNorm(x as tf.Tensor2D, { weight: w as tf.Tensor1D, bias: b as tf.Tensor1D }, 1e-5, ctx),
  },
  { name: 'embedding (repeated ids)', shapes: [[7, 4]], run: ([t], ctx) => embeddingLookup(t as tf.Tensor2D, ids, ctx) },
  {
    name: 'attention with padding mask',
    shapes: [[B * T, 3 * HEADS * D]],
    run: ([x], ctx) => attentionCore({ qkv: x as tf.Tensor2D }, { batch: B, seq: T, heads: HEADS, headDim: D }, maskBias, 0.1, ctx),
  },
  {
    name: 'attention, first token only (q and k|v apart) with dropout',
    shapes: [
      [B, HEADS * D],
      [B * T, 2 * HEADS * D],
    ],
    dropout: true,
    run: ([q, kv], ctx) =>
      attentionCore(
        { q: q as tf.Tensor2D, kv: kv as tf.Tensor2D },
        { batch: B, seq: T, querySeq: 1, heads: HEADS, headDim: D },
        maskBias,
        0.3,
        ctx,
      ),
  },
  {
    name: 'attention with mask and dropout',
    shapes: [[B * T, 3 * HEADS * D]],
    dropout: true,
    run: ([x], ctx) => attentionCore({ qkv: x as tf.Tensor2D }, { batch: B, seq: T, heads: HEADS, headDim: D }, maskBias, 0.3, ctx),
  },
  {
    name: 'softmax cross-entropy',
    shapes: [[5, 4]],
    run: ([z], ctx) => softmaxCrossEntropy(tf.mul(z as tf.Tensor2D, 4), Int32Array.from([0, 3, 1, 1, 2]), ctx),
  },
  {
    name: 'tied MLM decoder',
    shapes: [[4, 6], [9, 6], [9]],
    run: ([x, e, b], ctx) => tiedDecoder(x as tf.Tensor2D, e as tf.Tensor2D, b as tf.Tensor1D, ctx),
  },
];

function inputsFor(c: Case, seed: number): Float32Array[] {
  const rng = createRng(seed);
  return c.shapes.map((s) => Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.nextNormal()));
}

/** Value and gradients of sum(op(x) * R) for fixed random R. */
function valueAndGrads(c: Case, flags: KernelFlags | null): { value: number[]; grads: number[][] } {
  const previous = flags === null ? null : setKernelFlags(flags);
  try {
    return tf.tidy(() => {
      const xs = inputsFor(c, 11).map((v, i) => tf.tensor(v, [...c.shapes[i]!]));
      const ctx = (): ForwardContext => ({ grad: true, dropout: c.dropout === true ? createDropoutSampler(createRng(5)) : null });
      const probe = c.run(xs, { grad: false, dropout: ctx().dropout });
      const rng = createRng(99);
      const r = tf.tensor(
        Float32Array.from({ length: probe.size }, () => rng.nextNormal()),
        probe.shape,
      );
      const f = (...args: tf.Tensor[]) => tf.sum(tf.mul(c.run(args, ctx()), r));
      const { value, grads } = tf.valueAndGrads(f)(xs);
      return { value: [value.dataSync()[0]!], grads: grads.map((g) => Array.from(g.dataSync())) };
    });
  } finally {
    if (previous !== null) setKernelFlags(previous);
  }
}

afterEach(async () => {
  await useBackend('wasm');
});

describe('custom gradients', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: cpu custom gradient vs cpu autodiff, relative error < 1e-4', async (_n, c) => {
    await useBackend('cpu');
    const custom = valueAndGrads(c, null);
    const reference = valueAndGrads(c, PLAIN_KERNEL_FLAGS);
    expect(relativeError(custom.value, reference.value)).toBeLessThan(1e-4);
    custom.grads.forEach((g, i) => expect(relativeError(g, reference.grads[i]!)).toBeLessThan(1e-4));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: wasm fast path vs cpu autodiff, relative error < 1e-4', async (_n, c) => {
    await useBackend('cpu');
    const reference = valueAndGrads(c, PLAIN_KERNEL_FLAGS);
    await useBackend('wasm');
    const fast = valueAndGrads(c, null);
    expect(relativeError(fast.value, reference.value)).toBeLessThan(1e-4);
    fast.grads.forEach((g, i) => expect(relativeError(g, reference.grads[i]!)).toBeLessThan(1e-4));
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: wasm fast path on XNNPACK GEMM vs cpu autodiff, relative error < 1e-4',
    async (_n, c) => {
      await useBackend('cpu');
      const reference = valueAndGrads(c, PLAIN_KERNEL_FLAGS);
      await useBackend('wasm');
      const fast = valueAndGrads(c, { ...getKernelFlags(), nativeGemm: false });
      expect(relativeError(fast.value, reference.value)).toBeLessThan(1e-4);
      fast.grads.forEach((g, i) => expect(relativeError(g, reference.grads[i]!)).toBeLessThan(1e-4));
    },
  );
});
