// Scaled dot-product attention (Vaswani et al. 2017) with BERT's additive padding mask and dropout
// on the attention probabilities, over projections given either fused (q|k|v in one matrix) or as
// q and k|v apart (when only the first token of each sequence needs an output). The
// hand-written backward:
//   dV = P^T dC,  dP = dC V^T,  dS = P * (dP - rowsum(dP * P)),  dQ = s dS K,  dK = s dS^T Q.
// On wasm the per-(sequence, head) products run as XNNPACK 2-D matMuls reading heads in place
// (see kernels/strided-batch-matmul.ts); elsewhere as batched tf.matMul on split heads.
import * as tf from '@tensorflow/tfjs-core';
import { activeSimd } from '../kernels/fast-ops.js';
import { getKernelFlags } from '../kernels/flags.js';
import type { SimdKernels } from '../kernels/simd/simd-kernels.js';
import { denseBatchView, headBatchView, stridedBatchMatMul, type MatrixBatchView } from '../kernels/strided-batch-matmul.js';
import { activeNativeGemm } from '../kernels/native-kernels.js';
import { activeWasmBackend, f32Offset, heapF32, wrapTensorInfo, type WasmBackendInternals } from '../kernels/wasm-backend.js';
import { customOp } from './custom-op.js';
import type { DropoutSampler } from './dropout.js';
import type { ForwardContext } from './forward-context.js';

/** Shape of an attention call. */
export interface AttentionDims {
  readonly batch: number;
  /** Keys (tokens) per sequence. */
  readonly seq: number;
  /** Queries per sequence: `seq`, or 1 when only the first token's output is needed. Default `seq`. */
  readonly querySeq?: number;
  readonly heads: number;
  readonly headDim: number;
}

/** The projections: fused [rows, 3H] (q|k|v), or q [batch * querySeq, H] and kv [rows, 2H] (k|v). */
export type AttentionInputs = { readonly qkv: tf.Tensor2D } | { readonly q: tf.Tensor2D; readonly kv: tf.Tensor2D };

/** Additive mask value for padding, as Hugging Face (torch.finfo(float32).min). */
export const MASK_VALUE = -3.4028234663852886e38;

/** The additive mask [batch * seq] from an attention mask (1 = token, 0 = padding). */
export function maskBiasFrom(attentionMask: ArrayLike<number>): Float32Array {
  const bias = new Float32Array(attentionMask.length);
  for (let i = 0; i < bias.length; i++) bias[i] = attentionMask[i] === 0 ? MASK_VALUE : 0;
  return bias;
}

/** Where one of q, k, v sits: input tensor index, first column, row width, rows per sequence. */
interface Source {
  readonly input: number;
  readonly col: number;
  readonly width: number;
  readonly seq: number;
}

interface Layout {
  readonly tensors: tf.Tensor2D[];
  readonly q: Source;
  readonly k: Source;
  readonly v: Source;
}

function layoutOf(inputs: AttentionInputs, dims: AttentionDims): Layout {
  const hidden = dims.heads * dims.headDim;
  const tq = dims.querySeq ?? dims.seq;
  if ('qkv' in inputs) {
    const w = 3 * hidden;
    return {
      tensors: [inputs.qkv],
      q: { input: 0, col: 0, width: w, seq: tq },
      k: { input: 0, col: hidden, width: w, seq: dims.seq },
      v: { input: 0, col: 2 * hidden, width: w, seq: dims.seq },
    };
  }
  return {
    tensors: [inputs.q, inputs.kv],
    q: { input: 0, col: 0, width: hidden, seq: tq },
    k: { input: 1, col: 0, width: 2 * hidden, seq: dims.seq },
    v: { input: 1, col: hidden, width: 2 * hidden, seq: dims.seq },
  };
}

