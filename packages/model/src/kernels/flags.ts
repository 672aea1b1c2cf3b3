// Switches for the hand-written fast paths, so that a benchmark can measure each one against the
// plain TensorFlow.js formulation and tests can compare the two. All on by default.

/** Which fast paths are enabled. */
export interface KernelFlags {
  /** Custom gradients for linear layers (explicit transposes, bias gradient as a matMul). */
  readonly fastLinear: boolean;
  /** GELU from cheap elementwise ops with a custom gradient instead of tf.erf and autodiff. */
  readonly fastGelu: boolean;
  /** LayerNorm with a hand-written backward pass. */
  readonly fastLayerNorm: boolean;
  /** Attention as per-(sequence, head) XNNPACK matMuls on wasm instead of batched matMul. */
  readonly fastAttention: boolean;
  /** Embedding row gathers read straight from the wasm heap. */
  readonly fastGather: boolean;
  /** Softmax cross-entropy with a custom gradient (no logSoftmax). */
  readonly fastCrossEntropy: boolean;
  /**
   * When only pooled outputs are needed (task heads), compute the last layer for the first token
   * of each sequence only (keys and values still from every token): same loss and gradients.
   */
  readonly pruneLastLayer: boolean;
  /** The package's own WebAssembly SIMD kernels (Adam, GELU, transpose, column sums) on wasm. */
  readonly simdKernels: boolean;
  /** Matrix products through the native OpenBLAS addon on wasm, where it was loaded (see native-gemm.ts). */
  readonly nativeGemm: boolean;
}

const DEFAULT_FLAGS: KernelFlags = {
  fastLinear: true,
  fastGelu: true,
  fastLayerNorm: true,
  fastAttention: true,
  fastGather: true,
  fastCrossEntropy: true,
  pruneLastLayer: true,
  simdKernels: true,
  nativeGemm: true,
};

let current: KernelFlags = DEFAULT_FLAGS;

/** The fast paths currently enabled. */
export function getKernelFlags(): KernelFlags {
  return current;
}

/** Enables or disables fast paths (for benchmarks and tests); returns the previous flags. */
export function setKernelFlags(flags: Partial<KernelFlags>): KernelFlags {
  const previous = current;
  current = { ...current, ...flags };
  return previous;
}

/** All fast paths off: the plain TensorFlow.js formulation (autodiff everywhere). */
export const PLAIN_KERNEL_FLAGS: KernelFlags = {
  fastLinear: false,
  fastGelu: false,
  fastLayerNorm: false,
  fastAttention: false,
  fastGather: false,
  fastCrossEntropy: false,
  pruneLastLayer: false,
  simdKernels: false,
  nativeGemm: false,
};
