// Binds the SIMD kernels to the tfjs-wasm heap: the module imports tfjs-wasm's own
// WebAssembly.Memory, so kernels read and write tensors where they live (no copies). Loaded once
// per backend instance; when anything is missing (no SIMD, another tfjs-wasm build), callers fall
// back to tfjs ops.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendInternals } from '../wasm-backend.js';
import { kernelDefinitions } from './kernel-defs.js';
import { assembleModule } from './wasm-assembler.js';

interface Exports {
  adam(...args: number[]): void;
  gelu(x: number, y: number, d: number, n4: number, withGrad: number): void;
  transpose(src: number, srcStride: number, dst: number, rows: number, cols: number): void;
  colsum(src: number, dst: number, rows: number, n4: number): void;
  affine(
    dst: number,
    dstStride: number,
    src: number,
    srcStride: number,
    rows: number,
    n4: number,
    scale: number,
    bias: number,
    withBias: number,
  ): void;
  layerNormForward(
    x: number,
    gamma: number,
    beta: number,
    y: number,
    xhat: number,
    rstd: number,
    rows: number,
    n4: number,
    eps: number,
    save: number,
  ): void;
  layerNormBackward(
    dy: number,
    xhat: number,
    rstd: number,
    gamma: number,
    dx: number,
    dgamma: number,
    dbeta: number,
    rows: number,
    n4: number,
  ): void;
}

/** Scalars of one Adam/AdamW update (see kernel-defs.ts). */
export interface AdamScalars {
  readonly beta1: number;
  readonly beta2: number;
  /** lr / (1 - beta1^t). */
  readonly stepSize: number;
  /** sqrt(1 - beta2^t). */
  readonly bc2Sqrt: number;
  readonly eps: number;
  /** 1 - lr * weightDecay for AdamW, 1 otherwise. */
  readonly decay: number;
  /** Adam's L2 coefficient added to the gradient (0 for AdamW). */
  readonly l2: number;
  /** Clipping coefficient applied to the gradient (1 when not clipping). */
  readonly gradScale: number;
}

/** The kernels, typed, with their tails handled. */
export interface SimdKernels {
  /** pOut = Adam(pIn, g) updating m and v in place; all five are float32 infos of equal size. */
  adam(pIn: TensorInfo, pOut: TensorInfo, g: TensorInfo, m: TensorInfo, v: TensorInfo, size: number, s: AdamScalars): void;
  /** y = gelu(x) and, when d is given, d = gelu'(x). */
  gelu(x: TensorInfo, y: TensorInfo, d: TensorInfo | null, size: number): void;
  /** dst = src^T for a row-major [rows, cols] matrix. */
  transpose(src: TensorInfo, dst: TensorInfo, rows: number, cols: number): void;
  /** dst[c] = sum_r src[r, c] (cols must be a multiple of 4). */
  colsum(src: TensorInfo, dst: TensorInfo, rows: number, cols: number): void;
  /** LayerNorm over rows of width % 4 == 0: y, and xhat and rstd ([rows]) when given. */
  layerNormForward(
    x: TensorInfo,
    gamma: TensorInfo,
    beta: TensorInfo,
    y: TensorInfo,
    saved: { xhat: TensorInfo; rstd: TensorInfo } | null,
    rows: number,
    width: number,
    eps: number,
  ): void;
  /** LayerNorm's backward pass: dx, and dgamma and dbeta ([width]). */
  layerNormBackward(
    dy: TensorInfo,
    xhat: TensorInfo,
    rstd: TensorInfo,
    gamma: TensorInfo,
    dx: TensorInfo,
    dgamma: TensorInfo,
    dbeta: TensorInfo,
    rows: number,
    width: number,
  ): void;
  /** Raw entry points on float element offsets into HEAPF32 (for kernels composing strided views). */
  readonly raw: {
    /** adam() on element offsets into HEAPF32 (pIn may equal pOut for an in-place update). */
    adam(pIn: number, pOut: number, g: number, m: number, v: number, size: number, s: AdamScalars): void;
    /** dst (contiguous [cols, rows]) = transpose of the rows x cols block at src with row stride srcStride. */
    transpose(src: number, srcStride: number, dst: number, rows: number, cols: number): void;
    /** dst[r, c] = src[r, c] * scale (+ bias[c]) over rows x cols, all in elements; bias < 0 for none. */
    affine(dst: number, dstStride: number, src: number, srcStride: number, rows: number, cols: number, scale: number, bias: number): void;
  };
}

