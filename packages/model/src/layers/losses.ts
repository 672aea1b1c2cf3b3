// Losses. Softmax cross-entropy is written without logSoftmax (a scalar exp/log loop on wasm,
// ~5 ms per 0.5M logits): with p = softmax(z) from XNNPACK, logsumexp(z) = max(z) - log(max(p)),
// exact up to rounding because max(p) >= 1/C never underflows. The gradient is (p - onehot) / n.
import * as tf from '@tensorflow/tfjs-core';
import { getKernelFlags } from '../kernels/flags.js';
import { customOp } from './custom-op.js';
import type { ForwardContext } from './forward-context.js';

/** Mean softmax cross-entropy of logits [n, classes] against integer labels (length n). */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: Int32Array, ctx: ForwardContext): tf.Scalar {
  const [n, classes] = logits.shape;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (!(y >= 0 && y < classes)) throw new RangeError(`label ${y} at row ${i} must lie in [0, ${classes})`);
  }
  if (!getKernelFlags().fastCrossEntropy) return crossEntropyReference(logits, labels);
  if (!ctx.grad) return tf.tidy(() => forward(logits, labels).loss);
  return customOp<tf.Scalar>([logits], ([z], save) => {
    const { loss, probs } = forward(z as tf.Tensor2D, labels);
    save([probs]);
    return {
      value: loss,
      gradFunc: (dy, saved) => [
        tf.tidy(() => {
          const p = saved[0] as tf.Tensor2D;
          return tf.mul(tf.sub(p, oneHot(labels, classes)), tf.div(dy, n));
        }),
      ],
    };
  });
}

/** The textbook formulation -mean(logSoftmax(z)[y]), differentiated by tfjs. */
export function crossEntropyReference(logits: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  return tf.tidy(() => {
    const onehot = oneHot(labels, logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), onehot), -1))) as tf.Scalar;
  });
}

/** Mean squared error of predictions [n, 1] against targets (length n), as HF regression heads. */
export function meanSquaredError(predictions: tf.Tensor2D, targets: Float32Array): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(tf.reshape(predictions, [-1]), tf.tensor1d(targets)))));
}

/** One-hot rows as float32, built in JS (tfjs-wasm 4.22's OneHot writes int32 bits into float32 outputs). */
export function oneHot(labels: Int32Array, classes: number): tf.Tensor2D {
  const values = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) values[i * classes + labels[i]!] = 1;
  return tf.tensor2d(values, [labels.length, classes]);
}

function forward(z: tf.Tensor2D, labels: Int32Array): { loss: tf.Scalar; probs: tf.Tensor2D } {
  return tf.tidy(() => {
    const [n, classes] = z.shape;
    const probs = tf.softmax(z) as tf.Tensor2D;
    const lse = tf.sub(tf.max(z, -1), tf.log(tf.max(probs, -1)));
    const flat = new Int32Array(n);
    for (let i = 0; i < n; i++) flat[i] = i * classes + labels[i]!;
    const picked = tf.gather(tf.reshape(z, [n * classes]), tf.tensor1d(flat, 'int32'));
    return { loss: tf.mean(tf.sub(lse, picked)) as tf.Scalar, probs };
  });
}
