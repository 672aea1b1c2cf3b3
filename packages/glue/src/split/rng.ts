/**
 * Seeded random numbers that are the same on every machine: sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator, from PractRand), state filled by splitmix32 and warmed up for 12 rounds. Only
 * 32-bit integer arithmetic (`Math.imul`, `>>> 0`), so no platform float differences creep in.
 */

/** A seeded source of random numbers. */
export interface Rng {
  /** Next uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Next uniform integer in [0, n), without modulo bias; n in [1, 2^32]. */
  nextInt(n: number): number;
  /** Next uniform float in [0, 1) with 32 random bits. */
  nextFloat(): number;
}

const TWO_32 = 4294967296;

/**
 * Creates the generator for a seed (a non-negative safe integer) and an optional stream label, so
 * that one user seed gives independent streams for independent uses ('validation', 'train-cap').
 */
export function createRng(seed: number, stream = ''): Rng {
  const lo = (seed % TWO_32) >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  let a = splitmix32(lo);
  let b = splitmix32(hi ^ 0x6a09e667);
  let c = splitmix32(fnv1a32(stream));
  let d = 1;

  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextUint32();

  return {
    nextUint32,
    nextInt(n: number): number {
      // Reject the top partial block of 2^32 so every residue is equally likely.
      const limit = TWO_32 - (TWO_32 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
    nextFloat(): number {
      return nextUint32() / TWO_32;
    },
  };
}

/** splitmix32 finaliser of `x + golden ratio` (Steele, Lea & Flood 2014, 32-bit variant). */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
