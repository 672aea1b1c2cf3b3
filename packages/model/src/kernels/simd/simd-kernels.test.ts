// The hand-assembled SIMD kernels against scalar references (sizes with and without a tail).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, useBackend } from '../../../test/helpers.js';
import { createRng } from '../../util/rng.js';
import { activeWasmBackend, type WasmBackendInternals } from '../wasm-backend.js';
import { simdKernels, type SimdKernels } from './simd-kernels.js';
import { assembleModule, sleb, uleb } from './wasm-assembler.js';
import { kernelDefinitions } from './kernel-defs.js';

let be: WasmBackendInternals;
let k: SimdKernels;
const f = Math.fround;

beforeAll(async () => {
  await useBackend('wasm');
  be = activeWasmBackend()!;
  k = simdKernels(be)!;
});

function random(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.nextNormal() * scale);
}

function erf(x: number): number {
  // High-accuracy erf (Numerical Recipes erfc Chebyshev, |error| < 1.2e-7 relative) for reference.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r : r - 1;
}

describe('wasm assembler', () => {
  it('encodes LEB128 and produces a valid module', () => {
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(assembleModule(kernelDefinitions()).subarray(0, 8)).toEqual(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0));
    expect(k).not.toBeNull();
  });
});

describe('SIMD kernels', () => {
  it.each([4096, 4099])('adam matches a float32 scalar loop bit for bit (size %i)', (n) => {
    const p = random(n, 1),
      g = random(n, 2, 0.1),
      m = random(n, 3, 0.01),
      v = Float32Array.from(random(n, 4, 0.01), Math.abs);
    const s = {
      beta1: 0.9,
      beta2: 0.999,
      stepSize: 1e-3 / 0.271,
      bc2Sqrt: Math.sqrt(0.003),
      eps: 1e-8,
      decay: 1 - 1e-5,
      l2: 0.01,
      gradScale: 0.7,
    };
    const expected = { p: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
    for (let i = 0; i < n; i++) {
      const gg = f(f(g[i]! * f(s.gradScale)) + f(f(s.l2) * p[i]!));
      expected.m[i] = f(f(m[i]! * f(s.beta1)) + f(gg * f(1 - s.beta1)));
      expected.v[i] = f(f(v[i]! * f(s.beta2)) + f(f(gg * gg) * f(1 - s.beta2)));
      const denom = f(f(f(Math.sqrt(expected.v[i]!)) / f(s.bc2Sqrt)) + f(s.eps));
      expected.p[i] = f(f(p[i]! * f(s.decay)) - f(f(expected.m[i]! / denom) * f(s.stepSize)));
    }
    tf.tidy(() => {
      const [tp, tg, tm, tv] = [p, g, m, v].map((a) => tf.tensor1d(a));
      const out = tf.zerosLike(tp!);
      k.adam(tp!, out, tg!, tm!, tv!, n, s);
      expect(out.dataSync()).toEqual(expected.p);
      expect(tm!.dataSync()).toEqual(expected.m);
      expect(tv!.dataSync()).toEqual(expected.v);
    });
  });

  it.each([4096, 4098])('gelu and its derivative match the erf formula to 1e-6 (size %i)', (n) => {
    const x = random(n, 5, 4);
    tf.tidy(() => {
      const tx = tf.tensor1d(x);
      const y = tf.zerosLike(tx);
      const d = tf.zerosLike(tx);
      k.gelu(tx, y, d, n);
      const ey = Array.from(x, (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
      const ed = Array.from(x, (v) => 0.5 * (1 + erf(v / Math.SQRT2)) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI));
      expect(maxAbsDiff(y.dataSync(), ey)).toBeLessThan(1e-6 * 16);
      expect(maxAbsDiff(d.dataSync(), ed)).toBeLessThan(1e-6 * 4);
    });
  });

  it('transposes, sums columns and applies scale and bias over strided rows exactly', () => {
    tf.tidy(() => {
      const x = tf.tensor2d(random(37 * 24, 6), [37, 24]);
      const t = tf.zeros([24, 37]);
      k.transpose(x, t, 37, 24);
      expect(t.dataSync()).toEqual(tf.transpose(x).dataSync());
      const cs = tf.zeros([24]);
      k.colsum(x, cs, 37, 24);
      expect(maxAbsDiff(cs.dataSync(), tf.sum(x, 0).dataSync())).toBeLessThan(1e-5);
      const src = tf.tensor2d(random(5 * 11, 7), [5, 11]);
      const dst = tf.zeros([5, 9]);
      const bias = tf.tensor1d(random(8, 8));
      const off = (info: tf.Tensor) => be.getMemoryOffset(info.dataId) / 4;
      // A 5 x 7 block at column 2 of src, into columns 1..7 of dst, times 0.5 plus bias[1..].
      k.raw.affine(off(dst) + 1, 9, off(src) + 2, 11, 5, 7, 0.5, off(bias) + 1);
      const s = src.arraySync() as number[][];
      const b = bias.dataSync();
      const out = dst.arraySync() as number[][];
      for (let r = 0; r < 5; r++) {
        expect(out[r]![0]).toBe(0);
        for (let c = 0; c < 7; c++) expect(out[r]![c + 1]).toBe(f(f(s[r]![c + 2]! * 0.5) + b[c + 1]!));
      }
    });
  });
});
