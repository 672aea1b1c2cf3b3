// Hugging Face's BertOnlyMLMHead: dense + GELU + LayerNorm transform, then a decoder tied to the
// word embeddings plus an output bias. Only the rows of masked positions are decoded: the loss
// is the same as decoding every position, and the 30,522-wide product is the costliest matMul.
// The tied decoder has its own gradient so that no matMul runs with transpose flags on wasm.
import * as tf from '@tensorflow/tfjs-core';
import { columnSums, transpose2d } from '../kernels/fast-ops.js';
import { activeNativeGemm } from '../kernels/native-kernels.js';
import { customOp } from '../layers/custom-op.js';
import type { ForwardContext } from '../layers/forward-context.js';
import { gelu } from '../layers/gelu.js';
import { layerNorm, type LayerNormParams } from '../layers/layer-norm.js';
import { linear, weightGrad, type LinearParams } from '../layers/linear.js';

/** Weights of the MLM head (the decoder weight is the word-embedding matrix). */
export interface MlmHeadParams {
  readonly transform: LinearParams;
  readonly transformNorm: LayerNormParams;
  readonly outputBias: tf.Tensor1D;
}

/** Vocabulary logits [rows, vocab] for selected hidden states [rows, hidden]. */
export function mlmForward(
  rows: tf.Tensor2D,
  head: MlmHeadParams,
  wordEmbeddings: tf.Tensor2D,
  layerNormEps: number,
  ctx: ForwardContext,
): tf.Tensor2D {
  const t = layerNorm(gelu(linear(rows, head.transform, ctx), ctx), head.transformNorm, layerNormEps, ctx);
  return tiedDecoder(t, wordEmbeddings, head.outputBias, ctx);
}

/** t @ E^T + b: the transpose flag where the native GEMM takes it for free, else E^T made once. */
function decode(t: tf.Tensor2D, embeddings: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  const native = activeNativeGemm() !== null;
  return tf.fused.matMul({ a: t, b: native ? embeddings : transpose2d(embeddings), bias, transposeB: native }) as tf.Tensor2D;
}

/** t @ E^T + b with E the [vocab, hidden] embedding matrix. */
export function tiedDecoder(t: tf.Tensor2D, embeddings: tf.Tensor2D, bias: tf.Tensor1D, ctx: ForwardContext): tf.Tensor2D {
  if (!ctx.grad) return tf.tidy(() => decode(t, embeddings, bias) as tf.Tensor2D);
  return customOp<tf.Tensor2D>([t, embeddings, bias], ([x, e, b], save) => {
    save([x as tf.Tensor, e as tf.Tensor]);
    return {
      value: decode(x as tf.Tensor2D, e as tf.Tensor2D, b as tf.Tensor1D),
      gradFunc: (d, saved) => {
        const [xs, es] = saved as [tf.Tensor2D, tf.Tensor2D];
        const dx = tf.matMul(d, es);
        // dE = dy^T @ x, [vocab, hidden]; weightGrad transposes the smaller operand.
        const dE = weightGrad(d, xs);
        const db = columnSums(d);
        return [dx, dE, db];
      },
    };
  });
}
