/**
 * Seeded randomness for the whole library (no `Math.random` anywhere in src/).
 *
 * xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018) on 32-bit
 * integers: fast in JavaScript, 2^128 - 1 period, and its state is four numbers that serialise cleanly.
 * Seeds are expanded with splitmix32 so that nearby seeds give unrelated streams. Both come from
 * @lrdist/core; the 53-bit uniforms and the cached second normal are this library's own.
 */
import { splitmix32, xoshiro128ss } from '@lrdist/core';

/** A seeded pseudo-random generator. */
export interface Rng {
  /** Uniform in [0, 1), 53 bits of precision. */
  uniform(): number;
  /** Uniform 32-bit unsigned integer. */
  uint32(): number;
  /** Uniform integer in [low, high] (both inclusive). */
  int(low: number, high: number): number;
  /** Standard normal draw (Box-Muller, both halves used). */
  normal(): number;
  /** The generator's state, to resume it with {@link restoreRng}. */
  state(): RngState;
}

/** Serialisable state of an {@link Rng}. */
export interface RngState {
  readonly s: readonly [number, number, number, number];
  readonly spareNormal: number | null;
}

/** Creates a generator from a 32-bit seed (other numbers are reduced with {@link deriveSeed}). */
export function createRng(seed: number): Rng {
  const expand = splitmix32(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed : deriveSeed(seed));
  const s: [number, number, number, number] = [expand(), expand(), expand(), expand()];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return fromState({ s, spareNormal: null });
}

/** Recreates a generator exactly where {@link Rng.state} left it. */
export function restoreRng(state: RngState): Rng {
  return fromState(state);
}

function fromState(initial: RngState): Rng {
  const s = Uint32Array.from(initial.s);
  let spare: number | null = initial.spareNormal;
  const uint32 = (): number => xoshiro128ss(s);
  const uniform = (): number => ((uint32() >>> 5) * 67108864 + (uint32() >>> 6)) / 9007199254740992;
  return {
    uint32,
    uniform,
    int(low: number, high: number): number {
      return low + Math.floor(uniform() * (high - low + 1));
    },
    normal(): number {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * uniform();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    state: () => ({ s: [s[0]!, s[1]!, s[2]!, s[3]!], spareNormal: spare }),
  };
}

/**
 * Mixes any number of parts (seed, trial number, parameter name...) into one 32-bit seed, so that a
 * sampler can give every (trial, parameter) its own reproducible stream (FNV-1a over the parts' text,
 * then a murmur3 finaliser).
 */
export function deriveSeed(...parts: ReadonlyArray<number | string | bigint>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${typeof part}:${String(part)}|`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
