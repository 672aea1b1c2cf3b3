// The native GEMM path against tfjs-wasm's own kernels and a float64 reference, its bounds checks,
// and the fallback line when the addon is missing. Where the addon was built (./scripts/setup) the
// native path must be in use; under CI it must have been built.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstBitDifference, maxAbsDiff, TINY_CONFIG, useBackend } from '../../test/helpers.js';
import { createBertModel } from '../bert/bert-model.js';
import { createOptimizer } from '../train/optimizer.js';
import { createRng } from '../util/rng.js';
import { setKernelFlags } from './flags.js';
import { gemmInfo, loadedNativeGemm, NATIVE_GEMM_ADDON, parseGemmChoice } from './native-gemm.js';
import { activeNativeGemm } from './native-kernels.js';
import { denseBatchView, headBatchView, stridedBatchMatMul } from './strided-batch-matmul.js';
import { activeWasmBackend, f32Offset, heapF32, wrapTensorInfo } from './wasm-backend.js';

const built = existsSync(NATIVE_GEMM_ADDON);

beforeAll(async () => {
  await useBackend('wasm');
});

function random(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.nextNormal()),
    shape,
  );
}

/** Runs `f` on the native path and on XNNPACK; returns both results. */
function bothPaths(f: () => tf.Tensor): [Float32Array, Float32Array] {
  const read = (): Float32Array => {
    const t = tf.tidy(f);
    const data = t.dataSync() as Float32Array;
    t.dispose();
    return data;
  };
  const native = read();
  const previous = setKernelFlags({ nativeGemm: false });
  try {
    return [native, read()];
  } finally {
    setKernelFlags(previous);
  }
}

