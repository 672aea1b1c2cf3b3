// Layer normalisation (Ba, Kiros & Hinton 2016) over the last axis, biased variance as PyTorch.
// On wasm each direction is one pass of the package's SIMD kernel; elsewhere tfjs ops.
// The hand-written backward pass replaces tfjs's autodiff, whose gamma/beta gradients sum over
// axis 0 (a transpose plus reduction, ~4 ms per [1024, 512] on wasm) and whose chain of small
// ops records a long tape:
//   dx = rstd * (g - mean(g) - xhat * mean(g * xhat)),  g = dy * gamma.
import * as tf from '@tensorflow/tfjs-core';
import { activeSimd, columnSums } from '../kernels/fast-ops.js';
import { wrapTensorInfo } from '../kernels/wasm-backend.js';
import { getKernelFlags } from '../kernels/flags.js';
import { customOp } from './custom-op.js';
import type { ForwardContext } from './forward-context.js';

/** Scale (gamma, HF `weight`) and shift (beta, HF `bias`) of a LayerNorm. */
export interface LayerNormParams {
  readonly weight: tf.Tensor1D;
  readonly bias: tf.Tensor1D;
}

/** LayerNorm of [rows, width] over the last axis. */
export function layerNorm(x: tf.Tensor2D, p: LayerNormParams, eps: number, ctx: ForwardContext): tf.Tensor2D {
  if (!getKernelFlags().fastLayerNorm) return layerNormReference(x, p, eps);
  const simd = x.shape[1] % 4 === 0 ? activeSimd() : null;
  if (simd !== null) return layerNormSimd(x, p, eps, ctx, simd);
  if (!ctx.grad) return tf.tidy(() => tf.add(tf.mul(normalize(x, eps).xhat, p.weight), p.bias) as tf.Tensor2D);
  return customOp<tf.Tensor2D>([x, p.weight, p.bias], ([xs, w, b], save) => {
    const { xhat, rstd } = normalize(xs as tf.Tensor2D, eps);
    save([xhat, rstd, w as tf.Tensor]);
    return {
      value: tf.add(tf.mul(xhat, w as tf.Tensor), b as tf.Tensor) as tf.Tensor2D,
      gradFunc: (dy, saved) => {
        const [xh, rs, gamma] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const dbeta = columnSums(dy);
        const dgamma = columnSums(tf.mul(dy, xh) as tf.Tensor2D);
        const g = tf.mul(dy, gamma);
        const meanG = tf.mean(g, -1, true);
        const meanGx = tf.mean(tf.mul(g, xh), -1, true);
        const dx = tf.mul(tf.sub(tf.sub(g, meanG), tf.mul(xh, meanGx)), rs);
        return [dx, dgamma, dbeta];
      },
    };
  });
}

/** One SIMD pass per direction (kernels/simd): statistics, normalisation, affine, and the backward sums. */
function layerNormSimd(
  x: tf.Tensor2D,
  p: LayerNormParams,
  eps: number,
  ctx: ForwardContext,
  simd: NonNullable<ReturnType<typeof activeSimd>>,
): tf.Tensor2D {
  const [rows, width] = x.shape;
  const alloc = (shape: number[]) => simd.be.makeOutput(shape, 'float32');
  if (!ctx.grad) {
    const y = alloc([rows, width]);
    simd.k.layerNormForward(x, p.weight, p.bias, y, null, rows, width, eps);
    return wrapTensorInfo(y);
  }
  return customOp<tf.Tensor2D>([x, p.weight, p.bias], ([xs, w, b], save) => {
    const y = alloc([rows, width]);
    const xhat = alloc([rows, width]);
    const rstd = alloc([rows]);
    simd.k.layerNormForward(xs!, w!, b!, y, { xhat, rstd }, rows, width, eps);
    const saved = [wrapTensorInfo(xhat), wrapTensorInfo(rstd), w as tf.Tensor];
    save(saved);
    return {
      value: wrapTensorInfo<tf.Rank.R2>(y),
      gradFunc: (dy, kept) => {
        const [xh, rs, gamma] = kept as [tf.Tensor, tf.Tensor, tf.Tensor];
        const dx = alloc([rows, width]);
        const dgamma = alloc([width]);
        const dbeta = alloc([width]);
        simd.k.layerNormBackward(dy, xh, rs, gamma, dx, dgamma, dbeta, rows, width);
        return [wrapTensorInfo(dx), wrapTensorInfo(dgamma), wrapTensorInfo(dbeta)];
      },
    };
  });
}

/** The same computation from tfjs primitives, differentiated by tfjs. */
export function layerNormReference(x: tf.Tensor2D, p: LayerNormParams, eps: number): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const xhat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(xhat, p.weight), p.bias) as tf.Tensor2D;
  });
}

function normalize(x: tf.Tensor2D, eps: number): { xhat: tf.Tensor2D; rstd: tf.Tensor2D } {
  return tf.tidy(() => {
    const xc = tf.sub(x, tf.mean(x, -1, true));
    const variance = tf.mean(tf.square(xc), -1, true);
    const rstd = tf.rsqrt(tf.add(variance, eps)) as tf.Tensor2D;
    return { xhat: tf.mul(xc, rstd) as tf.Tensor2D, rstd };
  });
}
