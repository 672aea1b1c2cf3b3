// The native GEMM path: OpenBLAS sgemm through a small Node addon (native/gemm.c) that multiplies in
// place on the wasm heap. tfjs-wasm's XNNPACK GEMM is 128-bit SIMD without FMA; OpenBLAS uses AVX2
// FMA, which is what left our forward pass 3-4x behind PyTorch. The addon also runs the softmax
// gradient, the embedding-gradient scatter and Adam (whose moments it keeps outside the heap, the
// one thing that lives there on purpose); everything else stays in wasm, and no tensor is copied.
//
// Determinism: OpenBLAS picks its kernels by CPU at load time; we pin the core type (Haswell: AVX2 +
// FMA, present on every x86-64-v3 machine) before loading, so a run gives the same bits on any such
// machine for a given thread count. `LRDIST_GEMM_CORE` overrides the pin (e.g. SkylakeX), and
// `LRDIST_GEMM_THREADS` the thread count (default 1: the bench runs one worker per core), and
// `LRDIST_GEMM_ADDON` where the addon is (default native/build/lrdist_gemm.node in this package).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BackendUnavailableError, InvalidOptionsError } from '../errors.js';

/** The addon's functions (see native/gemm.c). Offsets and leading dimensions count floats. */
export interface NativeGemmAddon {
  gemm(
    heap: Float32Array,
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    aOff: number,
    lda: number,
    bOff: number,
    ldb: number,
    beta: number,
    cOff: number,
    ldc: number,
  ): void;
  gemmBatch(
    heap: Float32Array,
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    aOffs: Int32Array,
    lda: number,
    bOffs: Int32Array,
    ldb: number,
    cOffs: Int32Array,
    ldc: number,
    bias: Float32Array | null,
    biasOffs: Int32Array | null,
  ): void;
  biasRows(heap: Float32Array, cOff: number, rows: number, cols: number, ldc: number, bias: Float32Array, biasOff: number): void;
  scatterAddRows(heap: Float32Array, outOff: number, numRows: number, width: number, srcOff: number, ids: Int32Array): void;
  adam(
    heap: Float32Array,
    pOff: number,
    pOutOff: number,
    gOff: number,
    m: Float32Array,
    v: Float32Array,
    momentOff: number,
    n: number,
    ...scalars: readonly [number, number, number, number, number, number, number, number, number, number]
  ): void;
  softmaxGrad(heap: Float32Array, pOff: number, dOff: number, maskOff: number, outOff: number, rows: number, cols: number): void;
  setThreads(threads: number): void;
  /** Opens OpenBLAS (once per process) with a core type and thread count; null or the dlopen error. */
  load(library: string, core: string, threads: number): string | null;
  describe(): { core: string; config: string; threads: number };
}

/** Which GEMM a run uses: `auto` takes the native one where it loads. */
export type GemmChoice = 'auto' | 'native' | 'wasm';

/** The GEMM path in use, for the backend line. */
export interface GemmInfo {
  readonly path: 'native' | 'wasm';
  /** e.g. "OpenBLAS 0.3.21, Haswell kernels, 1 thread" or "XNNPACK (wasm SIMD)". */
  readonly description: string;
  /** Why the native path is not in use (unset when it is). */
  readonly fallbackReason?: string;
}

/** Where the build script puts the addon, relative to this file in src/ or dist/. */
export const NATIVE_GEMM_ADDON = fileURLToPath(new URL('../../native/build/lrdist_gemm.node', import.meta.url));

/** The OpenBLAS the addon opens (Debian's libopenblas0-pthread, or any OpenBLAS by that soname). */
export const OPENBLAS_LIBRARY = 'libopenblas.so.0';

/** The default OpenBLAS core type: the one every AVX2 + FMA machine runs identically. */
export const DEFAULT_GEMM_CORE = 'Haswell';

let addon: NativeGemmAddon | null = null;
let loadError: string | undefined;
let info: GemmInfo = { path: 'wasm', description: 'XNNPACK (wasm SIMD)', fallbackReason: 'not initialised' };

