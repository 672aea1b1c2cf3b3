// tfjs-wasm's BatchMatMul and _FusedMatMul kernels, replaced by ones that call the native GEMM
// when it is loaded and the `nativeGemm` flag is on, and defer to the originals otherwise (other
// dtypes, activations, broadcasting the native path does not cover). Transpose flags go to BLAS as
// they are: no explicit transpose is needed on this path.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { getKernelFlags } from './flags.js';
import { loadedNativeGemm, type NativeGemmAddon } from './native-gemm.js';
import { activeWasmBackend, f32Offset, heapF32, type WasmBackendInternals } from './wasm-backend.js';

type Args = { inputs: Record<string, TensorInfo | undefined>; backend: unknown; attrs: Record<string, unknown> };

/** The addon when matrix products should take the native path right now, else null. */
export function activeNativeGemm(): { readonly gemm: NativeGemmAddon; readonly be: WasmBackendInternals } | null {
  if (!getKernelFlags().nativeGemm) return null;
  const gemm = loadedNativeGemm();
  if (gemm === null) return null;
  const be = activeWasmBackend();
  return be === null ? null : { gemm, be };
}

interface Plan {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly count: number;
  readonly aStep: number;
  readonly bStep: number;
  readonly outShape: number[];
}

/** How to run a (batched) matMul as `count` GEMMs, or null when the native path does not cover it. */
function plan(a: TensorInfo, b: TensorInfo, transA: boolean, transB: boolean): Plan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kb = transB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (k !== kb) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = outerA.reduce((p, d) => p * d, 1);
  const batchB = outerB.reduce((p, d) => p * d, 1);
  // Equal batch shapes, or one side a single matrix: the cases BERT uses. Anything else
  // (true broadcasting between batch dims) goes to the original kernel.
  let outer: number[];
  if (batchA === batchB && (outerA.length === outerB.length ? outerA.every((d, i) => d === outerB[i]) : batchA === 1)) {
    outer = outerA.length >= outerB.length ? outerA : outerB;
  } else if (batchB === 1) {
    outer = outerA.length >= outerB.length ? outerA : [...new Array<number>(outerB.length - outerA.length).fill(1), ...outerA];
  } else if (batchA === 1) {
    outer = outerB.length >= outerA.length ? outerB : [...new Array<number>(outerA.length - outerB.length).fill(1), ...outerB];
  } else {
    return null;
  }
  const count = Math.max(batchA, batchB);
  return {
    m,
    n,
    k,
    count,
    aStep: batchA === 1 ? 0 : m * k,
    bStep: batchB === 1 ? 0 : k * n,
    outShape: [...outer, m, n],
  };
}

/**
 * out = op(a) @ op(b) (+ bias row) with the native GEMM. A batch against one matrix with `a` not
 * transposed is one tall GEMM; other batches are one call over per-matrix offsets.
 */
function nativeProduct(
  gemm: NativeGemmAddon,
  be: WasmBackendInternals,
  a: TensorInfo,
  b: TensorInfo,
  transA: boolean,
  transB: boolean,
  p: Plan,
  bias: TensorInfo | undefined,
): TensorInfo {
  const out = be.makeOutput(p.outShape, 'float32');
  const heap = heapF32(be); // after makeOutput: a growing heap replaces the buffer
  const ao = f32Offset(be, a);
  const bo = f32Offset(be, b);
  const co = f32Offset(be, out);
  const lda = transA ? p.m : p.k;
  const ldb = transB ? p.k : p.n;
  if (p.m === 0 || p.n === 0 || p.count === 0) return out;
  const tall = p.bStep === 0 && !transA && (p.aStep !== 0 || p.count === 1);
  const rows = tall ? p.count * p.m : p.m;
  let beta = 0;
  if (bias !== undefined) {
    const biasOff = f32Offset(be, bias);
    if (tall) gemm.biasRows(heap, co, rows, p.n, p.n, heap, biasOff);
    else for (let i = 0; i < p.count; i++) gemm.biasRows(heap, co + i * p.m * p.n, p.m, p.n, p.n, heap, biasOff);
    beta = 1;
  }
  if (tall) {
    gemm.gemm(heap, false, transB, rows, p.n, p.k, 1, ao, lda, bo, ldb, beta, co, p.n);
    return out;
  }
  if (beta !== 0) {
    for (let i = 0; i < p.count; i++) {
      gemm.gemm(heap, transA, transB, p.m, p.n, p.k, 1, ao + i * p.aStep, lda, bo + i * p.bStep, ldb, 1, co + i * p.m * p.n, p.n);
    }
    return out;
  }
  const aOffs = new Int32Array(p.count);
  const bOffs = new Int32Array(p.count);
  const cOffs = new Int32Array(p.count);
  for (let i = 0; i < p.count; i++) {
    aOffs[i] = ao + i * p.aStep;
    bOffs[i] = bo + i * p.bStep;
    cOffs[i] = co + i * p.m * p.n;
  }
  gemm.gemmBatch(heap, transA, transB, p.m, p.n, p.k, 1, aOffs, lda, bOffs, ldb, cOffs, p.n, null, null);
  return out;
}

let installed = false;

/**
 * Puts the native-aware BatchMatMul and _FusedMatMul in front of tfjs-wasm's own (once; the
 * originals stay reachable as the fallback). Call after the wasm backend is initialised.
 */
export function installNativeKernels(): void {
  if (installed) return;
  const batch = tf.getKernel('BatchMatMul', 'wasm');
  const fused = tf.getKernel('_FusedMatMul', 'wasm');
  if (batch === undefined || fused === undefined) return;
  const batchOriginal = batch.kernelFunc;
  const fusedOriginal = fused.kernelFunc;
  const batchFunc = (args: Args): TensorInfo => {
    const native = activeNativeGemm();
    const { a, b } = args.inputs;
    const transA = args.attrs['transposeA'] === true;
    const transB = args.attrs['transposeB'] === true;
    const p = native === null || a === undefined || b === undefined ? null : plan(a, b, transA, transB);
    if (p === null || native === null) return batchOriginal(args as Parameters<KernelFunc>[0]) as TensorInfo;
    return nativeProduct(native.gemm, native.be, a!, b!, transA, transB, p, undefined);
  };
  const fusedFunc = (args: Args): TensorInfo => {
    const native = activeNativeGemm();
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const activation = args.attrs['activation'];
    const transA = args.attrs['transposeA'] === true;
    const transB = args.attrs['transposeB'] === true;
    const simple = (activation === undefined || activation === 'linear') && preluActivationWeights === undefined;
    const p = native === null || !simple || a === undefined || b === undefined ? null : plan(a, b, transA, transB);
    const biasOk = bias === undefined || (bias.dtype === 'float32' && bias.shape.reduce((x, d) => x * d, 1) === p?.n);
    if (p === null || native === null || !biasOk) return fusedOriginal(args as Parameters<KernelFunc>[0]) as TensorInfo;
    return nativeProduct(native.gemm, native.be, a!, b!, transA, transB, p, bias);
  };
  replaceKernel(batch, batchFunc);
  replaceKernel(fused, fusedFunc);
  installed = true;
}

function replaceKernel(original: KernelConfig, kernelFunc: (args: Args) => TensorInfo): void {
  tf.unregisterKernel(original.kernelName, original.backendName);
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as unknown as KernelFunc });
}
