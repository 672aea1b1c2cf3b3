// xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018) and
// the splitmix32 expansion that seeds it. @lrdist/model and @lrdist/search build their generators
// on these two functions; what they build differs on purpose (seed folding, 24- or 53-bit floats,
// cached normals), because each package's streams are part of its reproducibility.

/** A splitmix32 sequence from a 32-bit seed: nearby seeds give unrelated words (to fill a state). */
export function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** One xoshiro128** step: advances the four-word state in place and returns the next 32-bit output. */
export function xoshiro128ss(s: Uint32Array): number {
  const s0 = s[0]!;
  const s1 = s[1]!;
  const m = Math.imul(s1, 5) >>> 0;
  const result = Math.imul(((m << 7) | (m >>> 25)) >>> 0, 9) >>> 0;
  const t = (s1 << 9) >>> 0;
  const n2 = (s[2]! ^ s0) >>> 0;
  const n3 = (s[3]! ^ s1) >>> 0;
  s[0] = (s0 ^ n3) >>> 0;
  s[1] = (s1 ^ n2) >>> 0;
  s[2] = (n2 ^ t) >>> 0;
  s[3] = ((n3 << 11) | (n3 >>> 21)) >>> 0;
  return result;
}