/** Parses `$LRDIST_GEMM`. */
export function parseGemmChoice(value: string | undefined): GemmChoice {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'auto') return 'auto';
  if (v === 'native' || v === 'openblas') return 'native';
  if (v === 'wasm' || v === 'xnnpack') return 'wasm';
  throw new InvalidOptionsError(`\`LRDIST_GEMM\` must be auto, native or wasm, got "${value}"`);
}

function parseThreads(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  const t = Number(value);
  if (!Number.isInteger(t) || t < 1 || t > 256) {
    throw new InvalidOptionsError(`\`LRDIST_GEMM_THREADS\` must be an integer in [1, 256], got "${value}"`);
  }
  return t;
}

function loadAddon(env: Readonly<Record<string, string | undefined>>, threads: number): NativeGemmAddon | string {
  if (addon !== null) return addon;
  if (loadError !== undefined) return loadError;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    loadError = `the native GEMM is built for Linux x64 only (this is ${process.platform} ${process.arch})`;
    return loadError;
  }
  const path = env['LRDIST_GEMM_ADDON'] || NATIVE_GEMM_ADDON;
  if (!existsSync(path)) {
    loadError = `the addon is not built (${path} is missing; ./scripts/setup builds it where a C compiler and OpenBLAS exist)`;
    return loadError;
  }
  let loaded: NativeGemmAddon;
  try {
    loaded = createRequire(import.meta.url)(path) as NativeGemmAddon;
  } catch (cause) {
    const text = cause instanceof Error ? cause.message : String(cause);
    loadError = `loading ${path} failed: ${text.split('\n')[0] ?? text}`;
    return loadError;
  }
  // The addon opens OpenBLAS itself, after setting its core type and thread count with C's setenv
  // (a worker thread's process.env never reaches the C environment).
  const failure = loaded.load(OPENBLAS_LIBRARY, env['LRDIST_GEMM_CORE'] || DEFAULT_GEMM_CORE, threads);
  if (failure !== null) {
    loadError = `opening ${OPENBLAS_LIBRARY} failed (apt-get install libopenblas0-pthread): ${failure}`;
    return loadError;
  }
  addon = loaded;
  return addon;
}

/**
 * Chooses the GEMM path from `$LRDIST_GEMM` (auto, native, wasm) and `$LRDIST_GEMM_THREADS`.
 * `native` that cannot load throws; `auto` falls back to XNNPACK and says why in the result.
 */
export function initGemm(env: Readonly<Record<string, string | undefined>> = process.env): GemmInfo {
  const choice = parseGemmChoice(env['LRDIST_GEMM']);
  const threads = parseThreads(env['LRDIST_GEMM_THREADS']);
  if (choice === 'wasm') {
    info = { path: 'wasm', description: 'XNNPACK (wasm SIMD), as LRDIST_GEMM=wasm asks' };
    return info;
  }
  const loaded = loadAddon(env, threads);
  if (typeof loaded === 'string') {
    if (choice === 'native') {
      throw new BackendUnavailableError('wasm', `\`LRDIST_GEMM=native\` but ${loaded}`);
    }
    info = { path: 'wasm', description: 'XNNPACK (wasm SIMD)', fallbackReason: loaded };
    return info;
  }
  loaded.setThreads(threads);
  const d = loaded.describe();
  const version = /OpenBLAS ([\d.]+)/.exec(d.config)?.[1] ?? '?';
  info = {
    path: 'native',
    description: `OpenBLAS ${version} native, ${d.core} kernels, ${d.threads} thread${d.threads === 1 ? '' : 's'}`,
  };
  return info;
}

/** The GEMM path chosen by the last {@link initGemm}. */
export function gemmInfo(): GemmInfo {
  return info;
}

/** The addon when the native path was chosen, else null (the kernel flag is checked by callers). */
export function loadedNativeGemm(): NativeGemmAddon | null {
  return info.path === 'native' ? addon : null;
}
