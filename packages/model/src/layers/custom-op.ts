import * as tf from '@tensorflow/tfjs-core';

/** Forward result of a custom op: its value and the gradient of each input. */
export interface CustomOpResult<T extends tf.Tensor> {
  readonly value: T;
  /** One gradient per input, in input order. */
  readonly gradFunc: (dy: T, saved: tf.Tensor[]) => tf.Tensor[];
}

/**
 * Runs `f` as one tape node with a hand-written gradient (tf.customGrad with typed inputs).
 * Tensors needed by the gradient must go through `save`: the forward runs in its own tidy.
 */
export function customOp<T extends tf.Tensor>(
  inputs: readonly tf.Tensor[],
  f: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => CustomOpResult<T>,
): T {
  const op = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    return f(args.slice(0, -1) as tf.Tensor[], save);
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(...inputs) as T;
}
