// Dense layers on [rows, in] matrices with weights stored [in, out] (Hugging Face stores
// [out, in]; the checkpoint mapping transposes). The custom gradient avoids what is slow on
// tfjs-wasm: matMul with transpose flags (a scalar loop, 10-20x slower than XNNPACK) and sum over
// axis 0 (the bias gradient is ones @ dy instead).
import * as tf from '@tensorflow/tfjs-core';
import { columnSums, transpose2d } from '../kernels/fast-ops.js';
import { activeNativeGemm } from '../kernels/native-kernels.js';
import { f32Offset, heapF32, wrapTensorInfo } from '../kernels/wasm-backend.js';
import { getKernelFlags } from '../kernels/flags.js';
import { customOp } from './custom-op.js';
import type { ForwardContext } from './forward-context.js';

/** Weight [in, out] and bias [out] of a dense layer. */
export interface LinearParams {
  readonly weight: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
}

/** x @ W + b for x of shape [rows, in]. */
export function linear(x: tf.Tensor2D, p: LinearParams, ctx: ForwardContext): tf.Tensor2D {
  return linearConcat(x, [p], ctx);
}

/**
 * x @ [W1 | W2 | ...] + [b1 | b2 | ...]: several dense layers reading the same input as one
 * matMul (the fused query/key/value projection), outputs side by side.
 */
export function linearConcat(x: tf.Tensor2D, parts: readonly LinearParams[], ctx: ForwardContext): tf.Tensor2D {
  if (!getKernelFlags().fastLinear) {
    return tf.tidy(() => {
      const outs = parts.map((p) => tf.add(tf.matMul(x, p.weight), p.bias));
      return outs.length === 1 ? (outs[0] as tf.Tensor2D) : (tf.concat(outs, 1) as tf.Tensor2D);
    });
  }
  const native = activeNativeGemm();
  if (native !== null) return nativeLinearConcat(native, x, parts, ctx);
  if (!ctx.grad) return tf.tidy(() => forward(x, parts));
  const k = parts.length;
  const inputs = [x, ...parts.map((p) => p.weight), ...parts.map((p) => p.bias)];
  return customOp<tf.Tensor2D>(inputs, (args, save) => {
    const xs = args[0] as tf.Tensor2D;
    const ws = args.slice(1, 1 + k) as tf.Tensor2D[];
    const bs = args.slice(1 + k, 1 + 2 * k) as tf.Tensor1D[];
    const w = ws.length === 1 ? (ws[0] as tf.Tensor2D) : (tf.concat(ws, 1) as tf.Tensor2D);
    const b = bs.length === 1 ? (bs[0] as tf.Tensor1D) : (tf.concat(bs) as tf.Tensor1D);
    save([xs, w]);
    return {
      value: tf.fused.matMul({ a: xs, b: w, bias: b }) as tf.Tensor2D,
      gradFunc: (dy2, saved) => {
        const [xSaved, wSaved] = saved as [tf.Tensor2D, tf.Tensor2D];
        const dx = tf.matMul(dy2, transpose2d(wSaved));
        const dw = weightGrad(xSaved, dy2);
        const db = columnSums(dy2);
        const widths = ws.map((t) => t.shape[1]);
        const dws = k === 1 ? [dw] : tf.split(dw, widths, 1);
        const dbs = k === 1 ? [db] : tf.split(db, widths, 0);
        return [dx, ...dws, ...dbs];
      },
    };
  });
}

function forward(x: tf.Tensor2D, parts: readonly LinearParams[]): tf.Tensor2D {
  const w =
    parts.length === 1
      ? parts[0]!.weight
      : (tf.concat(
          parts.map((p) => p.weight),
          1,
        ) as tf.Tensor2D);
  const b = parts.length === 1 ? parts[0]!.bias : (tf.concat(parts.map((p) => p.bias)) as tf.Tensor1D);
  return tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D;
}

