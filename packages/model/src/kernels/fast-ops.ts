// Small ops with a SIMD-kernel path on wasm and a tfjs path elsewhere.
import * as tf from '@tensorflow/tfjs-core';
import { getKernelFlags } from './flags.js';
import { simdKernels, type SimdKernels } from './simd/simd-kernels.js';
import { activeWasmBackend, wrapTensorInfo, type WasmBackendInternals } from './wasm-backend.js';

/** The wasm backend and its SIMD kernels, when both are usable and enabled. */
export function activeSimd(): { readonly be: WasmBackendInternals; readonly k: SimdKernels } | null {
  if (!getKernelFlags().simdKernels) return null;
  const be = activeWasmBackend();
  if (be === null) return null;
  const k = simdKernels(be);
  return k === null ? null : { be, k };
}

/** x^T for a 2-D tensor (tfjs-wasm's Transpose costs ~7 ns per element). */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  const s = activeSimd();
  if (s === null) return tf.transpose(x);
  const [rows, cols] = x.shape;
  const out = s.be.makeOutput([cols, rows], 'float32');
  s.k.transpose(x, out, rows, cols);
  return wrapTensorInfo(out);
}

/** Sums of the columns of a 2-D tensor, [cols] (tfjs-wasm's sum over axis 0 transposes first). */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  const [rows, cols] = x.shape;
  const s = activeSimd();
  if (s === null || cols % 4 !== 0) return tf.reshape(tf.matMul(tf.ones([1, rows]), x), [cols]);
  const out = s.be.makeOutput([cols], 'float32');
  s.k.colsum(x, out, rows, cols);
  return wrapTensorInfo(out);
}
