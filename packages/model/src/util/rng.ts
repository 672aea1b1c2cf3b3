// The model's generator: xoshiro128** seeded through splitmix32 (both from @lrdist/core), with
// 24-bit floats (exact in float32) and the seed's high bits folded in.
import { splitmix32, xoshiro128ss } from '@lrdist/core';
import { InvalidOptionsError } from '../errors.js';

/** The four 32-bit words of a generator's state: what a checkpoint stores to resume the stream. */
export type RngState = readonly [number, number, number, number];

/** A seeded, serialisable pseudo-random generator; every random choice in the package draws from one. */
export interface Rng {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniform float in [0, 1) with 24 random bits (exactly representable as float32). */
  nextFloat(): number;
  /** A uniform integer in [0, n), unbiased. */
  nextInt(n: number): number;
  /** A standard normal variate (Box-Muller; two uniforms per call). */
  nextNormal(): number;
  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** A new generator seeded from this one's next outputs (advances this stream by four draws). */
  fork(): Rng;
  /** A copy of the current state. */
  getState(): RngState;
  /** Restores a state returned by `getState`. */
  setState(state: RngState): void;
}

/** Creates a generator from an integer seed (any safe integer; the same seed gives the same stream). */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidOptionsError(`\`seed\` must be a safe integer, got ${seed}`);
  }
  // Fold the high bits in so that seeds differing above bit 32 still differ.
  const hi = Math.floor(seed / 2 ** 32);
  const next = splitmix32((seed >>> 0) ^ Math.imul(hi >>> 0, 0x27d4eb2f));
  return rngFromState([next(), next(), next(), next()]);
}

/** Recreates a generator from a saved state. */
export function rngFromState(state: RngState): Rng {
  const s = new Uint32Array(4);
  const load = (st: RngState): void => {
    if (st.length !== 4 || st.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new InvalidOptionsError(`RNG state must be four 32-bit unsigned integers, got [${st.join(', ')}]`);
    }
    s.set(st);
    // An all-zero state is a fixed point of xoshiro; nudge it to a valid one.
    if (s[0] === 0 && s[1] === 0 && s[2] === 0 && s[3] === 0) s[0] = 1;
  };
  load(state);

  const nextUint32 = (): number => xoshiro128ss(s);
  const nextFloat = (): number => (nextUint32() >>> 8) / 16777216;

  const rng: Rng = {
    nextUint32,
    nextFloat,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
        throw new InvalidOptionsError(`\`n\` must be an integer in [1, 2^32], got ${n}`);
      }
      // Rejection sampling on the top of the 32-bit range keeps every residue equally likely.
      const limit = 0x100000000 - (0x100000000 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
    nextNormal(): number {
      const u1 = (nextUint32() + 1) / 4294967297;
      const u2 = nextFloat();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        const tmp = items[i] as T;
        items[i] = items[j] as T;
        items[j] = tmp;
      }
      return items;
    },
    fork(): Rng {
      return rngFromState([nextUint32(), nextUint32(), nextUint32(), nextUint32()]);
    },
    getState(): RngState {
      return [s[0]!, s[1]!, s[2]!, s[3]!];
    },
    setState(state: RngState): void {
      load(state);
    },
  };
  return rng;
}