/** Multi-head attention context [batch * querySeq, hidden]. */
export function attentionCore(
  inputs: AttentionInputs,
  dims: AttentionDims,
  maskBias: Float32Array,
  dropoutRate: number,
  ctx: ForwardContext,
): tf.Tensor2D {
  const layout = layoutOf(inputs, dims);
  if ('qkv' in inputs && (dims.querySeq ?? dims.seq) !== dims.seq) {
    throw new RangeError('fused q|k|v needs querySeq equal to seq');
  }
  if (!getKernelFlags().fastAttention) {
    return attentionReference(layout, dims, maskBias, ctx.dropout === null ? 0 : dropoutRate, ctx.dropout);
  }
  const be = activeWasmBackend();
  const impl = be === null ? genericImpl(dims) : wasmImpl(be, dims, activeSimd()?.k.raw ?? null);
  const scale = 1 / Math.sqrt(dims.headDim);
  const sampler = ctx.dropout !== null && dropoutRate > 0 ? ctx.dropout : null;
  const forward = (xs: tf.Tensor2D[]) => {
    const probs = tf.tidy(() => tf.softmax(impl.scores(xs, layout, scale, maskBias)) as tf.Tensor3D);
    const mask = sampler === null ? null : (sampler.mask(probs.shape, dropoutRate) as tf.Tensor3D);
    const dropped = mask === null ? probs : (tf.mul(probs, mask) as tf.Tensor3D);
    return { probs, mask, dropped, out: impl.context(dropped, xs, layout) };
  };
  if (!ctx.grad) return tf.tidy(() => forward(layout.tensors).out);
  const n = layout.tensors.length;
  return customOp<tf.Tensor2D>(layout.tensors, (args, save) => {
    const xs = args as tf.Tensor2D[];
    const { probs, mask, dropped, out } = forward(xs);
    save(mask === null ? [...xs, probs] : [...xs, probs, dropped, mask]);
    return {
      value: out,
      gradFunc: (dC, saved) => {
        const savedXs = saved.slice(0, n) as tf.Tensor2D[];
        const [p, pd, m] = saved.slice(n) as [tf.Tensor3D, tf.Tensor3D?, tf.Tensor3D?];
        const dPd = impl.gradProbs(dC, savedXs, layout);
        const dS = softmaxGrad(p, dPd, m);
        return impl.gradInputs(dS, pd ?? p, dC, savedXs, layout, scale);
      },
    };
  });
}

/** dS = P * (dP - rowsum(dP * P)) with dP = dPd * mask: one pass of the addon where it runs. */
function softmaxGrad(p: tf.Tensor3D, dPd: tf.Tensor3D, mask: tf.Tensor3D | undefined): tf.Tensor3D {
  const native = activeNativeGemm();
  if (native === null) {
    const dP = mask === undefined ? dPd : tf.mul(dPd, mask);
    return tf.mul(p, tf.sub(dP, tf.sum(tf.mul(dP, p), -1, true))) as tf.Tensor3D;
  }
  const { be, gemm } = native;
  const out = be.makeOutput([...p.shape], 'float32');
  const cols = p.shape[2];
  const maskOff = mask === undefined ? -1 : f32Offset(be, mask);
  gemm.softmaxGrad(heapF32(be), f32Offset(be, p), f32Offset(be, dPd), maskOff, f32Offset(be, out), p.size / cols, cols);
  return wrapTensorInfo(out);
}

/** The textbook formulation (split heads, batched matMul, softmax), differentiated by tfjs. */
function attentionReference(
  layout: Layout,
  dims: AttentionDims,
  maskBias: Float32Array,
  dropoutRate: number,
  sampler: DropoutSampler | null,
): tf.Tensor2D {
  return tf.tidy(() => {
    const { batch, seq, heads, headDim } = dims;
    const tq = layout.q.seq;
    const split = (s: Source) =>
      tf.transpose(
        tf.reshape(tf.slice(layout.tensors[s.input]!, [0, s.col], [batch * s.seq, heads * headDim]), [batch, s.seq, heads, headDim]),
        [0, 2, 1, 3],
      );
    const scores = tf.add(
      tf.mul(tf.matMul(split(layout.q), split(layout.k), false, true), 1 / Math.sqrt(headDim)),
      tf.reshape(tf.tensor1d(maskBias), [batch, 1, 1, seq]),
    );
    let probs: tf.Tensor = tf.softmax(scores);
    if (sampler !== null && dropoutRate > 0) probs = tf.mul(probs, sampler.mask(probs.shape, dropoutRate));
    const context = tf.matMul(probs as tf.Tensor4D, split(layout.v));
    return tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch * tq, heads * headDim]) as tf.Tensor2D;
  });
}

interface AttentionImpl {
  /** scale * Q K^T + mask, [batch * heads, querySeq, seq]. */
  scores(xs: tf.Tensor2D[], layout: Layout, scale: number, maskBias: Float32Array): tf.Tensor3D;
  /** P V merged back to [batch * querySeq, hidden]. */
  context(p: tf.Tensor3D, xs: tf.Tensor2D[], layout: Layout): tf.Tensor2D;
  /** dC V^T, [batch * heads, querySeq, seq]. */
  gradProbs(dC: tf.Tensor2D, xs: tf.Tensor2D[], layout: Layout): tf.Tensor3D;
  /** Gradients of the input tensors (dQ, dK, dV placed where q, k, v came from). */
  gradInputs(dS: tf.Tensor3D, p: tf.Tensor3D, dC: tf.Tensor2D, xs: tf.Tensor2D[], layout: Layout, scale: number): tf.Tensor[];
}

