// GELU(x) = x * Phi(x) (Hendrycks & Gimpel 2016), the exact erf form BERT uses. tfjs-wasm's Erf,
// Exp and Tanh are scalar libm loops (~15 ns/element). Phi comes instead from the upper tail
// Q(|x|) = erfc(|x|/sqrt 2)/2 by Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7): on wasm in one
// pass of the package's SIMD kernel (kernels/simd), elsewhere from vectorised tfjs ops with
// exp(-x^2/2) = elu(-x^2/2) + 1. The custom gradient is the exact derivative Phi(x) + x phi(x),
// computed in the forward pass.
import * as tf from '@tensorflow/tfjs-core';
import { activeSimd } from '../kernels/fast-ops.js';
import { getKernelFlags } from '../kernels/flags.js';
import { wrapTensorInfo } from '../kernels/wasm-backend.js';
import { customOp } from './custom-op.js';
import type { ForwardContext } from './forward-context.js';

const P = 0.3275911;
const A = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429] as const;
const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** GELU with erf, as `hidden_act: "gelu"` in Hugging Face BERT. */
export function gelu(x: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
  if (!getKernelFlags().fastGelu) return geluReference(x);
  if (!ctx.grad) return geluParts(x, false)[0] as tf.Tensor2D;
  return customOp<tf.Tensor2D>([x], ([xs], save) => {
    const [y, dydx] = geluParts(xs as tf.Tensor2D, true) as [tf.Tensor2D, tf.Tensor2D];
    save([dydx]);
    return { value: y, gradFunc: (dy, saved) => [tf.mul(dy, saved[0] as tf.Tensor)] };
  });
}

/** The textbook formulation 0.5 x (1 + erf(x / sqrt 2)), differentiated by tfjs. */
export function geluReference(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, INV_SQRT2)), 1)));
}

function geluParts(x: tf.Tensor2D, withGrad: boolean): tf.Tensor2D[] {
  const simd = activeSimd();
  if (simd !== null) {
    // One pass of the SIMD kernel writes y and, for training, dy/dx.
    const y = simd.be.makeOutput([...x.shape], 'float32');
    const d = withGrad ? simd.be.makeOutput([...x.shape], 'float32') : null;
    simd.k.gelu(x, y, d, x.size);
    return d === null ? [wrapTensorInfo(y)] : [wrapTensorInfo(y), wrapTensorInfo(d)];
  }
  return tf.tidy(() => {
    const ax = tf.abs(x);
    const t = tf.reciprocal(tf.add(tf.mul(ax, P * INV_SQRT2), 1));
    // Horner on t, with the 1/2 of Q folded into the coefficients.
    let poly: tf.Tensor = tf.add(tf.mul(t, 0.5 * A[4]), 0.5 * A[3]);
    poly = tf.add(tf.mul(poly, t), 0.5 * A[2]);
    poly = tf.add(tf.mul(poly, t), 0.5 * A[1]);
    poly = tf.add(tf.mul(poly, t), 0.5 * A[0]);
    poly = tf.mul(poly, t);
    // exp(z) = elu(z) + 1 for z <= 0; XNNPACK vectorises elu, not exp.
    const gauss = tf.add(tf.elu(tf.mul(tf.square(ax), -0.5)), 1);
    const q = tf.mul(poly, gauss);
    // Phi(x) = Q(|x|) for x <= 0 and 1 - Q(|x|) for x > 0.
    const pos = tf.step(x);
    const phi = tf.add(q, tf.mul(pos, tf.sub(1, tf.mul(q, 2))));
    const y = tf.mul(x, phi) as tf.Tensor2D;
    if (!withGrad) return [y];
    const dydx = tf.add(phi, tf.mul(tf.mul(x, gauss), INV_SQRT_2PI)) as tf.Tensor2D;
    return [y, dydx];
  });
}
