// Embedding lookup with a custom gradient: tf.gather's own gradient needs UnsortedSegmentSum,
// which tfjs-wasm does not implement. The gradient is a dense [vocab, width] tensor built by
// scatterND (which sums rows of repeated ids), so the optimiser sees what PyTorch's dense
// nn.Embedding gradient holds.
import * as tf from '@tensorflow/tfjs-core';
import { getKernelFlags } from '../kernels/flags.js';
import { wasmGatherRows } from '../kernels/gather-rows.js';
import { activeNativeGemm } from '../kernels/native-kernels.js';
import { activeWasmBackend, f32Offset, heapF32, wrapTensorInfo } from '../kernels/wasm-backend.js';
import { customOp } from './custom-op.js';
import type { ForwardContext } from './forward-context.js';

/** table[ids] as [ids.length, width]; ids must already lie in [0, table rows). */
export function embeddingLookup(table: tf.Tensor2D, ids: Int32Array, ctx: ForwardContext): tf.Tensor2D {
  const needsCustomGrad = ctx.grad && (getKernelFlags().fastGather || tf.getBackend() === 'wasm');
  if (!needsCustomGrad) return gather(table, ids);
  const rows = table.shape[0];
  return customOp<tf.Tensor2D>([table], ([t]) => ({
    value: gather(t as tf.Tensor2D, ids),
    gradFunc: (dy) => [scatterRows(dy, ids, rows)],
  }));
}

/** Sums the rows of `rows` into a zero [numRows, width] tensor at `ids` (repeated ids add up). */
export function scatterRows(rows: tf.Tensor2D, ids: Int32Array, numRows: number): tf.Tensor2D {
  const native = activeNativeGemm();
  if (native !== null) {
    // tfjs-wasm's ScatterNd takes ~200 ms for bert-base's 30,522 x 768 table; a memset and the
    // row sums take a few ms.
    const { be, gemm } = native;
    const out = be.makeOutput([numRows, rows.shape[1]], 'float32');
    gemm.scatterAddRows(heapF32(be), f32Offset(be, out), numRows, rows.shape[1], f32Offset(be, rows), ids);
    return wrapTensorInfo(out);
  }
  return tf.tidy(() => {
    const indices = tf.tensor2d(ids, [ids.length, 1], 'int32');
    return tf.scatterND(indices, rows, [numRows, rows.shape[1]]) as tf.Tensor2D;
  });
}

function gather(table: tf.Tensor2D, ids: Int32Array): tf.Tensor2D {
  const be = getKernelFlags().fastGather ? activeWasmBackend() : null;
  if (be !== null) return wasmGatherRows(be, table, ids);
  return tf.tidy(() => tf.gather(table, tf.tensor1d(ids, 'int32')) as tf.Tensor2D);
}