describe('the native GEMM path', () => {
  it('is built and in use where ./scripts/setup ran (always under CI)', () => {
    if (process.env['CI'] !== undefined) expect(built).toBe(true);
    if (!built) return;
    expect(gemmInfo()).toMatchObject({ path: 'native' });
    expect(gemmInfo().description).toMatch(/^OpenBLAS [\d.]+ native, Haswell kernels, 1 thread$/);
    expect(activeNativeGemm()).not.toBeNull();
  });

  it.runIf(built).each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matMul transposeA=%s transposeB=%s agrees with XNNPACK (2-D, batched, one side shared) to 1e-5', (ta, tb) => {
    const cases: [number[], number[]][] = [
      [ta ? [37, 19] : [19, 37], tb ? [23, 37] : [37, 23]],
      [ta ? [3, 37, 19] : [3, 19, 37], tb ? [3, 23, 37] : [3, 37, 23]],
      [ta ? [2, 3, 37, 19] : [2, 3, 19, 37], tb ? [23, 37] : [37, 23]],
      [ta ? [37, 19] : [19, 37], tb ? [4, 23, 37] : [4, 37, 23]],
    ];
    for (const [sa, sb] of cases) {
      const a = random(sa, 1);
      const b = random(sb, 2);
      const [native, wasm] = bothPaths(() => tf.matMul(a, b, ta, tb));
      expect(native.length).toBe(wasm.length);
      expect(maxAbsDiff(native, wasm)).toBeLessThan(1e-5);
      tf.dispose([a, b]);
    }
  });

  it.runIf(built)('fused matMul with a bias row matches matMul + add to 1e-5, and disposes what it makes', () => {
    const a = random([50, 30], 3);
    const b = random([30, 20], 4);
    const bias = random([20], 5);
    const before = tf.memory().numTensors;
    const [native, wasm] = bothPaths(() => tf.add(tf.matMul(a, b), bias));
    const [fused] = bothPaths(() => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias }));
    expect(maxAbsDiff(fused, wasm)).toBeLessThan(1e-5);
    expect(maxAbsDiff(native, wasm)).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b, bias]);
  });

  it.runIf(built)('is bit-identical from call to call (deterministic for a thread count)', () => {
    const a = random([64, 96], 6);
    const b = random([96, 80], 7);
    const [x] = bothPaths(() => tf.matMul(a, b));
    const [y] = bothPaths(() => tf.matMul(a, b));
    expect(Buffer.from(x.buffer).equals(Buffer.from(y.buffer))).toBe(true);
    tf.dispose([a, b]);
  });

  it.runIf(built)('runs strided attention products in place, with scale and mask bias, as the XNNPACK path does', () => {
    const be = activeWasmBackend()!;
    const [batch, seq, heads, headDim] = [2, 5, 3, 4];
    const width = 3 * heads * headDim;
    const qkv = random([batch * seq, width], 8) as tf.Tensor2D;
    const mask = Float32Array.from({ length: batch * seq }, (_, i) => (i % seq === seq - 1 ? -1e9 : 0));
    const run = (): Float32Array => {
      const out = be.makeOutput([batch * heads, seq, seq], 'float32');
      const layout = { batch, seq, heads, headDim, width };
      stridedBatchMatMul(
        be,
        headBatchView(qkv, layout, 0),
        headBatchView(qkv, layout, heads * headDim),
        denseBatchView(out, batch * heads, seq, seq),
        {
          transposeB: true,
          scale: 0.5,
          rowBias: { values: mask, offsetOf: (i) => Math.floor(i / heads) * seq },
        },
      );
      const t = wrapTensorInfo(out);
      const data = t.dataSync() as Float32Array;
      t.dispose();
      return data;
    };
    const native = run();
    const previous = setKernelFlags({ nativeGemm: false });
    const wasm = run();
    setKernelFlags(previous);
    expect(maxAbsDiff(native, wasm)).toBeLessThan(1e-5);
    expect(native[seq - 1]).toBeLessThan(-1e8);
    qkv.dispose();
  });

  it.runIf(built)('refuses an operand outside the heap with a RangeError instead of touching memory', () => {
    const gemm = loadedNativeGemm()!;
    const be = activeWasmBackend()!;
    const heap = heapF32(be);
    const t = tf.zeros([4, 4]);
    const off = f32Offset(be, t);
    expect(() => gemm.gemm(heap, false, false, 4, 4, 4, 1, off, 4, off, 4, 0, heap.length - 3, 4)).toThrow(RangeError);
    expect(() => gemm.gemm(heap, false, false, 4, 4, 4, 1, -1, 4, off, 4, 0, off, 4)).toThrow(/outside the heap/);
    expect(() => gemm.gemm(heap, false, false, 4, 4, 4, 1, off, 2, off, 4, 0, off, 4)).toThrow(RangeError);
    t.dispose();
  });

  it.runIf(built)('keeps Adam moments off the wasm heap and updates weights bit for bit as the wasm SIMD Adam does', () => {
    const run = (nativeGemm: boolean): { weights: Float32Array[]; tensors: number } => {
      const previous = setKernelFlags({ nativeGemm });
      try {
        const model = createBertModel({ config: TINY_CONFIG, seed: 3 });
        const optimizer = createOptimizer({
          model,
          kind: 'adamw',
          weightDecay: 0.1,
          lr: { embeddings: 1e-2, 'layer_0-1': 3e-3, head: 1e-3 },
        });
        const before = tf.memory().numTensors;
        for (const seed of [1, 2]) {
          tf.tidy(() => {
            optimizer.apply(new Map([...model.variables].map(([n, v], i) => [n, random([...v.shape], seed * 100 + i)])));
          });
        }
        const tensors = tf.memory().numTensors - before;
        const weights = [...model.variables.values()].map((v) => v.dataSync() as Float32Array);
        optimizer.dispose();
        model.dispose();
        return { weights, tensors };
      } finally {
        setKernelFlags(previous);
      }
    };
    const native = run(true);
    const wasm = run(false);
    expect(native.tensors).toBe(0);
    expect(wasm.tensors).toBeGreaterThan(0);
    native.weights.forEach((w, i) => expect(firstBitDifference(w, wasm.weights[i]!)).toBe(-1));
  });

  it('parses LRDIST_GEMM and names what it accepts', () => {
    expect(parseGemmChoice(undefined)).toBe('auto');
    expect(parseGemmChoice(' Native ')).toBe('native');
    expect(parseGemmChoice('xnnpack')).toBe('wasm');
    expect(() => parseGemmChoice('blas')).toThrow(/`LRDIST_GEMM` must be auto, native or wasm, got "blas"/);
  });

  it('falls back to XNNPACK with one line saying why when the addon is missing, and refuses LRDIST_GEMM=native', () => {
    const script = fileURLToPath(new URL('../../test/print-backend.ts', import.meta.url));
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--import', 'tsx', script], { cwd, env, encoding: 'utf8' });
    const env = { ...process.env, LRDIST_GEMM_ADDON: '/nonexistent/lrdist_gemm.node' };
    const auto = run(env);
    expect(auto.status).toBe(0);
    expect(auto.stdout.trim()).toMatch(
      /^wasm \(XNNPACK, SIMD, 1 thread\); GEMM: XNNPACK \(wasm SIMD\) \(native GEMM unavailable: the addon is not built \(\/nonexistent\/lrdist_gemm\.node is missing; \.\/scripts\/setup builds it/,
    );
    const forced = run({ ...env, LRDIST_GEMM: 'native' });
    expect(forced.status).toBe(2);
    expect(forced.stderr.trim()).toMatch(/^`LRDIST_GEMM=native` but the addon is not built/);
  }, 60_000);

  it.runIf(built)(
    'pins the OpenBLAS core type it is given, and XNNPACK stays one variable away',
    () => {
      const script = fileURLToPath(new URL('../../test/print-backend.ts', import.meta.url));
      const cwd = fileURLToPath(new URL('../..', import.meta.url));
      const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--import', 'tsx', script], { cwd, env, encoding: 'utf8' });
      const pinned = run({ ...process.env, LRDIST_GEMM_CORE: 'Sandybridge', LRDIST_GEMM_THREADS: '2' });
      expect(pinned.stdout.trim()).toMatch(/; GEMM: OpenBLAS [\d.]+ native, Sandybridge kernels, 2 threads$/);
      const wasm = run({ ...process.env, LRDIST_GEMM: 'wasm' });
      expect(wasm.stdout.trim()).toMatch(/; GEMM: XNNPACK \(wasm SIMD\), as LRDIST_GEMM=wasm asks$/);
    },
    60_000,
  );
});
