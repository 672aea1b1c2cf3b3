// Access to the wasm backend's heap. TensorFlow.js 4.22's wasm backend copies a whole input to
// slice it, takes a slow scalar loop for every batched or transposed matMul, and has no fused
// kernels for what BERT needs; reading and writing the heap directly lets us avoid those paths.
// Only the public methods of BackendWasm (makeOutput, getMemoryOffset, disposeData) and the
// exported heap views are used; the package pins tfjs 4.22.0.
import * as tf from '@tensorflow/tfjs-core';
import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's BackendWasm this package relies on. */
export interface WasmBackendInternals {
  readonly wasm: { readonly HEAPF32: Float32Array; readonly HEAP32: Int32Array };
  getMemoryOffset(dataId: DataId): number;
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  disposeData(dataId: DataId, force?: boolean): boolean;
  refCount(dataId: DataId): number;
}

/** The active backend when it is wasm (and looks like tfjs 4.22's), else null. */
export function activeWasmBackend(): WasmBackendInternals | null {
  if (tf.getBackend() !== 'wasm') return null;
  const be = tf.backend() as unknown as Partial<WasmBackendInternals>;
  if (typeof be.makeOutput !== 'function' || typeof be.getMemoryOffset !== 'function' || be.wasm === undefined) {
    return null;
  }
  return be as WasmBackendInternals;
}

/** Element offset of a float32 tensor in HEAPF32. */
export function f32Offset(be: WasmBackendInternals, info: TensorInfo): number {
  return be.getMemoryOffset(info.dataId) / 4;
}

/** The current HEAPF32 (re-read after every allocation: a growing heap replaces the buffer). */
export function heapF32(be: WasmBackendInternals): Float32Array {
  return be.wasm.HEAPF32;
}

/** Wraps a backend tensor info as an engine tensor tracked by the current tidy scope. */
export function wrapTensorInfo<R extends tf.Rank>(info: TensorInfo): tf.Tensor<R> {
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}

type KernelFn = (args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: Record<string, unknown> }) => TensorInfo;

let matMulKernel: KernelFn | null = null;

/** Runs tfjs-wasm's BatchMatMul on two [1, M, K] x [1, K, N] infos (its XNNPACK fully-connected path). */
export function xnnMatMul(be: WasmBackendInternals, a: TensorInfo, b: TensorInfo): TensorInfo {
  if (matMulKernel === null) {
    const config = tf.getKernel('BatchMatMul', 'wasm');
    if (config === undefined) throw new Error('the wasm backend has no BatchMatMul kernel');
    matMulKernel = config.kernelFunc as unknown as KernelFn;
  }
  return matMulKernel({ inputs: { a, b }, backend: be, attrs: { transposeA: false, transposeB: false } });
}
