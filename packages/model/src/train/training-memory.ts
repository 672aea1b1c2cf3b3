// How much memory one fine-tuning process needs for a model and a batch shape on the wasm backend:
// the weights, their gradients, AdamW's two moments, the kernels' workspace and the activations kept
// for the backward pass. The constants of each GEMM path are fitted to the wasm heap after the
// third training step (it never shrinks, and grows at most 96 MB past a request), measured on the
// 2-core reference machine at commit 5788844 (tfjs 4.22):
//   native (OpenBLAS addon): bert-base 2.48 / 3.27 GB at batch 4 / 8 x 128 tokens;
//                            mini 0.18 / 0.45 / 0.86 GB at batch 8 / 32 / 64 x 128.
//   wasm (XNNPACK):          bert-base 4.04 GB at batch 2 x 128 (batch 4 aborts);
//                            mini 0.26 / 0.64 / 1.28 GB at batch 8 / 32 / 64 x 128.
// The kernels are still changing: re-measure (heap after step 3, two batch sizes) when they do.
import type { BertConfig } from '../bert/config.js';
import { encoderVariableSpecs } from '../bert/variable-specs.js';
import { InvalidOptionsError } from '../errors.js';

/**
 * The wasm backend's hard heap limit: 65,535 pages of 64 KiB, the most a 32-bit wasm memory can
 * grow to. A training step that needs more aborts the worker.
 */
export const WASM_HEAP_LIMIT_BYTES = 4_294_901_760;

/** The wasm heap before any tensor exists (tfjs-backend-wasm 4.22's initial memory). */
const BASE_HEAP_BYTES = 16 * 2 ** 20;

/** What one GEMM path keeps on the heap besides weights, gradients and activations. */
interface PathCalibration {
  /** Whether AdamW's moments are tensors on the heap (else Float32Arrays beside it). */
  readonly momentsOnHeap: boolean;
  /** Heap copies of every trained parameter beyond weights, gradients and moments (fresh update buffers, allocator slack). */
  readonly workspacePerTrained: number;
  /** Heap copies of every dense weight (XNNPACK's packed weights, transposes for the backward pass). */
  readonly workspacePerDense: number;
  /**
   * Activations per token and layer are this x (13 H + 2 I + 4 heads x L) floats. The bracket counts
   * what the backward pass keeps (Q, K, V, contexts, projections, residuals, LayerNorm outputs and
   * dropout masks: ~13 H; the FFN input and GELU output: 2 I; attention scores, probabilities, their
   * mask and the dropped probabilities: 4 per key); the factor covers gradients alive at the same time.
   */
  readonly activationScale: number;
}

const CALIBRATION = {
  // bert-base: 3.82 copies of the parameters at no tokens, 1.54 MB per token (mini: 3.58, 1.57 x).
  native: { momentsOnHeap: false, workspacePerTrained: 1.8, workspacePerDense: 0, activationScale: 1.45 },
  // mini: 5.5 copies and 2.0-2.3 x; bert-base's 4.04 GB at batch 2 then puts 3.66 copies on each dense weight.
  wasm: { momentsOnHeap: true, workspacePerTrained: 1.05, workspacePerDense: 3.66, activationScale: 2 },
} as const satisfies Record<'native' | 'wasm', PathCalibration>;

/** Options of {@link estimateTrainingMemory}. */
export interface TrainingMemoryOptions {
  readonly config: BertConfig;
  /** Examples per step. */
  readonly batchSize: number;
  /** Tokens of the longest padded batch (the run's maximum sequence length, special tokens included). */
  readonly seqLength: number;
  /** Outputs of the trained head. Default 2. */
  readonly numLabels?: number;
  /** Whether the model also holds an MLM head (held, not trained). Default false. */
  readonly mlmHead?: boolean;
  /**
   * The GEMM path (`BackendInfo.gemm.path`): `native` (the OpenBLAS addon, which keeps AdamW's
   * moments off the heap) or `wasm` (XNNPACK, which packs a copy of every dense weight). Default `native`.
   */
  readonly gemm?: 'native' | 'wasm';
}

/** Bytes one training process needs, by part (every figure in bytes except the counts). */
export interface TrainingMemoryEstimate {
  /** Parameters held: encoder, pooler, the head, and the MLM head when present. */
  readonly parameters: number;
  /** Parameters trained (everything but the MLM head). */
  readonly trainedParameters: number;
  readonly weightBytes: number;
  readonly gradientBytes: number;
  /** AdamW's first and second moments. */
  readonly optimizerBytes: number;
  /** Whether the moments are on the wasm heap (the `wasm` GEMM path) or beside it (`native`). */
  readonly optimizerOnHeap: boolean;
  /** Update buffers, packed weights and allocator slack. */
  readonly workspaceBytes: number;
  /** Activations and activation gradients of one step at the given shape. */
  readonly activationBytes: number;
  /** What the wasm heap grows to (the heap it starts with included): compare with WASM_HEAP_LIMIT_BYTES. */
  readonly heapBytes: number;
  /** The heap plus what lives beside it (the moments on the native path). */
  readonly totalBytes: number;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Estimates the peak memory of fine-tuning `config` with AdamW at `batchSize` x `seqLength` tokens
 * on the wasm backend: within about 10% of the heaps measured for bert-base and `mini` (see the file
 * header), better near the heap limit. Other backends allocate differently, so take it as a rough
 * figure there. Evaluation (forward only, no gradients) needs less than training at the same tokens.
 */
export function estimateTrainingMemory(options: TrainingMemoryOptions): TrainingMemoryEstimate {
  const { config, batchSize, seqLength } = options;
  const numLabels = options.numLabels ?? 2;
  for (const [field, value] of [
    ['batchSize', batchSize],
    ['seqLength', seqLength],
    ['numLabels', numLabels],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidOptionsError(`\`${field}\` must be a positive integer, got ${value}`);
  }
  const path: PathCalibration = CALIBRATION[options.gemm ?? 'native'];
  const h = config.hiddenSize;
  const specs = encoderVariableSpecs(config);
  const trainedParameters = specs.reduce((n, s) => n + size(s.shape), 0) + h * numLabels + numLabels;
  const denseWeights = specs.filter((s) => s.transposedInCheckpoint).reduce((n, s) => n + size(s.shape), 0);
  // The MLM head's own variables (its decoder is tied to the word embeddings).
  const parameters = trainedParameters + (options.mlmHead === true ? h * h + 3 * h + config.vocabSize : 0);
  const perTokenLayer = path.activationScale * (13 * h + 2 * config.intermediateSize + 4 * config.numHeads * seqLength);
  const weightBytes = 4 * parameters;
  const gradientBytes = 4 * trainedParameters;
  const optimizerBytes = 8 * trainedParameters;
  const workspaceBytes = Math.round(4 * (path.workspacePerTrained * trainedParameters + path.workspacePerDense * denseWeights));
  const activationBytes = Math.round(4 * batchSize * seqLength * config.numLayers * perTokenLayer);
  const heapBytes =
    BASE_HEAP_BYTES + weightBytes + gradientBytes + workspaceBytes + activationBytes + (path.momentsOnHeap ? optimizerBytes : 0);
  return {
    parameters,
    trainedParameters,
    weightBytes,
    gradientBytes,
    optimizerBytes,
    optimizerOnHeap: path.momentsOnHeap,
    workspaceBytes,
    activationBytes,
    heapBytes,
    totalBytes: heapBytes + (path.momentsOnHeap ? 0 : optimizerBytes),
  };
}