/** x^T @ dy (on wasm without the native GEMM, transposing whichever of x and dy is smaller). */
export function weightGrad(x: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor2D {
  if (activeNativeGemm() !== null) return tf.matMul(x, dy, true, false);
  const inDim = x.shape[1];
  const outDim = dy.shape[1];
  if (inDim <= outDim) return tf.matMul(transpose2d(x), dy);
  return transpose2d(tf.matMul(transpose2d(dy), x));
}

type Native = NonNullable<ReturnType<typeof activeNativeGemm>>;

/**
 * linearConcat on the native GEMM: each part's product is written straight into its columns of the
 * output (leading dimension = total width), and in the backward pass each part's gradient reads
 * its columns of dy in place, so the weights are never concatenated nor dW split (tfjs-wasm's
 * SplitV took 150 ms per bert-base layer).
 */
function nativeLinearConcat(native: Native, x: tf.Tensor2D, parts: readonly LinearParams[], ctx: ForwardContext): tf.Tensor2D {
  const { be, gemm } = native;
  const [rows, inDim] = x.shape;
  const widths = parts.map((p) => p.weight.shape[1]);
  const total = widths.reduce((a, b) => a + b, 0);
  const starts = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
  const k = parts.length;
  const run = (xs: tf.Tensor2D, ws: tf.Tensor[], bs: tf.Tensor[]): tf.Tensor2D => {
    const out = be.makeOutput([rows, total], 'float32');
    const heap = heapF32(be);
    const [xo, oo] = [f32Offset(be, xs), f32Offset(be, out)];
    for (let i = 0; i < k; i++) {
      const w = widths[i]!;
      gemm.biasRows(heap, oo + starts[i]!, rows, w, total, heap, f32Offset(be, bs[i]!));
      gemm.gemm(heap, false, false, rows, w, inDim, 1, xo, inDim, f32Offset(be, ws[i]!), w, 1, oo + starts[i]!, total);
    }
    return wrapTensorInfo(out);
  };
  const inputs = [x, ...parts.map((p) => p.weight), ...parts.map((p) => p.bias)];
  if (!ctx.grad) return run(x, inputs.slice(1, 1 + k), inputs.slice(1 + k));
  return customOp<tf.Tensor2D>(inputs, (args, save) => {
    const xs = args[0] as tf.Tensor2D;
    const ws = args.slice(1, 1 + k);
    save([xs, ...ws]);
    return {
      value: run(xs, ws, args.slice(1 + k)),
      gradFunc: (dy, saved) => {
        const [xSaved, ...wSaved] = saved as tf.Tensor2D[];
        const dx = be.makeOutput([rows, inDim], 'float32');
        const dws = widths.map((w) => be.makeOutput([inDim, w], 'float32'));
        const dbs = widths.map((w) => be.makeOutput([w], 'float32'));
        const ones = be.makeOutput([rows], 'float32');
        const heap = heapF32(be);
        heap.fill(1, f32Offset(be, ones), f32Offset(be, ones) + rows);
        const [xo, dyo, dxo, oneo] = [f32Offset(be, xSaved!), f32Offset(be, dy), f32Offset(be, dx), f32Offset(be, ones)];
        for (let i = 0; i < k; i++) {
          const [w, col] = [widths[i]!, dyo + starts[i]!];
          // dx += dy_i W_i^T; dW_i = x^T dy_i; db_i = 1^T dy_i (the column sums as a GEMV).
          gemm.gemm(heap, false, true, rows, inDim, w, 1, col, total, f32Offset(be, wSaved[i]!), w, i === 0 ? 0 : 1, dxo, inDim);
          gemm.gemm(heap, true, false, inDim, w, rows, 1, xo, inDim, col, total, 0, f32Offset(be, dws[i]!), w);
          gemm.gemm(heap, false, false, 1, w, rows, 1, oneo, rows, col, total, 0, f32Offset(be, dbs[i]!), w);
        }
        be.disposeData(ones.dataId);
        return [wrapTensorInfo(dx), ...dws.map((t) => wrapTensorInfo(t)), ...dbs.map((t) => wrapTensorInfo(t))];
      },
    };
  });
}