function genericImpl(dims: AttentionDims): AttentionImpl {
  const { batch, heads, headDim } = dims;
  const hidden = heads * headDim;
  const split = (x: tf.Tensor2D, s: Source): tf.Tensor3D =>
    tf.reshape(tf.transpose(tf.reshape(tf.slice(x, [0, s.col], [batch * s.seq, hidden]), [batch, s.seq, heads, headDim]), [0, 2, 1, 3]), [
      batch * heads,
      s.seq,
      headDim,
    ]) as tf.Tensor3D;
  const merge = (x: tf.Tensor3D, seq: number): tf.Tensor2D =>
    tf.reshape(tf.transpose(tf.reshape(x, [batch, heads, seq, headDim]), [0, 2, 1, 3]), [batch * seq, hidden]) as tf.Tensor2D;
  const at = (xs: tf.Tensor2D[], s: Source) => split(xs[s.input]!, s);
  return {
    scores: (xs, l, scale, maskBias) =>
      tf.tidy(() => {
        const s = tf.mul(tf.matMul(at(xs, l.q), at(xs, l.k), false, true), scale);
        const m = tf.reshape(tf.tensor1d(maskBias), [batch, 1, 1, dims.seq]);
        return tf.reshape(tf.add(tf.reshape(s, [batch, heads, l.q.seq, dims.seq]), m), [batch * heads, l.q.seq, dims.seq]) as tf.Tensor3D;
      }),
    context: (p, xs, l) => tf.tidy(() => merge(tf.matMul(p, at(xs, l.v)), l.q.seq)),
    gradProbs: (dC, xs, l) =>
      tf.tidy(() => tf.matMul(split(dC, { input: 0, col: 0, width: hidden, seq: l.q.seq }), at(xs, l.v), false, true)),
    gradInputs: (dS, p, dC, xs, l, scale) =>
      tf.tidy(() => {
        const dq = merge(tf.mul(tf.matMul(dS, at(xs, l.k)), scale) as tf.Tensor3D, l.q.seq);
        const dk = merge(tf.mul(tf.matMul(dS, at(xs, l.q), true, false), scale) as tf.Tensor3D, dims.seq);
        const dc = split(dC, { input: 0, col: 0, width: hidden, seq: l.q.seq });
        const dv = merge(tf.matMul(p, dc, true, false) as tf.Tensor3D, dims.seq);
        return l.tensors.length === 1 ? [tf.concat([dq, dk, dv], 1)] : [dq, tf.concat([dk, dv], 1)];
      }),
  };
}

function wasmImpl(be: WasmBackendInternals, dims: AttentionDims, simd: SimdKernels['raw'] | null): AttentionImpl {
  const { batch, seq, heads, headDim } = dims;
  const hidden = heads * headDim;
  const count = batch * heads;
  const view = (info: tf.TensorInfo, s: Source): MatrixBatchView =>
    headBatchView(info, { batch, seq: s.seq, heads, headDim, width: s.width }, s.col);
  const plain = (tq: number): Source => ({ input: 0, col: 0, width: hidden, seq: tq });
  const alloc = (shape: number[]) => be.makeOutput(shape, 'float32');
  return {
    scores(xs, l, scale, maskBias) {
      const tq = l.q.seq;
      const out = alloc([count, tq, seq]);
      stridedBatchMatMul(be, view(xs[l.q.input]!, l.q), view(xs[l.k.input]!, l.k), denseBatchView(out, count, tq, seq), {
        transposeB: true,
        scale,
        simd,
        rowBias: { values: maskBias, offsetOf: (i) => Math.floor(i / heads) * seq },
      });
      return wrapTensorInfo(out);
    },
    context(p, xs, l) {
      const tq = l.q.seq;
      const out = alloc([batch * tq, hidden]);
      stridedBatchMatMul(be, denseBatchView(p, count, tq, seq), view(xs[l.v.input]!, l.v), view(out, plain(tq)), { simd });
      return wrapTensorInfo(out);
    },
    gradProbs(dC, xs, l) {
      const tq = l.q.seq;
      const out = alloc([count, tq, seq]);
      stridedBatchMatMul(be, view(dC, plain(tq)), view(xs[l.v.input]!, l.v), denseBatchView(out, count, tq, seq), {
        transposeB: true,
        simd,
      });
      return wrapTensorInfo(out);
    },
    gradInputs(dS, p, dC, xs, l, scale) {
      const tq = l.q.seq;
      const outs = xs.map((x) => alloc([...x.shape]));
      const dSv = denseBatchView(dS, count, tq, seq);
      stridedBatchMatMul(be, dSv, view(xs[l.k.input]!, l.k), view(outs[l.q.input]!, l.q), { scale, simd });
      stridedBatchMatMul(be, dSv, view(xs[l.q.input]!, l.q), view(outs[l.k.input]!, l.k), { transposeA: true, scale, simd });
      stridedBatchMatMul(be, denseBatchView(p, count, tq, seq), view(dC, plain(tq)), view(outs[l.v.input]!, l.v), {
        transposeA: true,
        simd,
      });
      return outs.map((o) => wrapTensorInfo(o));
    },
  };
}