/** The WebAssembly JS API (the package's TypeScript lib has no DOM/WebAssembly declarations). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
  readonly Memory: abstract new (...args: never[]) => object;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const loaded = new WeakMap<object, SimdKernels | null>();
let moduleCache: object | null = null;

/** The kernels bound to this backend's heap, or null when they cannot run here. */
export function simdKernels(be: WasmBackendInternals): SimdKernels | null {
  if (loaded.has(be)) return loaded.get(be)!;
  let kernels: SimdKernels | null = null;
  try {
    const memory = (be.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
    if (wasmApi !== undefined && memory instanceof wasmApi.Memory) {
      moduleCache ??= new wasmApi.Module(assembleModule(kernelDefinitions()));
      const instance = new wasmApi.Instance(moduleCache, { env: { memory } });
      kernels = bind(be, instance.exports as unknown as Exports);
    }
  } catch {
    kernels = null;
  }
  loaded.set(be, kernels);
  return kernels;
}

function bind(be: WasmBackendInternals, k: Exports): SimdKernels {
  const ptr = (t: TensorInfo) => be.getMemoryOffset(t.dataId);
  const heap = () => be.wasm.HEAPF32;
  const f = Math.fround;
  const adamAt = (pi: number, po: number, gi: number, mi: number, vi: number, size: number, s: AdamScalars): void => {
    const n4 = size >>> 2;
    k.adam(
      pi * 4,
      po * 4,
      gi * 4,
      mi * 4,
      vi * 4,
      n4,
      s.beta1,
      1 - s.beta1,
      s.beta2,
      1 - s.beta2,
      s.stepSize,
      s.bc2Sqrt,
      s.eps,
      s.decay,
      s.l2,
      s.gradScale,
    );
    if (n4 * 4 !== size) adamTail(pi, po, gi, mi, vi, n4 * 4, size, s);
  };
  const adamTail = (pi: number, po: number, gi: number, mi: number, vi: number, from: number, size: number, s: AdamScalars): void => {
    // The same float32 arithmetic for the last size % 4 entries.
    const h = heap();
    const [b1, c1, b2, c2] = [f(s.beta1), f(1 - s.beta1), f(s.beta2), f(1 - s.beta2)];
    for (let i = from; i < size; i++) {
      const p = h[pi + i]!;
      const gg = f(f(h[gi + i]! * f(s.gradScale)) + f(f(s.l2) * p));
      const mm = f(f(h[mi + i]! * b1) + f(gg * c1));
      const vv = f(f(h[vi + i]! * b2) + f(f(gg * gg) * c2));
      h[mi + i] = mm;
      h[vi + i] = vv;
      const denom = f(f(f(Math.sqrt(vv)) / f(s.bc2Sqrt)) + f(s.eps));
      h[po + i] = f(f(p * f(s.decay)) - f(f(mm / denom) * f(s.stepSize)));
    }
  };
  return {
    adam(pIn, pOut, g, m, v, size, s) {
      adamAt(ptr(pIn) / 4, ptr(pOut) / 4, ptr(g) / 4, ptr(m) / 4, ptr(v) / 4, size, s);
    },
    gelu(x, y, d, size) {
      const n4 = size >>> 2;
      k.gelu(ptr(x), ptr(y), d === null ? 0 : ptr(d), n4, d === null ? 0 : 1);
      if (n4 * 4 === size) return;
      const h = heap();
      const xi = ptr(x) / 4;
      const yi = ptr(y) / 4;
      const di = d === null ? -1 : ptr(d) / 4;
      for (let i = n4 * 4; i < size; i++) {
        const xv = h[xi + i]!;
        const phi = 0.5 * (1 + erf(xv / Math.SQRT2));
        h[yi + i] = xv * phi;
        if (di >= 0) h[di + i] = phi + (xv * Math.exp(-0.5 * xv * xv)) / Math.sqrt(2 * Math.PI);
      }
    },
    transpose(src, dst, rows, cols) {
      k.transpose(ptr(src), cols, ptr(dst), rows, cols);
    },
    colsum(src, dst, rows, cols) {
      if (cols % 4 !== 0) throw new RangeError(`colsum needs a multiple of 4 columns, got ${cols}`);
      k.colsum(ptr(src), ptr(dst), rows, cols / 4);
    },
    layerNormForward(x, gamma, beta, y, saved, rows, width, eps) {
      if (width % 4 !== 0) throw new RangeError(`layerNorm kernel needs a width multiple of 4, got ${width}`);
      const save = saved === null ? 0 : 1;
      k.layerNormForward(
        ptr(x),
        ptr(gamma),
        ptr(beta),
        ptr(y),
        saved === null ? 0 : ptr(saved.xhat),
        saved === null ? 0 : ptr(saved.rstd),
        rows,
        width / 4,
        eps,
        save,
      );
    },
    layerNormBackward(dy, xhat, rstd, gamma, dx, dgamma, dbeta, rows, width) {
      if (width % 4 !== 0) throw new RangeError(`layerNorm kernel needs a width multiple of 4, got ${width}`);
      k.layerNormBackward(ptr(dy), ptr(xhat), ptr(rstd), ptr(gamma), ptr(dx), ptr(dgamma), ptr(dbeta), rows, width / 4);
    },
    raw: {
      adam: adamAt,
      transpose(src, srcStride, dst, rows, cols) {
        k.transpose(src * 4, srcStride, dst * 4, rows, cols);
      },
      affine(dst, dstStride, src, srcStride, rows, cols, scale, bias) {
        const n4 = cols >>> 2;
        k.affine(dst * 4, dstStride, src * 4, srcStride, rows, n4, scale, bias < 0 ? 0 : bias * 4, bias < 0 ? 0 : 1);
        if (n4 * 4 === cols) return;
        const h = heap();
        const f = Math.fround;
        for (let r = 0; r < rows; r++) {
          for (let c = n4 * 4; c < cols; c++) {
            const v = f(h[src + r * srcStride + c]! * f(scale));
            h[dst + r * dstStride + c] = bias < 0 ? v : f(v + h[bias + c]!);
          }
        }
      },
    },
  };
}

/** erf by Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7), for the scalar tail. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
